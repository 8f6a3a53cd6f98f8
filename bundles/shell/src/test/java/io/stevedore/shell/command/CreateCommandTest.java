package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ResourceTypes;
import org.junit.jupiter.api.Test;

class CreateCommandTest {

    private final FakeRegistry registry = new FakeRegistry();

    private CreateCommand command(String what, String name) {
        CreateCommand c = new CreateCommand();
        c.registry = registry;
        c.what = what;
        c.name = name;
        return c;
    }

    @Test
    void createsANamespace() throws Exception {
        assertThat(Outputs.capture(command("namespace", "shop")::execute)).isEqualTo("namespace/shop created\n");
        assertThat(registry.stored(ResourceTypes.NAMESPACES, null, "shop").path("kind").asString())
                .isEqualTo("Namespace");
    }

    @Test
    void existingNamespaceIsAlreadyExists() throws Exception {
        Outputs.capture(command("ns", "shop")::execute);
        assertThatThrownBy(() -> Outputs.capture(command("ns", "shop")::execute))
                .hasMessage("Error from server (AlreadyExists): namespaces \"shop\" already exists");
    }

    @Test
    void otherKindsAreRejected() {
        assertThatThrownBy(() -> Outputs.capture(command("pod", "x")::execute)).hasMessageStartingWith("error:");
        assertThat(registry.writes).isEmpty();
    }
}
