package io.stevedore.apiserver.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.Http;
import io.stevedore.apiserver.internal.testing.TestServer;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Watches over chunked HTTP: live events, selectors, initial events, bookmarks, expiry. */
class WatchHttpTest {

    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        server.registry.setBookmarkInterval(Duration.ofMillis(1));
        http = new Http(server.url());
        http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"w\"}}");
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** Reads one JSON event per line from a streaming response, on a background thread. */
    static final class Stream implements AutoCloseable {
        final BlockingQueue<JsonNode> events = new LinkedBlockingQueue<>();
        final HttpResponse<InputStream> response;
        final Thread reader;

        Stream(String path, String accept) throws Exception {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.url() + path));
            if (accept != null) {
                b.header("Accept", accept);
            }
            response = http.client().send(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            reader = new Thread(() -> {
                try (BufferedReader r = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                    String line;
                    while ((line = r.readLine()) != null) {
                        if (!line.isBlank()) {
                            events.add(Json.MAPPER.readTree(line));
                        }
                    }
                } catch (Exception e) {
                    // stream closed
                }
            });
            reader.setDaemon(true);
            reader.start();
        }

        JsonNode next() throws InterruptedException {
            JsonNode e = events.poll(10, TimeUnit.SECONDS);
            assertThat(e).as("an event within 10 s").isNotNull();
            return e;
        }

        /** The next event that is not a bookmark. */
        JsonNode nextChange() throws InterruptedException {
            for (int i = 0; i < 1000; i++) {
                JsonNode e = next();
                if (!e.path("type").asString().equals("BOOKMARK")) {
                    return e;
                }
            }
            throw new AssertionError("only bookmarks");
        }

        @Override
        public void close() throws Exception {
            response.body().close();
        }
    }

    static String cm(String name, String labels) {
        return "{\"metadata\":{\"name\":\"" + name + "\",\"labels\":" + labels + "},\"data\":{}}";
    }

    @Test
    void watchFromRevisionDeliversEveryChangeInOrder() throws Exception {
        String rv = http.get("/api/v1/namespaces/w/configmaps").json().path("metadata").path("resourceVersion").asString();
        try (Stream s = new Stream("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=" + rv, null)) {
            assertThat(s.response.statusCode()).isEqualTo(200);
            assertThat(s.response.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
            http.post("/api/v1/namespaces/w/configmaps", cm("one", "{\"x\":\"1\"}"));
            http.patch("/api/v1/namespaces/w/configmaps/one", "application/merge-patch+json", "{\"data\":{\"a\":\"b\"}}");
            http.delete("/api/v1/namespaces/w/configmaps/one", null);
            List<String> types = new ArrayList<>();
            long last = Long.parseLong(rv);
            for (int i = 0; i < 3; i++) {
                JsonNode e = s.nextChange();
                types.add(e.path("type").asString());
                long r = Long.parseLong(e.path("object").path("metadata").path("resourceVersion").asString());
                assertThat(r).isGreaterThan(last);
                last = r;
            }
            assertThat(types).containsExactly("ADDED", "MODIFIED", "DELETED");
        }
    }

    @Test
    void labelSelectorTransitionsAreAddedAndDeleted() throws Exception {
        http.post("/api/v1/namespaces/w/configmaps", cm("moving", "{\"tier\":\"db\"}"));
        String rv = http.get("/api/v1/namespaces/w/configmaps").json().path("metadata").path("resourceVersion").asString();
        try (Stream s = new Stream("/api/v1/namespaces/w/configmaps?watch=1&labelSelector=tier%3Dweb&resourceVersion="
                + rv, null)) {
            http.patch("/api/v1/namespaces/w/configmaps/moving", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"tier\":\"web\"}}}");
            JsonNode added = s.nextChange();
            assertThat(added.path("type").asString()).isEqualTo("ADDED");
            http.patch("/api/v1/namespaces/w/configmaps/moving", "application/merge-patch+json",
                    "{\"metadata\":{\"labels\":{\"tier\":\"db\"}}}");
            assertThat(s.nextChange().path("type").asString()).isEqualTo("DELETED");
        }
    }

    @Test
    void watchWithoutRevisionStartsWithCurrentStateAndStreamingListEndsWithBookmark() throws Exception {
        http.post("/api/v1/namespaces/w/configmaps", cm("existing", "{}"));
        try (Stream s = new Stream("/api/v1/namespaces/w/configmaps?watch=true&fieldSelector=metadata.name%3Dexisting",
                null)) {
            JsonNode first = s.nextChange();
            assertThat(first.path("type").asString()).isEqualTo("ADDED");
            assertThat(first.path("object").path("metadata").path("name").asString()).isEqualTo("existing");
        }
        try (Stream s = new Stream("/api/v1/namespaces/w/configmaps?watch=true&sendInitialEvents=true"
                + "&resourceVersionMatch=NotOlderThan&allowWatchBookmarks=true&fieldSelector=metadata.name%3Dexisting",
                null)) {
            assertThat(s.next().path("type").asString()).isEqualTo("ADDED");
            JsonNode bookmark = s.next();
            assertThat(bookmark.path("type").asString()).isEqualTo("BOOKMARK");
            assertThat(bookmark.path("object").path("metadata").path("annotations")
                    .path("k8s.io/initial-events-end").asString()).isEqualTo("true");
            assertThat(bookmark.path("object").path("kind").asString()).isEqualTo("ConfigMap");
        }
        Http.Reply invalid = http.get("/api/v1/namespaces/w/configmaps?watch=true&sendInitialEvents=true");
        assertThat(invalid.code()).isEqualTo(422);
    }

    @Test
    void bookmarksCarryOnlyTheResourceVersion() throws Exception {
        String rv = http.get("/api/v1/namespaces/w/configmaps").json().path("metadata").path("resourceVersion").asString();
        try (Stream s = new Stream("/api/v1/namespaces/w/configmaps?watch=true&allowWatchBookmarks=true&resourceVersion="
                + rv, null)) {
            server.store.progress();
            JsonNode b = s.next();
            assertThat(b.path("type").asString()).isEqualTo("BOOKMARK");
            assertThat(b.path("object").path("metadata").propertyNames()).containsExactly("resourceVersion");
        }
    }

    @Test
    void tooOldRevisionIsAnExpiredErrorEvent() throws Exception {
        try (TestServer small = new TestServer()) {
            Http h = new Http(small.url());
            // the memory store keeps 10,000 events; push the window past revision 1
            for (int i = 0; i < 10_050; i++) {
                small.store.create("/registry/test/" + i, new byte[] {'{', '}'});
            }
            HttpRequest req = HttpRequest.newBuilder(URI.create(small.url()
                    + "/api/v1/namespaces/default/configmaps?watch=true&resourceVersion=1")).build();
            HttpResponse<String> r = h.client().send(req, HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).isEqualTo(200);
            JsonNode e = Json.MAPPER.readTree(r.body().trim());
            assertThat(e.path("type").asString()).isEqualTo("ERROR");
            assertThat(e.path("object").path("code").asInt()).isEqualTo(410);
            assertThat(e.path("object").path("reason").asString()).isEqualTo("Expired");
            Http.Reply list = h.get("/api/v1/namespaces/default/configmaps?resourceVersion=1&resourceVersionMatch=Exact");
            assertThat(list.code()).isEqualTo(410);
        }
    }

    @Test
    void webSocketWatchOnTheSameUrl() throws Exception {
        String rv = http.get("/api/v1/namespaces/w/configmaps").json().path("metadata").path("resourceVersion").asString();
        BlockingQueue<JsonNode> messages = new LinkedBlockingQueue<>();
        java.net.http.WebSocket ws = http.client().newWebSocketBuilder().buildAsync(URI.create(
                server.url().replace("http://", "ws://") + "/api/v1/namespaces/w/configmaps?watch=true&resourceVersion="
                        + rv), new java.net.http.WebSocket.Listener() {
                    final StringBuilder text = new StringBuilder();

                    @Override
                    public java.util.concurrent.CompletionStage<?> onText(java.net.http.WebSocket webSocket,
                                                                          CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            messages.add(Json.MAPPER.readTree(text.toString()));
                            text.setLength(0);
                        }
                        webSocket.request(1);
                        return null;
                    }
                }).get(10, TimeUnit.SECONDS);
        try {
            http.post("/api/v1/namespaces/w/configmaps", cm("over-ws", "{}"));
            JsonNode e = messages.poll(10, TimeUnit.SECONDS);
            assertThat(e).isNotNull();
            assertThat(e.path("type").asString()).isEqualTo("ADDED");
            assertThat(e.path("object").path("metadata").path("name").asString()).isEqualTo("over-ws");
        } finally {
            ws.abort();
        }
    }

    @Test
    void tableWatchSendsColumnsOnlyFirst() throws Exception {
        String rv = http.get("/api/v1/namespaces/w/configmaps").json().path("metadata").path("resourceVersion").asString();
        try (Stream s = new Stream("/api/v1/namespaces/w/configmaps?watch=true&resourceVersion=" + rv,
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json")) {
            http.post("/api/v1/namespaces/w/configmaps", cm("t1", "{}"));
            http.post("/api/v1/namespaces/w/configmaps", cm("t2", "{}"));
            JsonNode first = s.nextChange().path("object");
            JsonNode second = s.nextChange().path("object");
            assertThat(first.path("kind").asString()).isEqualTo("Table");
            assertThat(first.path("columnDefinitions").isArray()).isTrue();
            assertThat(second.path("columnDefinitions").isNull()).isTrue();
            assertThat(second.path("rows").get(0).path("cells").get(0).asString()).isEqualTo("t2");
        }
    }
}
