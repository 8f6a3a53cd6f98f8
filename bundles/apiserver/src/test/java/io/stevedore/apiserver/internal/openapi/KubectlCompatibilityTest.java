package io.stevedore.apiserver.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Drives the real kubectl (skipped when /usr/bin/kubectl is absent) against the OpenAPI resource plus a
 * minimal fake apiserver, and checks what kubectl does with the generated documents.
 */
class KubectlCompatibilityTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static TestServer server;

    @TempDir
    Path dir;

    @BeforeAll
    static void start() {
        assumeThat(Files.isExecutable(KUBECTL)).as("kubectl installed").isTrue();
        server = new TestServer(OpenApiResource.class, OpenApiAcceptFilter.class, FakeKubeResource.class);
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void clear() {
        server.requests().clear();
        FakeKubeResource.PATCHES.clear();
    }

    private String kubectl(String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString()));
        cmd.addAll(List.of(args));
        cmd.addAll(List.of("--server=" + server.base(), "--cache-dir=" + dir.resolve("cache")));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.txt").toFile());
        pb.environment().put("KUBECONFIG", dir.resolve("none").toString());
        pb.environment().put("HOME", dir.toString());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("kubectl did not finish: " + cmd);
        }
        return Files.readString(dir.resolve("out.txt"), StandardCharsets.UTF_8);
    }

    @Test
    void explainPrintsKubernetesFieldDescriptions() throws Exception {
        String out = kubectl("explain", "pods.spec.containers");
        assertThat(out).contains("KIND:       Pod", "FIELD: containers <[]Container>",
                "List of containers belonging to the pod", "A single application container that you want to run within a pod.");
        assertThat(out).containsPattern("name\\s+<string> -required-");
        assertThat(out).containsPattern("env\\s+<\\[\\]EnvVar>");
        assertThat(server.requests()).anyMatch(r -> r.startsWith("GET /openapi/v3/api/v1?hash="));
        String deploy = kubectl("explain", "deployments.spec.template.spec.containers.ports.containerPort");
        assertThat(deploy).contains("GROUP:      apps", "containerPort", "Number of port to expose on the pod's IP address");
    }

    @Test
    void explainWorksForEveryServedKind() throws Exception {
        for (String kind : List.of("namespaces", "pods", "nodes", "services", "endpoints", "configmaps", "secrets",
                "serviceaccounts", "events", "replicationcontrollers", "persistentvolumes", "persistentvolumeclaims",
                "deployments", "replicasets", "leases", "endpointslices")) {
            String out = kubectl("explain", kind);
            assertThat(out).as(kind).contains("DESCRIPTION:", "FIELDS:", "metadata\t<ObjectMeta>")
                    .doesNotContain("error:", "couldn't find");
        }
        assertThat(kubectl("explain", "leases.spec.renewTime")).contains("renewTime <string>", "renewTime is a time",
                "UTC with microsecond");
        assertThat(kubectl("explain", "services.spec.ports.targetPort")).contains("targetPort <IntOrString>");
        assertThat(kubectl("explain", "pods.spec.containers.resources.limits")).contains("limits <map[string]Quantity>");
    }

    @Test
    void explainFallsBackToTheV2ProtobufDocument() throws Exception {
        String out = kubectl("explain", "pods.spec.containers", "--output=plaintext-openapiv2");
        assertThat(out).contains("KIND:     Pod", "RESOURCE: containers <[]Object>",
                "List of containers belonging to the pod", "name\t<string> -required-");
        assertThat(server.requests()).anyMatch(r -> r.startsWith("GET /openapi/v2")
                && r.contains("Accept=application/com.github.proto-openapi.spec.v2@v1.0+protobuf"));
    }

    /** Hides /openapi/v3, as an old server would, so that kubectl falls back to /openapi/v2. */
    @jakarta.ws.rs.container.PreMatching
    public static final class HideV3 implements jakarta.ws.rs.container.ContainerRequestFilter {
        @Override
        public void filter(jakarta.ws.rs.container.ContainerRequestContext c) {
            if (c.getUriInfo().getRequestUri().getRawPath().startsWith("/openapi/v3")) {
                c.abortWith(jakarta.ws.rs.core.Response.status(404).build());
            }
        }
    }

    @Test
    void applyFallsBackToTheV2ProtobufDocumentWithoutV3() throws Exception {
        TestServer main = server;
        try (TestServer noV3 = new TestServer(OpenApiResource.class, OpenApiAcceptFilter.class, FakeKubeResource.class,
                HideV3.class)) {
            server = noV3;
            Path pod = dir.resolve("pod.yaml");
            Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\n  namespace: default\n"
                    + "spec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n");
            assertThat(kubectl("apply", "--dry-run=server", "-f", pod.toString())).contains("pod/nginx created (server dry run)");
            assertThat(noV3.requests()).anyMatch(r -> r.startsWith("GET /openapi/v2"));
            assertThat(noV3.requests()).anyMatch(r -> r.startsWith("POST /api/v1/namespaces/default/pods?")
                    && r.contains("fieldValidation=Strict"));
        } finally {
            server = main;
        }
    }

    @Test
    void applySendsStrictFieldValidation() throws Exception {
        Path pod = dir.resolve("pod.yaml");
        Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: nginx\n  namespace: default\n"
                + "spec:\n  containers:\n  - name: nginx\n    image: nginx:1.27\n");
        String out = kubectl("apply", "--dry-run=server", "-f", pod.toString());
        assertThat(out).contains("pod/nginx created (server dry run)");
        assertThat(server.requests()).anyMatch(r -> r.startsWith(
                "POST /api/v1/namespaces/default/pods?dryRun=All&fieldManager=kubectl-client-side-apply&fieldValidation=Strict"));
        assertThat(server.requests()).noneMatch(r -> r.startsWith("GET /openapi/v2"));
        Path deploy = dir.resolve("deploy.yaml");
        Files.writeString(deploy, "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: default\n"
                + "spec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n"
                + "    spec:\n      containers:\n      - name: web\n        image: nginx\n");
        assertThat(kubectl("apply", "-f", deploy.toString())).contains("deployment.apps/web created");
        assertThat(server.requests()).anyMatch(r -> r.startsWith("POST /apis/apps/v1/namespaces/default/deployments?")
                && r.contains("fieldValidation=Strict"));
    }

    @Test
    void clientSideApplyUsesTheMergeKeysOfTheV3Schema() throws Exception {
        Path pod = dir.resolve("existing.yaml");
        Files.writeString(pod, "apiVersion: v1\nkind: Pod\nmetadata:\n  name: existing\n  namespace: default\n"
                + "spec:\n  containers:\n  - name: c\n    image: nginx\n    env:\n    - name: A\n      value: \"1\"\n");
        String out = kubectl("apply", "-f", pod.toString());
        assertThat(out).contains("pod/existing configured");
        assertThat(server.requests()).anyMatch(r -> r.startsWith("PATCH /api/v1/namespaces/default/pods/existing?")
                && r.contains("fieldValidation=Strict"));
        // With x-kubernetes-patch-merge-key=name on env, removing B is a "$patch: delete" by name,
        // not a replacement of the whole list.
        assertThat(FakeKubeResource.PATCHES).singleElement().satisfies(body ->
                assertThat(body).contains("\"$patch\":\"delete\"", "\"name\":\"B\"", "$setElementOrder/env"));
    }
}
