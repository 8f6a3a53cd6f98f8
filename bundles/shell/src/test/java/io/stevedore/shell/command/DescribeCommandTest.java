package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ResourceTypes;
import java.util.List;
import org.junit.jupiter.api.Test;

class DescribeCommandTest {

    private final FakeRegistry registry = new FakeRegistry();

    private DescribeCommand command(String kind, String... names) {
        DescribeCommand c = new DescribeCommand();
        c.registry = registry;
        c.kind = kind;
        c.names = names.length == 0 ? null : List.of(names);
        return c;
    }

    @Test
    void describesNameLabelsAnnotationsThenFields() throws Exception {
        registry.seed(ResourceTypes.SERVICES, """
                {"metadata":{"name":"web","labels":{"app":"web","tier":"front"},
                  "annotations":{"kubectl.kubernetes.io/last-applied-configuration":"{}","note":"hi"}},
                 "spec":{"clusterIP":"10.96.0.10","ports":[{"port":80,"protocol":"TCP"}],"selector":{"app":"web"}}}""");
        assertThat(Outputs.capture(command("svc", "web")::execute)).isEqualTo("""
                Name:         web
                Namespace:    default
                Labels:       app=web
                              tier=front
                Annotations:  note: hi
                API Version:  v1
                Kind:         Service
                Metadata:
                  Creation Timestamp:  2026-11-25T12:00:00Z
                  Resource Version:    101
                  UID:                 uid-101
                Spec:
                  Cluster IP:  10.96.0.10
                  Ports:
                    Port:      80
                    Protocol:  TCP
                  Selector:
                    App:  web
                """);
    }

    @Test
    void missingObjectIsNotFound() {
        assertThatThrownBy(() -> Outputs.capture(command("pods", "x")::execute))
                .hasMessage("Error from server (NotFound): pods \"x\" not found");
    }
}
