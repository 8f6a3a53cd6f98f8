package io.stevedore.apiserver.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The protobuf bodies the real kubectl 1.32 sends from its generator commands: the recorded ones
 * (test resources under {@code kubectl/}) decode to the JSON kubectl would have sent, and a live
 * run against {@link RecordingApiServer} shows kubectl accepts our protobuf answers.
 */
class KubectlProtobufTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ProtobufCodec CODEC = new ProtobufCodec();
    private static final File KUBECTL = new File("/usr/bin/kubectl");

    private static byte[] recorded(String name) throws IOException {
        try (InputStream in = KubectlProtobufTest.class.getResourceAsStream("/kubectl/" + name)) {
            assertThat(in).as(name).isNotNull();
            return in.readAllBytes();
        }
    }

    private static ObjectNode json(String text) {
        return (ObjectNode) MAPPER.readTree(text);
    }

    @Test
    void decodesRecordedCreateNamespace() throws IOException {
        assertThat(CODEC.decode(recorded("create-namespace.pb"))).isEqualTo(json(
                "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"creationTimestamp\":null},"
                        + "\"spec\":{},\"status\":{}}"));
    }

    @Test
    void decodesRecordedCreateConfigMap() throws IOException {
        assertThat(CODEC.decode(recorded("create-configmap.pb"))).isEqualTo(json(
                "{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\",\"creationTimestamp\":null},"
                        + "\"data\":{\"a\":\"b\"}}"));
    }

    @Test
    void decodesRecordedCreateSecret() throws IOException {
        assertThat(CODEC.decode(recorded("create-secret-generic.pb"))).isEqualTo(json(
                "{\"kind\":\"Secret\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"s\",\"creationTimestamp\":null},"
                        + "\"data\":{\"a\":\"Yg==\"}}"));
    }

    @Test
    void decodesRecordedCreateDeploymentKeepingZeroReplicas() throws IOException {
        assertThat(CODEC.decode(recorded("create-deployment.pb"))).isEqualTo(json(
                "{\"kind\":\"Deployment\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"web\","
                        + "\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"replicas\":0,"
                        + "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{"
                        + "\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"containers\":[{"
                        + "\"name\":\"nginx\",\"image\":\"nginx\",\"ports\":[{\"containerPort\":8080}],"
                        + "\"resources\":{}}]}},\"strategy\":{}},\"status\":{}}"));
    }

    @Test
    void decodesRecordedCreateServiceWithIntTargetPort() throws IOException {
        assertThat(CODEC.decode(recorded("create-service-clusterip.pb"))).isEqualTo(json(
                "{\"kind\":\"Service\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"web\","
                        + "\"creationTimestamp\":null,\"labels\":{\"app\":\"web\"}},\"spec\":{\"ports\":[{"
                        + "\"name\":\"80-8080\",\"protocol\":\"TCP\",\"port\":80,\"targetPort\":8080}],"
                        + "\"selector\":{\"app\":\"web\"},\"type\":\"ClusterIP\"},\"status\":{\"loadBalancer\":{}}}"));
    }

    @Test
    void decodesRecordedAuthCanI() throws IOException {
        assertThat(CODEC.decode(recorded("auth-can-i.pb"))).isEqualTo(json(
                "{\"kind\":\"SelfSubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                        + "\"metadata\":{\"creationTimestamp\":null},\"spec\":{\"resourceAttributes\":{"
                        + "\"namespace\":\"default\",\"verb\":\"create\",\"resource\":\"configmaps\"}},"
                        + "\"status\":{\"allowed\":false}}"));
    }

    @Test
    void reencodingTheRecordedBodiesKeepsTheirMeaning() throws IOException {
        for (String name : COMMANDS.stream().map(Command::recording).toList()) {
            byte[] body = recorded(name);
            ObjectNode decoded = CODEC.decode(body);
            // kubectl writes every non-pointer Go field, we write only what the JSON has: compare meaning
            assertThat(CODEC.decode(CODEC.encode(decoded))).as(name).isEqualTo(decoded);
        }
    }

    /** One kubectl generator command and the file its recorded body is kept in. */
    private record Command(String recording, String expectedPath, List<String> args) {
    }

    private static final List<Command> COMMANDS = List.of(
            new Command("create-namespace.pb", "/api/v1/namespaces", List.of("create", "namespace", "x", "-o", "json")),
            new Command("create-configmap.pb", "/api/v1/namespaces/default/configmaps",
                    List.of("create", "configmap", "c", "--from-literal=a=b", "-o", "json")),
            new Command("create-secret-generic.pb", "/api/v1/namespaces/default/secrets",
                    List.of("create", "secret", "generic", "s", "--from-literal=a=b", "-o", "json")),
            new Command("create-deployment.pb", "/apis/apps/v1/namespaces/default/deployments",
                    List.of("create", "deployment", "web", "--image=nginx", "--replicas=0", "--port=8080", "-o", "json")),
            new Command("create-service-clusterip.pb", "/api/v1/namespaces/default/services",
                    List.of("create", "service", "clusterip", "web", "--tcp=80:8080", "-o", "json")),
            new Command("auth-can-i.pb", "/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                    List.of("auth", "can-i", "create", "configmaps")));

    @Test
    void realKubectlCreatesThroughProtobufAndReadsOurProtobufAnswers(@TempDir Path tmp) throws Exception {
        assumeTrue(KUBECTL.canExecute(), "kubectl is not installed");
        try (RecordingApiServer server = new RecordingApiServer(CODEC)) {
            List<String> outputs = new ArrayList<>();
            for (Command command : COMMANDS) {
                outputs.add(kubectl(server, tmp, command.args()));
            }

            // -Dstevedore.recordKubectlTo=<dir> refreshes the recorded bodies
            String record = System.getProperty("stevedore.recordKubectlTo");
            if (record != null) {
                for (int i = 0; i < COMMANDS.size(); i++) {
                    Files.write(Path.of(record, COMMANDS.get(i).recording()), server.posts().get(i).body());
                }
            }
            assertThat(server.posts()).extracting(RecordingApiServer.Post::path)
                    .containsExactlyElementsOf(COMMANDS.stream().map(Command::expectedPath).toList());
            assertThat(server.posts()).allSatisfy(post -> {
                assertThat(post.contentType()).isEqualTo(ProtobufCodec.MEDIA_TYPE);
                assertThat(post.accept()).startsWith(ProtobufCodec.MEDIA_TYPE);
            });
            for (int i = 0; i < COMMANDS.size(); i++) {
                assertThat(CODEC.decode(server.posts().get(i).body())).as(COMMANDS.get(i).recording())
                        .isEqualTo(CODEC.decode(recorded(COMMANDS.get(i).recording())));
            }
            // kubectl decoded our protobuf answer into its Go types and printed it as JSON: same tree
            for (int i = 0; i < COMMANDS.size() - 1; i++) {
                assertThat(MAPPER.readTree(outputs.get(i))).as(String.join(" ", COMMANDS.get(i).args()))
                        .isEqualTo(server.answers().get(i));
            }
            assertThat(outputs.get(COMMANDS.size() - 1)).isEqualTo("yes");
        }
    }

    @Test
    void decodedBodiesEqualKubectlsOwnJson(@TempDir Path tmp) throws Exception {
        assumeTrue(KUBECTL.canExecute(), "kubectl is not installed");
        try (RecordingApiServer server = new RecordingApiServer(CODEC)) {
            for (Command command : COMMANDS.subList(0, COMMANDS.size() - 1)) {
                List<String> args = new ArrayList<>(command.args());
                args.add("--dry-run=client");
                String clientJson = kubectl(server, tmp, args);

                assertThat(CODEC.decode(recorded(command.recording()))).as(command.recording())
                        .isEqualTo(MAPPER.readTree(clientJson));
            }
            assertThat(server.posts()).isEmpty();
        }
    }

    private static String kubectl(RecordingApiServer server, Path tmp, List<String> args) throws Exception {
        List<String> command = new ArrayList<>(List.of(KUBECTL.getPath(), "--server=" + server.url(),
                "--cache-dir=" + tmp.resolve("cache"), "--request-timeout=30s"));
        command.addAll(args);
        Path kubeconfig = tmp.resolve("kubeconfig");
        if (!Files.exists(kubeconfig)) {
            Files.writeString(kubeconfig, "apiVersion: v1\nkind: Config\n");
        }
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
        builder.environment().put("KUBECONFIG", kubeconfig.toString());
        builder.environment().put("HOME", tmp.toString());
        Process process = builder.start();
        try {
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).as("kubectl finished").isTrue();
            assertThat(process.exitValue()).as("kubectl %s exit code, output: %s; requests: %s", args, output,
                    server.requests()).isZero();
            return output;
        } finally {
            process.destroyForcibly();
        }
    }
}
