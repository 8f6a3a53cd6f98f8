package io.stevedore.shell.command.completers;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceTypes;
import io.stevedore.shell.command.FakeRegistry;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.console.CommandLine;
import org.junit.jupiter.api.Test;

class CompletersTest {

    /** A command line whose cursor is at the end of its last word. */
    private static CommandLine line(String... words) {
        String last = words[words.length - 1];
        String buffer = String.join(" ", words);
        return new CommandLine() {
            public int getCursorArgumentIndex() { return words.length - 1; }
            public String getCursorArgument() { return last; }
            public int getArgumentPosition() { return last.length(); }
            public String[] getArguments() { return words; }
            public int getBufferPosition() { return buffer.length(); }
            public String getBuffer() { return buffer; }
        };
    }

    private static List<String> complete(org.apache.karaf.shell.api.console.Completer c, String... words) {
        List<String> candidates = new ArrayList<>();
        c.complete(null, line(words), candidates);
        return candidates.stream().map(String::trim).toList();
    }

    @Test
    void kindsByEveryNameAndAfterAComma() {
        assertThat(KindCompleter.kindNames()).contains("pods", "pod", "po", "deploy", "deployments", "all");
        assertThat(complete(new KindCompleter(), "kube:get", "dep")).containsExactly("deploy", "deployment",
                "deployments");
        assertThat(complete(new KindCompleter(), "kube:get", "pods,sv")).containsExactly("pods,svc");
    }

    @Test
    void namespacesAreListedLive() {
        FakeRegistry registry = new FakeRegistry();
        registry.seed(ResourceTypes.NAMESPACES, "{\"metadata\":{\"name\":\"default\"}}");
        registry.seed(ResourceTypes.NAMESPACES, "{\"metadata\":{\"name\":\"kube-system\"}}");
        NamespaceCompleter c = new NamespaceCompleter();
        c.registry = registry;
        assertThat(complete(c, "kube:get", "pods", "-n", "kube")).containsExactly("kube-system");
    }

    @Test
    void namesOfTheKindTypedBeforeInTheNamespaceGiven() {
        FakeRegistry registry = new FakeRegistry();
        registry.seed(ResourceTypes.PODS, "{\"metadata\":{\"name\":\"web-1\"}}");
        registry.seed(ResourceTypes.PODS, "{\"metadata\":{\"name\":\"web-2\",\"namespace\":\"shop\"}}");
        registry.seed(ResourceTypes.SERVICES, "{\"metadata\":{\"name\":\"web-svc\"}}");
        NameCompleter c = new NameCompleter();
        c.registry = registry;
        assertThat(complete(c, "kube:get", "pods", "we")).containsExactly("web-1");
        assertThat(complete(c, "kube:get", "-n", "shop", "po", "we")).containsExactly("web-2");
        assertThat(complete(c, "kube:describe", "svc", "-o", "yaml", "w")).containsExactly("web-svc");
    }

    @Test
    void namesWithoutAKindAcceptWhatWasTyped() {
        NameCompleter c = new NameCompleter();
        c.registry = new FakeRegistry();
        assertThat(complete(c, "web-1")).containsExactly("web-1");
    }

    @Test
    void flagValuesAfterArgumentsAreCompletedByTheNameCompleter() {
        FakeRegistry registry = new FakeRegistry();
        registry.seed(ResourceTypes.NAMESPACES, "{\"metadata\":{\"name\":\"kube-system\"}}");
        NameCompleter c = new NameCompleter();
        c.registry = registry;
        assertThat(complete(c, "kube:get", "pods", "-n", "ku")).containsExactly("kube-system");
        assertThat(complete(c, "kube:get", "pods", "-o", "y")).containsExactly("yaml");
    }
}
