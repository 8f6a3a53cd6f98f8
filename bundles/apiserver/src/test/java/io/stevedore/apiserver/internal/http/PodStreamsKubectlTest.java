package io.stevedore.apiserver.internal.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.awaitility.Awaitility.await;

import io.stevedore.apiserver.internal.testing.FakeKubelet;
import io.stevedore.apiserver.internal.testing.Http;
import io.stevedore.apiserver.internal.testing.Http.Reply;
import io.stevedore.apiserver.internal.testing.TestServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real kubectl (skipped when /usr/bin/kubectl is absent) against the API server with a fake kubelet for the pod's
 * node: logs, exec (a real /bin/sh), exec with stdin, and port-forward through the WebSocket SPDY tunnel and through
 * plain SPDY, as kubectl 1.32 does them by default and as it falls back.
 */
class PodStreamsKubectlTest {

    private static final Path KUBECTL = Path.of("/usr/bin/kubectl");
    private static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");
    private static final Duration WAIT = Duration.ofSeconds(60);

    @TempDir
    static Path dir;
    static TestServer server;
    static FakeKubelet kubelet;
    static ServerSocket echo;

    @BeforeAll
    static void start() throws Exception {
        assumeThat(Files.isExecutable(KUBECTL)).as("kubectl installed").isTrue();
        server = new TestServer();
        kubelet = new FakeKubelet("node-a");
        server.kubelets.add("node-a", kubelet);
        kubelet.logs.put("c", List.of(new FakeKubelet.Line(T0, "one"), new FakeKubelet.Line(T0.plusSeconds(1), "two"),
                new FakeKubelet.Line(T0.plusSeconds(2), "three")));
        Http http = new Http(server.url());
        Reply created = http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"web\"},\"spec\":"
                + "{\"nodeName\":\"node-a\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        assertThat(created.code()).as(created.body()).isEqualTo(201);
        Reply running = http.patch("/api/v1/namespaces/default/pods/web/status", "application/merge-patch+json",
                "{\"status\":{\"phase\":\"Running\"}}");
        assertThat(running.code()).as(running.body()).isEqualTo(200);
        Files.writeString(dir.resolve("kubeconfig"), "apiVersion: v1\nkind: Config\nclusters:\n- name: c\n  cluster:\n"
                + "    server: " + server.url() + "\ncontexts:\n- name: x\n  context:\n    cluster: c\n    user: u\n"
                + "    namespace: default\ncurrent-context: x\nusers:\n- name: u\n  user: {}\n");
        echo = new ServerSocket();
        echo.bind(new InetSocketAddress("127.0.0.1", 0));
        Thread t = new Thread(PodStreamsKubectlTest::serveEcho, "echo");
        t.setDaemon(true);
        t.start();
        kubelet.ports.put(80, echo.getLocalPort());
    }

    /** Echoes every connection back until its client half-closes, then closes. */
    private static void serveEcho() {
        while (!echo.isClosed()) {
            try {
                Socket c = echo.accept();
                Thread t = new Thread(() -> {
                    try (c) {
                        c.getInputStream().transferTo(c.getOutputStream());
                    } catch (IOException e) {
                        // client gone
                    }
                }, "echo-connection");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    @AfterAll
    static void stop() throws IOException {
        if (echo != null) {
            echo.close();
        }
        if (server != null) {
            server.close();
        }
    }

    record Result(int code, String out, String err) {
    }

    private static ProcessBuilder kubectl(Map<String, String> env, String... args) {
        List<String> cmd = new ArrayList<>(List.of(KUBECTL.toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("KUBECONFIG", dir.resolve("kubeconfig").toString());
        pb.environment().put("HOME", dir.toString());
        pb.environment().putAll(env);
        return pb;
    }

    /** Runs kubectl to its end (bounded), feeding it {@code stdin}. */
    private static Result run(byte[] stdin, String... args) throws Exception {
        Process p = kubectl(Map.of(), args).start();
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> readAll(p.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> readAll(p.getErrorStream()));
            try (var in = p.getOutputStream()) {
                if (stdin != null) {
                    in.write(stdin);
                }
            }
            assertThat(p.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).as("kubectl " + String.join(" ", args)
                    + " ended").isTrue();
            return new Result(p.exitValue(), new String(out.get(WAIT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8),
                    new String(err.get(WAIT.toSeconds(), TimeUnit.SECONDS), StandardCharsets.UTF_8));
        } finally {
            p.destroyForcibly();
        }
    }

    private static byte[] readAll(InputStream in) {
        try {
            return in.readAllBytes();
        } catch (IOException e) {
            return new byte[0];
        }
    }

    @Test
    void logsWithTailTimestampsAndFollow() throws Exception {
        Result all = run(null, "logs", "web");
        assertThat(all.code()).as(all.err()).isZero();
        assertThat(all.out()).isEqualTo("one\ntwo\nthree\n");
        Result tail = run(null, "logs", "web", "--tail=2", "--timestamps");
        assertThat(tail.out()).isEqualTo("2025-03-01T10:00:01.000000000Z two\n2025-03-01T10:00:02.000000000Z three\n");
        FakeKubelet.LogCall call = kubelet.logCalls.get(kubelet.logCalls.size() - 1);
        assertThat(call.options().tailLines()).isEqualTo(2L);
        assertThat(call.options().timestamps()).isTrue();
        kubelet.followLines = List.of("four", "five");
        try {
            Result follow = run(null, "logs", "-f", "web");
            assertThat(follow.code()).as(follow.err()).isZero();
            assertThat(follow.out()).isEqualTo("one\ntwo\nthree\nfour\nfive\n");
            assertThat(kubelet.logCalls.get(kubelet.logCalls.size() - 1).options().follow()).isTrue();
        } finally {
            kubelet.followLines = List.of();
        }
        Result previous = run(null, "logs", "web", "--previous");
        assertThat(previous.code()).isEqualTo(1);
        assertThat(previous.err()).contains("Error from server (BadRequest): previous terminated container \"c\" in "
                + "pod \"web\" not found");
    }

    @Test
    void execCarriesStdoutStderrAndTheExitCode() throws Exception {
        Result r = run(null, "exec", "web", "-v=8", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(r.code()).as(r.err()).isEqualTo(3);
        assertThat(r.out()).isEqualTo("out\n");
        assertThat(r.err()).contains("err\n", "command terminated with exit code 3");
        // kubectl 1.32 asks for the v5 channel protocol over WebSocket first, and got it
        assertThat(r.err()).contains("Sec-Websocket-Protocol: v5.channel.k8s.io", "101 Switching Protocols",
                "The subprotocol is v5.channel.k8s.io");
        assertThat(kubelet.execCalls).contains(List.of("sh", "-c", "echo out; echo err >&2; exit 3"));
        Result ok = run(null, "exec", "web", "--", "sh", "-c", "echo fine");
        assertThat(ok.code()).as(ok.err()).isZero();
        assertThat(ok.out()).isEqualTo("fine\n");
    }

    @Test
    void execPassesStdinUntilItEnds() throws Exception {
        byte[] random = new byte[300 * 1024];
        new Random(1).nextBytes(random);
        String text = Base64.getMimeEncoder().encodeToString(random) + "\n";
        Result r = run(text.getBytes(StandardCharsets.UTF_8), "exec", "-i", "web", "--", "sh", "-c", "cat; echo done");
        assertThat(r.code()).as(r.err()).isZero();
        assertThat(r.out()).isEqualTo(text + "done\n");
    }

    @Test
    void execErrorsAreKubernetesStatuses() throws Exception {
        Result badContainer = run(null, "exec", "web", "-c", "nope", "--", "true");
        assertThat(badContainer.code()).isEqualTo(1);
        assertThat(badContainer.err()).contains("Error from server (BadRequest): container nope is not valid for pod web");
        Result missing = run(null, "exec", "web", "--", "/does/not/exist");
        assertThat(missing.code()).isEqualTo(1);
        assertThat(missing.err()).contains("Internal error occurred: failed to start [/does/not/exist]");
    }

    /** A running {@code kubectl port-forward web :REMOTE}, and the local port it picked. */
    private static final class PortForward implements AutoCloseable {
        final Process process;
        final Path log;
        final int localPort;

        PortForward(int remote, Map<String, String> env, String name) throws Exception {
            log = dir.resolve(name + ".log");
            process = kubectl(env, "port-forward", "web", ":" + remote, "-v=8").redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            Pattern forwarding = Pattern.compile("Forwarding from 127\\.0\\.0\\.1:(\\d+) -> " + remote);
            int[] port = {0};
            await().atMost(WAIT).pollInterval(Duration.ofMillis(100)).until(() -> {
                Matcher m = forwarding.matcher(output());
                if (m.find()) {
                    port[0] = Integer.parseInt(m.group(1));
                }
                return port[0] != 0 || !process.isAlive();
            });
            assertThat(port[0]).as("kubectl port-forward is listening:\n" + output()).isPositive();
            localPort = port[0];
        }

        String output() throws IOException {
            return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
        }

        /** Sends {@code data} over one forwarded connection, half-closes, and returns everything that came back. */
        byte[] roundTrip(byte[] data) throws Exception {
            try (Socket s = new Socket()) {
                s.connect(new InetSocketAddress("127.0.0.1", localPort), 10_000);
                s.setSoTimeout((int) WAIT.toMillis());
                CompletableFuture<byte[]> back = CompletableFuture.supplyAsync(() -> {
                    try {
                        ByteArrayOutputStream got = new ByteArrayOutputStream();
                        s.getInputStream().transferTo(got);
                        return got.toByteArray();
                    } catch (IOException e) {
                        throw new IllegalStateException(e);
                    }
                });
                s.getOutputStream().write(data);
                s.shutdownOutput();
                return back.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
        }

        @Override
        public void close() {
            process.destroyForcibly();
        }
    }

    @Test
    void portForwardTunnelsSpdyOverWebSocket() throws Exception {
        byte[] data = new byte[3 * 1024 * 1024 / 2];
        new Random(2).nextBytes(data);
        try (PortForward pf = new PortForward(80, Map.of(), "pf-websocket")) {
            assertThat(pf.roundTrip(data)).isEqualTo(data);
            byte[] small = "hello\n".getBytes(StandardCharsets.UTF_8);
            assertThat(pf.roundTrip(small)).isEqualTo(small); // a second connection on the same session
            String out = pf.output();
            assertThat(out).contains("Sec-Websocket-Protocol: SPDY/3.1+portforward.k8s.io",
                    "101 Switching Protocols", "negotiated protocol: portforward.k8s.io");
            assertThat(out).doesNotContain("an error occurred forwarding", "lost connection");
            assertThat(pf.process.isAlive()).isTrue();
        }
    }

    @Test
    void portForwardFallsBackToPlainSpdy() throws Exception {
        byte[] data = new byte[1024 * 1024 + 17];
        new Random(3).nextBytes(data);
        try (PortForward pf = new PortForward(80, Map.of("KUBECTL_PORT_FORWARD_WEBSOCKETS", "false"), "pf-spdy")) {
            assertThat(pf.roundTrip(data)).isEqualTo(data);
            String out = pf.output();
            assertThat(out).contains("POST " + server.url() + "/api/v1/namespaces/default/pods/web/portforward",
                    "X-Stream-Protocol-Version: portforward.k8s.io", "101 Switching Protocols");
            assertThat(out).doesNotContain("Sec-Websocket-Protocol");
        }
    }

    @Test
    void portForwardReportsAPortThatRefuses() throws Exception {
        try (PortForward pf = new PortForward(81, Map.of(), "pf-refused")) {
            assertThat(pf.roundTrip("x".getBytes(StandardCharsets.UTF_8))).isEmpty();
            await().atMost(WAIT).until(() -> pf.output().contains("an error occurred forwarding"));
            assertThat(pf.output()).contains("error forwarding port 81 to pod web, uid ",
                    "dial tcp4 127.0.0.1:81: connect: connection refused");
            assertThat(pf.process.waitFor(WAIT.toSeconds(), TimeUnit.SECONDS)).isTrue(); // kubectl gives up, as on Kubernetes
            assertThat(pf.output()).contains("lost connection to pod");
        }
    }
}
