package io.stevedore.apiserver.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.apiserver.internal.testing.FakeKubelet;
import io.stevedore.apiserver.internal.testing.Http;
import io.stevedore.apiserver.internal.testing.Http.Reply;
import io.stevedore.apiserver.internal.testing.TestServer;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The pod stream subresources over plain HTTP: logs, and what exec, attach and portforward answer without an upgrade. */
class PodStreamsHttpTest {

    static TestServer server;
    static Http http;
    static FakeKubelet kubelet;
    static final Instant T0 = Instant.parse("2025-03-01T10:00:00Z");

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        http = new Http(server.url());
        kubelet = new FakeKubelet("node-a");
        server.kubelets.add("node-a", kubelet);
        kubelet.logs.put("c", List.of(new FakeKubelet.Line(T0, "one"), new FakeKubelet.Line(T0.plusSeconds(1), "two"),
                new FakeKubelet.Line(T0.plusSeconds(2), "three")));
        pod("web", "node-a", "[{\"name\":\"c\",\"image\":\"busybox\"}]", "");
        pod("two", "node-a", "[{\"name\":\"a\",\"image\":\"busybox\"},{\"name\":\"b\",\"image\":\"busybox\"}]",
                ",\"initContainers\":[{\"name\":\"i\",\"image\":\"busybox\"}]");
        pod("pending", "", "[{\"name\":\"c\",\"image\":\"busybox\"}]", "");
        pod("elsewhere", "node-z", "[{\"name\":\"c\",\"image\":\"busybox\"}]", "");
    }

    static void pod(String name, String node, String containers, String more) {
        String nodeName = node.isEmpty() ? "" : "\"nodeName\":\"" + node + "\",";
        Reply r = http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"" + name + "\"},\"spec\":{"
                + nodeName + "\"containers\":" + containers + more + "}}");
        assertThat(r.code()).as(r.body()).isEqualTo(201);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static String log(String query) {
        return "/api/v1/namespaces/default/pods/" + query;
    }

    @Test
    void logsPassTheirOptionsToTheKubelet() {
        Reply r = http.get(log("web/log?tailLines=2&timestamps=true&limitBytes=1000&sinceTime=2025-03-01T10:00:01Z"));
        assertThat(r.code()).as(r.body()).isEqualTo(200);
        assertThat(r.contentType()).startsWith("text/plain");
        assertThat(r.body()).isEqualTo("2025-03-01T10:00:01.000000000Z two\n2025-03-01T10:00:02.000000000Z three\n");
        FakeKubelet.LogCall call = kubelet.logCalls.get(kubelet.logCalls.size() - 1);
        assertThat(call.namespace()).isEqualTo("default");
        assertThat(call.pod()).isEqualTo("web");
        assertThat(call.container()).isEqualTo("c");
        assertThat(call.options().tailLines()).isEqualTo(2L);
        assertThat(call.options().limitBytes()).isEqualTo(1000L);
        assertThat(call.options().since()).isEqualTo(T0.plusSeconds(1));
        assertThat(call.options().follow()).isFalse();
        assertThat(http.get(log("web/log?limitBytes=5")).body()).isEqualTo("one\nt");
    }

    @Test
    void logOptionsAreValidatedAsKubernetesDoes() {
        Reply both = http.get(log("web/log?sinceSeconds=10&sinceTime=2025-03-01T10:00:01Z"));
        assertThat(both.code()).isEqualTo(422);
        assertThat(both.json().path("reason").asString()).isEqualTo("Invalid");
        assertThat(both.json().path("message").asString()).isEqualTo("PodLogOptions \"web\" is invalid: : Forbidden: "
                + "at most one of `sinceTime` or `sinceSeconds` may be specified");
        Reply zero = http.get(log("web/log?sinceSeconds=0"));
        assertThat(zero.code()).isEqualTo(422);
        assertThat(zero.json().path("details").path("causes").get(0).path("field").asString()).isEqualTo("sinceSeconds");
        assertThat(http.get(log("web/log?tailLines=-3")).code()).isEqualTo(422);
        assertThat(http.get(log("web/log?limitBytes=0")).code()).isEqualTo(422);
        Reply nan = http.get(log("web/log?tailLines=ten"));
        assertThat(nan.code()).isEqualTo(400);
        assertThat(nan.json().path("message").asString()).isEqualTo("strconv.ParseInt: parsing \"ten\": invalid syntax");
    }

    @Test
    void containersAreCheckedAsThePodStrategyDoes() {
        Reply none = http.get(log("two/log"));
        assertThat(none.code()).isEqualTo(400);
        assertThat(none.json().path("message").asString()).isEqualTo(
                "a container name must be specified for pod two, choose one of: [a b] or one of the init containers: [i]");
        assertThat(http.get(log("two/log?container=zz")).json().path("message").asString())
                .isEqualTo("container zz is not valid for pod two");
        assertThat(http.get(log("two/log?container=i")).code()).isEqualTo(200);
        Reply missing = http.get(log("nope/log"));
        assertThat(missing.code()).isEqualTo(404);
        assertThat(missing.json().path("message").asString()).isEqualTo("pods \"nope\" not found");
    }

    @Test
    void podsWithoutAServedNodeCannotStream() {
        for (String sub : List.of("log", "exec?command=true", "attach", "portforward")) {
            Reply pending = http.get(log("pending/" + sub));
            assertThat(pending.code()).as(sub).isEqualTo(400);
            assertThat(pending.json().path("message").asString()).isEqualTo("pod pending does not have a host assigned");
            Reply elsewhere = http.get(log("elsewhere/" + sub));
            assertThat(elsewhere.code()).as(sub).isEqualTo(503);
            assertThat(elsewhere.json().path("reason").asString()).isEqualTo("ServiceUnavailable");
        }
    }

    @Test
    void kubeletErrorsAreStatuses() {
        Reply r = http.get(log("web/log?previous=true"));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.json().path("message").asString())
                .isEqualTo("previous terminated container \"c\" in pod \"web\" not found");
        assertThat(http.post(log("web/log"), "{}").code()).isEqualTo(405);
    }

    @Test
    void streamsWithoutAnUpgradeAreRefused() throws Exception {
        Reply exec = http.post(log("web/exec?command=true"), null);
        assertThat(exec.code()).isEqualTo(400);
        assertThat(exec.json().path("message").asString()).isEqualTo("Upgrade request required");
        assertThat(http.get(log("web/portforward")).json().path("message").asString())
                .isEqualTo("Upgrade request required");
        String spdyExec = raw("POST /api/v1/namespaces/default/pods/web/exec?command=true HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v4.channel.k8s.io\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertThat(spdyExec).startsWith("HTTP/1.1 403").contains("unable to upgrade: unable to negotiate protocol: "
                + "client supports [v4.channel.k8s.io], server accepts []");
        String spdyPortForward = raw("POST /api/v1/namespaces/default/pods/web/portforward HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: SPDY/3.1\r\nX-Stream-Protocol-Version: v9.portforward.k8s.io\r\n"
                + "Content-Length: 0\r\n\r\n");
        assertThat(spdyPortForward).startsWith("HTTP/1.1 403")
                .contains("X-Accepted-Stream-Protocol-Versions: portforward.k8s.io", "server accepts [portforward.k8s.io]");
        String oldWebSocket = raw("GET /api/v1/namespaces/default/pods/web/exec?command=true HTTP/1.1\r\nHost: x\r\n"
                + "Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v3.channel.k8s.io\r\n\r\n");
        assertThat(oldWebSocket).startsWith("HTTP/1.1 400").contains("requested protocol(s) are not supported");
        String badContainer = raw("GET /api/v1/namespaces/default/pods/web/exec?command=true&container=x HTTP/1.1\r\n"
                + "Host: x\r\nConnection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Protocol: v5.channel.k8s.io\r\n\r\n");
        assertThat(badContainer).startsWith("HTTP/1.1 400").contains("\"message\":\"container x is not valid for pod web\"");
    }

    /** Sends a raw request and reads the whole answer (the server closes an upgrade request it refuses). */
    private static String raw(String request) throws IOException {
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(10_000);
            s.getOutputStream().write(request.getBytes(StandardCharsets.US_ASCII));
            return new String(s.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void followFlushesLinesAndStopsTheKubeletWhenTheClientLeaves() throws Exception {
        kubelet.followLines = List.of("four");
        kubelet.holdFollow = new CountDownLatch(1);
        try (Socket s = new Socket("127.0.0.1", server.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(("GET /api/v1/namespaces/default/pods/web/log?follow=true HTTP/1.1\r\nHost: x\r\n\r\n")
                    .getBytes(StandardCharsets.US_ASCII));
            InputStream in = s.getInputStream();
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            StringBuilder seen = new StringBuilder();
            String line;
            while ((line = r.readLine()) != null) {
                seen.append(line).append('\n');
                if (line.equals("four")) {
                    break; // flushed while the kubelet is still following
                }
            }
            assertThat(seen.toString()).startsWith("HTTP/1.1 200").contains("Transfer-Encoding: chunked", "one",
                    "three", "four");
        }
        // the client is gone: the kubelet, idle in its follow, is told at once (not at its next write)
        assertThat(kubelet.followsEnded.tryAcquire(10, TimeUnit.SECONDS)).as("the follow ended").isTrue();
        kubelet.holdFollow = null;
        kubelet.followLines = List.of();
        assertThat(http.get(log("web/log")).code()).isEqualTo(200); // the worker thread is fine afterwards
    }
}
