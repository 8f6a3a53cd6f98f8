package io.stevedore.apiserver.internal.testing;

import io.stevedore.apiserver.internal.Json;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import tools.jackson.databind.JsonNode;

/** A small HTTP client for API tests. */
public final class Http {

    public record Reply(int code, String contentType, String body) {
        public JsonNode json() {
            return Json.MAPPER.readTree(body);
        }
    }

    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    /** A reply whose body is kept as bytes (protobuf). */
    public record RawReply(int code, String contentType, byte[] body) {
    }

    public Reply send(String method, String path, String contentType, String body, String accept) {
        RawReply r = sendBytes(method, path, contentType,
                body == null ? null : body.getBytes(StandardCharsets.UTF_8), accept);
        return new Reply(r.code(), r.contentType(), new String(r.body(), StandardCharsets.UTF_8));
    }

    public RawReply sendBytes(String method, String path, String contentType, byte[] body, String accept) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(20));
        if (contentType != null) {
            b.header("Content-Type", contentType);
        }
        if (accept != null) {
            b.header("Accept", accept);
        }
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofByteArray(body));
        try {
            HttpResponse<byte[]> r = client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
            return new RawReply(r.statusCode(), r.headers().firstValue("Content-Type").orElse(""), r.body());
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public Reply get(String path) {
        return send("GET", path, null, null, null);
    }

    public Reply post(String path, String json) {
        return send("POST", path, "application/json", json, null);
    }

    public Reply put(String path, String json) {
        return send("PUT", path, "application/json", json, null);
    }

    public Reply patch(String path, String contentType, String body) {
        return send("PATCH", path, contentType, body, null);
    }

    public Reply delete(String path, String json) {
        return send("DELETE", path, json == null ? null : "application/json", json, null);
    }

    public HttpClient client() {
        return client;
    }
}
