package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ResourceTypes;
import io.stevedore.shell.internal.Applier;
import io.stevedore.shell.internal.CommandError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.node.ObjectNode;

class ApplyCommandTest {

    @TempDir
    Path dir;

    private final FakeRegistry registry = new FakeRegistry();

    private String apply(String namespace, Path... files) throws Exception {
        ApplyCommand c = new ApplyCommand();
        c.registry = registry;
        c.namespace = namespace;
        c.files = java.util.Arrays.stream(files).map(Path::toString).toList();
        return Outputs.capture(c::execute);
    }

    private Path write(String name, String yaml) throws Exception {
        return Files.writeString(dir.resolve(name), yaml);
    }

    private static final String CONFIG = """
            apiVersion: v1
            kind: ConfigMap
            metadata:
              name: settings
              labels:
                app: web
                tier: front
            data:
              mode: fast
            """;

    @Test
    void createsThenLeavesUnchangedThenConfigures() throws Exception {
        Path f = write("cm.yaml", CONFIG);
        assertThat(apply(null, f)).isEqualTo("configmap/settings created\n");
        ObjectNode stored = registry.stored(ResourceTypes.CONFIGMAPS, "default", "settings");
        assertThat(stored.path("metadata").path("annotations").path(Applier.LAST_APPLIED).asString())
                .as("byte for byte what kubectl apply records, so each tool sees the other's apply as unchanged")
                .isEqualTo("{\"apiVersion\":\"v1\",\"data\":{\"mode\":\"fast\"},\"kind\":\"ConfigMap\","
                        + "\"metadata\":{\"annotations\":{},\"labels\":{\"app\":\"web\",\"tier\":\"front\"},"
                        + "\"name\":\"settings\",\"namespace\":\"default\"}}\n");

        assertThat(apply(null, f)).isEqualTo("configmap/settings unchanged\n");
        assertThat(registry.writes).containsExactly("create configmaps/default/settings");

        write("cm.yaml", CONFIG.replace("fast", "slow"));
        assertThat(apply(null, f)).isEqualTo("configmap/settings configured\n");
        assertThat(registry.writes).containsExactly("create configmaps/default/settings",
                "update configmaps/default/settings");
        stored = registry.stored(ResourceTypes.CONFIGMAPS, "default", "settings");
        assertThat(stored.path("data").path("mode").asString()).isEqualTo("slow");
        assertThat(stored.path("metadata").path("uid").asString()).isEqualTo("uid-101");
    }

    @Test
    void fieldsDroppedFromTheManifestAreRemovedButOthersKept() throws Exception {
        Path f = write("cm.yaml", CONFIG);
        apply(null, f);
        ObjectNode live = registry.stored(ResourceTypes.CONFIGMAPS, "default", "settings");
        ((ObjectNode) live.path("metadata").path("labels")).put("added-by-someone", "else");

        write("cm.yaml", CONFIG.replace("    tier: front\n", ""));
        assertThat(apply(null, f)).isEqualTo("configmap/settings configured\n");
        ObjectNode labels = (ObjectNode) registry.stored(ResourceTypes.CONFIGMAPS, "default", "settings")
                .path("metadata").path("labels");
        assertThat(labels.propertyNames()).containsExactlyInAnyOrder("app", "added-by-someone");
    }

    @Test
    void multiDocumentFilesAndListsAndDirectories() throws Exception {
        write("a.yaml", """
                apiVersion: v1
                kind: Namespace
                metadata:
                  name: shop
                ---
                ---
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: shop
                spec:
                  replicas: 2
                """);
        write("b.json", """
                {"apiVersion":"v1","kind":"List","items":[
                  {"apiVersion":"v1","kind":"Service","metadata":{"name":"web"},"spec":{"ports":[{"port":80}]}}]}
                """);
        write("notes.txt", "not a manifest");
        assertThat(apply("shop", dir)).isEqualTo("""
                namespace/shop created
                deployment.apps/web created
                service/web created
                """);
        assertThat(registry.stored(ResourceTypes.SERVICES, "shop", "web")).isNotNull();
        assertThat(registry.stored(ResourceTypes.DEPLOYMENTS, "shop", "web").path("spec").path("replicas").asInt())
                .isEqualTo(2);
    }

    @Test
    void repeatedFileOptionsApplyInOrder() throws Exception {
        Path a = write("a.yaml", CONFIG);
        Path b = write("b.yaml", CONFIG.replace("settings", "other"));
        assertThat(apply(null, a, b)).isEqualTo("configmap/settings created\nconfigmap/other created\n");
    }

    @Test
    void namespaceMismatchIsAnError() throws Exception {
        Path f = write("cm.yaml", CONFIG.replace("  name: settings\n", "  name: settings\n  namespace: a\n"));
        assertThatThrownBy(() -> apply("b", f)).isInstanceOf(CommandError.class)
                .hasMessage("error: the namespace from the provided object \"a\" does not match the namespace \"b\". "
                        + "You must pass '--namespace=a' to perform this operation.");
    }

    @Test
    void unknownKindIsReportedAndOthersStillApplied() throws Exception {
        Path f = write("x.yaml", """
                apiVersion: example.com/v1
                kind: Widget
                metadata:
                  name: w
                ---
                """ + CONFIG);
        Outputs o = new Outputs();
        ApplyCommand c = new ApplyCommand();
        c.registry = registry;
        c.files = List.of(f.toString());
        assertThatThrownBy(() -> c.execute(o.out))
                .hasMessage("error: resource mapping not found for name: \"w\" namespace: \"\" from \"" + f
                        + "\": no matches for kind \"Widget\" in version \"example.com/v1\"");
        assertThat(o.text()).isEqualTo("configmap/settings created\n");
    }

    @Test
    void missingFileIsAnError() {
        assertThatThrownBy(() -> apply(null, dir.resolve("nope.yaml")))
                .hasMessage("error: the path \"" + dir.resolve("nope.yaml") + "\" does not exist");
    }

    @Test
    void serverErrorsUseKubectlWording() throws Exception {
        Path f = write("cm.yaml", CONFIG);
        apply(null, f);
        ObjectNode live = registry.stored(ResourceTypes.CONFIGMAPS, "default", "settings");
        write("cm.yaml", CONFIG.replace("fast", "slow"));
        // someone else writes between our read and our update: simulated by a registry that bumps first
        FakeRegistry racing = new FakeRegistry() {
            @Override
            public Result update(io.stevedore.api.ResourceType type, String namespace, String name, ObjectNode object,
                                 String subresource, io.stevedore.api.registry.WriteOptions options) {
                throw io.stevedore.api.ApiException.conflict(type, name,
                        io.stevedore.api.ApiException.OPTIMISTIC_LOCK_MESSAGE);
            }
        };
        racing.seed(ResourceTypes.CONFIGMAPS, live.toString());
        ApplyCommand c = new ApplyCommand();
        c.registry = racing;
        c.files = List.of(f.toString());
        assertThatThrownBy(() -> Outputs.capture(c::execute)).hasMessage(
                "Error from server (Conflict): Operation cannot be fulfilled on configmaps \"settings\": "
                        + io.stevedore.api.ApiException.OPTIMISTIC_LOCK_MESSAGE);
    }
}
