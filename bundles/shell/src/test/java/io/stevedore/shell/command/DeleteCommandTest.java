package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ResourceTypes;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class DeleteCommandTest {

    private final FakeRegistry registry = new FakeRegistry();

    @BeforeEach
    void seed() {
        registry.seed(ResourceTypes.PODS, "{\"metadata\":{\"name\":\"a\"}}");
        registry.seed(ResourceTypes.PODS, "{\"metadata\":{\"name\":\"b\"}}");
        registry.seed(ResourceTypes.PODS, "{\"metadata\":{\"name\":\"c\",\"namespace\":\"other\"}}");
        registry.seed(ResourceTypes.DEPLOYMENTS, "{\"metadata\":{\"name\":\"web\"}}");
    }

    private DeleteCommand command(String kind, String... names) {
        DeleteCommand c = new DeleteCommand();
        c.registry = registry;
        c.kind = kind;
        c.names = names.length == 0 ? null : List.of(names);
        return c;
    }

    @Test
    void deletesByName() throws Exception {
        assertThat(Outputs.capture(command("pods", "a", "b")::execute)).isEqualTo("""
                pod "a" deleted
                pod "b" deleted
                """);
        assertThat(registry.writes).containsExactly("delete pods/default/a", "delete pods/default/b");
    }

    @Test
    void groupedKindsAreQualified() throws Exception {
        assertThat(Outputs.capture(command("deploy", "web")::execute)).isEqualTo("deployment.apps \"web\" deleted\n");
    }

    @Test
    void allDeletesEveryObjectInTheNamespaceOnly() throws Exception {
        DeleteCommand c = command("po");
        c.all = true;
        c.namespace = "other";
        assertThat(Outputs.capture(c::execute)).isEqualTo("pod \"c\" deleted\n");
        assertThat(registry.stored(ResourceTypes.PODS, "default", "a")).isNotNull();
        DeleteCommand again = command("po");
        again.all = true;
        again.namespace = "other";
        assertThat(Outputs.capture(again::execute)).isEqualTo("No resources found\n");
    }

    @Test
    void missingObjectIsNotFoundAfterDeletingTheOthers() {
        Outputs o = new Outputs();
        assertThatThrownBy(() -> command("pods", "x", "a").execute(o.out))
                .hasMessage("Error from server (NotFound): pods \"x\" not found");
        assertThat(o.text()).isEqualTo("pod \"a\" deleted\n");
    }

    @Test
    void noNameAndNoAllIsAnError() {
        assertThatThrownBy(() -> Outputs.capture(command("pods")::execute))
                .hasMessage("error: resource(s) were provided, but no name was specified");
    }
}
