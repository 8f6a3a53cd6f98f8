package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ResourceTypes;
import io.stevedore.shell.internal.CommandError;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GetCommandTest {

    private final FakeRegistry registry = new FakeRegistry();
    private GetCommand get;

    @BeforeEach
    void seed() {
        registry.seed(ResourceTypes.PODS, """
                {"metadata":{"name":"web-1","labels":{"app":"web"}},"status":{"phase":"Running","podIP":"10.0.0.5"}}""");
        registry.seed(ResourceTypes.PODS, """
                {"metadata":{"name":"db-0","labels":{"app":"db"}},"status":{"phase":"Pending"}}""");
        registry.seed(ResourceTypes.PODS, """
                {"metadata":{"name":"dns-0","namespace":"kube-system"},"status":{"phase":"Running","podIP":"10.0.0.9"}}""");
        get = command("pods");
    }

    private GetCommand command(String kind, String... names) {
        GetCommand c = new GetCommand();
        c.registry = registry;
        c.kind = kind;
        c.names = names.length == 0 ? null : List.of(names);
        Instant now = Instant.parse(FakeRegistry.CREATED).plus(Duration.ofDays(3).plusHours(4));
        c.clock = Clock.fixed(now, ZoneOffset.UTC);
        return c;
    }

    private String run(GetCommand c) throws Exception {
        return Outputs.capture(c::execute);
    }

    @Test
    void printsKubectlColumnsWithAges() throws Exception {
        assertThat(run(get)).isEqualTo("""
                NAME    STATUS    AGE
                db-0    Pending   3d4h
                web-1   Running   3d4h
                """);
    }

    @Test
    void wideAddsPriorityOneColumns() throws Exception {
        get.output = "wide";
        assertThat(run(get)).isEqualTo("""
                NAME    STATUS    AGE    IP
                db-0    Pending   3d4h   <none>
                web-1   Running   3d4h   10.0.0.5
                """);
    }

    @Test
    void allNamespacesAddsNamespaceColumn() throws Exception {
        get.allNamespaces = true;
        assertThat(run(get)).isEqualTo("""
                NAMESPACE     NAME    STATUS    AGE
                default       db-0    Pending   3d4h
                default       web-1   Running   3d4h
                kube-system   dns-0   Running   3d4h
                """);
    }

    @Test
    void namespaceOption() throws Exception {
        get.namespace = "kube-system";
        assertThat(run(get)).isEqualTo("""
                NAME    STATUS    AGE
                dns-0   Running   3d4h
                """);
    }

    @Test
    void showLabelsAndSelector() throws Exception {
        get.showLabels = true;
        get.selector = "app=web";
        assertThat(run(get)).isEqualTo("""
                NAME    STATUS    AGE    LABELS
                web-1   Running   3d4h   app=web
                """);
    }

    @Test
    void fieldSelectorIsPassedToTheRegistry() throws Exception {
        get.fieldSelector = "metadata.name=db-0";
        assertThat(run(get)).contains("db-0").doesNotContain("web-1");
    }

    @Test
    void outputName() throws Exception {
        get.output = "name";
        assertThat(run(get)).isEqualTo("pod/db-0\npod/web-1\n");
    }

    @Test
    void namesByKindAndShortName() throws Exception {
        assertThat(run(command("po", "web-1"))).isEqualTo("""
                NAME    STATUS    AGE
                web-1   Running   3d4h
                """);
    }

    @Test
    void severalKindsPrintOneTableEachWithKindPrefixedNames() throws Exception {
        registry.seed(ResourceTypes.CONFIGMAPS, """
                {"metadata":{"name":"settings"},"data":{"a":"1"}}""");
        assertThat(run(command("pods,cm"))).isEqualTo("""
                NAME        STATUS    AGE
                pod/db-0    Pending   3d4h
                pod/web-1   Running   3d4h

                NAME                 STATUS   AGE
                configmap/settings            3d4h
                """);
    }

    @Test
    void yamlOfOneObjectIsTheObjectWithSortedKeys() throws Exception {
        GetCommand c = command("pod", "web-1");
        c.output = "yaml";
        assertThat(run(c)).isEqualTo("""
                apiVersion: v1
                kind: Pod
                metadata:
                  creationTimestamp: "2026-11-25T12:00:00Z"
                  labels:
                    app: web
                  name: web-1
                  namespace: default
                  resourceVersion: "101"
                  uid: uid-101
                status:
                  phase: Running
                  podIP: 10.0.0.5
                """);
    }

    @Test
    void yamlOfAListIsAKubectlList() throws Exception {
        get.output = "yaml";
        get.selector = "app=db";
        assertThat(run(get)).isEqualTo("""
                apiVersion: v1
                items:
                - apiVersion: v1
                  kind: Pod
                  metadata:
                    creationTimestamp: "2026-11-25T12:00:00Z"
                    labels:
                      app: db
                    name: db-0
                    namespace: default
                    resourceVersion: "102"
                    uid: uid-102
                  status:
                    phase: Pending
                kind: List
                metadata:
                  resourceVersion: ""
                """);
    }

    @Test
    void jsonIsIndentedLikeKubectl() throws Exception {
        GetCommand c = command("pods", "db-0");
        c.output = "json";
        assertThat(run(c)).isEqualTo("""
                {
                    "apiVersion": "v1",
                    "kind": "Pod",
                    "metadata": {
                        "creationTimestamp": "2026-11-25T12:00:00Z",
                        "labels": {
                            "app": "db"
                        },
                        "name": "db-0",
                        "namespace": "default",
                        "resourceVersion": "102",
                        "uid": "uid-102"
                    },
                    "status": {
                        "phase": "Pending"
                    }
                }
                """);
    }

    @Test
    void emptyListSaysNoResourcesFound() throws Exception {
        get.namespace = "empty";
        assertThat(run(get)).isEqualTo("No resources found in empty namespace.\n");
        GetCommand nodes = command("nodes");
        assertThat(run(nodes)).isEqualTo("No resources found\n");
    }

    @Test
    void missingNamesAreServerErrorsAfterTheFoundOnes() {
        GetCommand c = command("pods", "web-1", "nope");
        Outputs o = new Outputs();
        assertThatThrownBy(() -> c.execute(o.out))
                .isInstanceOf(CommandError.class)
                .hasMessage("Error from server (NotFound): pods \"nope\" not found");
        assertThat(o.text()).contains("web-1").doesNotContain("nope");
    }

    @Test
    void unknownKindIsAClientError() {
        assertThatThrownBy(() -> run(command("foos")))
                .hasMessage("error: the server doesn't have a resource type \"foos\"");
    }

    @Test
    void unknownOutputFormatIsRejected() {
        get.output = "xml";
        assertThatThrownBy(() -> run(get)).hasMessageStartingWith("error: unable to match a printer");
    }

    @Test
    void namesWithSelectorAreRejected() {
        GetCommand c = command("pods", "web-1");
        c.selector = "app=web";
        assertThatThrownBy(() -> run(c)).hasMessage("error: name cannot be provided when a selector is specified");
    }

    @Test
    void kindSlashNameForm() throws Exception {
        GetCommand c = command("pod/db-0");
        c.output = "name";
        assertThat(run(c)).isEqualTo("pod/db-0\n");
    }

    @Test
    void flagsTypedAfterTheArgumentsWorkAsKubectlUsersTypeThem() throws Exception {
        GetCommand c = command("pods", "-n", "kube-system", "-o", "wide");
        assertThat(run(c)).isEqualTo("""
                NAME    STATUS    AGE    IP
                dns-0   Running   3d4h   10.0.0.9
                """);
        GetCommand all = command("po", "-A", "-l", "app=db", "-oname");
        assertThat(run(all)).isEqualTo("pod/db-0\n");
    }
}
