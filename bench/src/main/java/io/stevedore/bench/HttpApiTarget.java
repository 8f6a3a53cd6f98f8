package io.stevedore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Writes ConfigMaps with 1 KiB of data through the Kubernetes HTTP API: create is
 * {@code POST /api/v1/namespaces/NS/configmaps}, update is a {@code PUT} carrying the expected resourceVersion.
 * One keep-alive connection per driver thread.
 */
public final class HttpApiTarget implements WriteTarget {

    private final int port;
    private final String namespace;
    private final ThreadLocal<HttpConnection> connections;
    private final List<HttpConnection> all = new CopyOnWriteArrayList<>();

    public HttpApiTarget(int port, String namespace) {
        this.port = port;
        this.namespace = namespace;
        this.connections = ThreadLocal.withInitial(() -> {
            HttpConnection c = new HttpConnection(port);
            all.add(c);
            return c;
        });
    }

    @Override
    public String name() {
        return "http";
    }

    /** The JSON of a ConfigMap like {@link RegistryTarget#configMap}, with an optional resourceVersion. */
    static byte[] body(String namespace, String name, long stampNanos, long resourceVersion) {
        String stamp = Payload.stamp(stampNanos);
        String rv = resourceVersion > 0 ? ",\"resourceVersion\":\"" + resourceVersion + "\"" : "";
        return ("{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                + "\",\"namespace\":\"" + namespace + "\"" + rv + "},\"data\":{\"t\":\"" + stamp + "\",\"pad\":\""
                + Payload.padding(OBJECT_BYTES - stamp.length() - 4) + "\"}}").getBytes(StandardCharsets.UTF_8);
    }

    private String collection() {
        return "/api/v1/namespaces/" + namespace + "/configmaps";
    }

    @Override
    public long create(String key, long stampNanos) throws IOException {
        HttpConnection.Response r = connections.get().request("POST", collection(), body(namespace, key, stampNanos, 0));
        return resourceVersion(expect(r, 201));
    }

    @Override
    public long update(String key, long stampNanos, long expected) throws IOException {
        HttpConnection.Response r = connections.get().request("PUT", collection() + "/" + key,
                body(namespace, key, stampNanos, expected));
        return resourceVersion(expect(r, 200));
    }

    /** Deletes {@code key} (200 or 202). */
    public void delete(String key) throws IOException {
        HttpConnection.Response r = connections.get().request("DELETE", collection() + "/" + key, null);
        expect(r, r.status() == 202 ? 202 : 200);
    }

    @Override
    public long revisionOf(String key) throws IOException {
        HttpConnection.Response r = connections.get().request("GET", collection() + "/" + key, null);
        return r.status() == 404 ? 0 : resourceVersion(expect(r, 200));
    }

    /** Creates a namespace (201, or 409 when it exists). */
    public void createNamespace(String name) throws IOException {
        byte[] ns = ("{\"apiVersion\":\"v1\",\"kind\":\"Namespace\",\"metadata\":{\"name\":\"" + name + "\"}}")
                .getBytes(StandardCharsets.UTF_8);
        HttpConnection.Response r = connections.get().request("POST", "/api/v1/namespaces", ns);
        if (r.status() != 201 && r.status() != 409) {
            throw new IOException("creating namespace " + name + ": HTTP " + r.status() + " " + r.text());
        }
    }

    private static HttpConnection.Response expect(HttpConnection.Response r, int status) throws IOException {
        if (r.status() != status) {
            String text = r.text();
            throw new IOException("HTTP " + r.status() + ": " + text.substring(0, Math.min(300, text.length())));
        }
        return r;
    }

    /** metadata.resourceVersion of a JSON object (the first "resourceVersion" field: a ConfigMap has one). */
    static long resourceVersion(HttpConnection.Response r) throws IOException {
        return resourceVersion(r.text());
    }

    static long resourceVersion(String json) throws IOException {
        int i = json.indexOf("\"resourceVersion\"");
        int colon = i < 0 ? -1 : json.indexOf(':', i + 17);
        int open = colon < 0 ? -1 : json.indexOf('"', colon);
        int close = open < 0 ? -1 : json.indexOf('"', open + 1);
        if (close < 0) {
            throw new IOException("no resourceVersion in " + json.substring(0, Math.min(200, json.length())));
        }
        return Long.parseLong(json.substring(open + 1, close));
    }

    int port() {
        return port;
    }

    @Override
    public void close() {
        all.forEach(HttpConnection::close);
    }
}
