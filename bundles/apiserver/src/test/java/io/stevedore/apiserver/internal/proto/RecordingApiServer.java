package io.stevedore.apiserver.internal.proto;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import tools.jackson.databind.node.ObjectNode;

/**
 * A throwaway API server for driving the real kubectl in tests: version, legacy discovery for
 * namespaces, configmaps, secrets, services, deployments and selfsubjectaccessreviews, and POSTs
 * that it records and answers with 201 and the
 * {@link ProtobufCodec#encode} of the decoded body.
 */
final class RecordingApiServer implements AutoCloseable {

    /** One POST as received. */
    record Post(String path, String contentType, String accept, byte[] body) {
    }

    private static final String VERSION = "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-stevedore\","
            + "\"platform\":\"linux/amd64\"}";
    private static final String API_VERSIONS = "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],"
            + "\"serverAddressByClientCIDRs\":[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1\"}]}";
    private static final String API_GROUPS = "{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":["
            + group("apps") + "," + group("authorization.k8s.io") + "]}";
    private static final String APPS_RESOURCES = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\","
            + "\"groupVersion\":\"apps/v1\",\"resources\":["
            + resource("deployments", "deployment", true, "Deployment", "deploy") + "]}";
    private static final String AUTHORIZATION_RESOURCES = "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\","
            + "\"groupVersion\":\"authorization.k8s.io/v1\",\"resources\":["
            + "{\"name\":\"selfsubjectaccessreviews\",\"singularName\":\"selfsubjectaccessreview\",\"namespaced\":false,"
            + "\"kind\":\"SelfSubjectAccessReview\",\"verbs\":[\"create\"]}]}";
    private static final String CORE_RESOURCES = "{\"kind\":\"APIResourceList\",\"groupVersion\":\"v1\",\"resources\":["
            + resource("namespaces", "namespace", false, "Namespace", "ns") + ","
            + resource("configmaps", "configmap", true, "ConfigMap", "cm") + ","
            + resource("secrets", "secret", true, "Secret", null) + ","
            + resource("services", "service", true, "Service", "svc") + "]}";

    private final ProtobufCodec codec;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newSingleThreadExecutor();
    private final List<Post> posts = new CopyOnWriteArrayList<>();
    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<ObjectNode> answers = new CopyOnWriteArrayList<>();

    RecordingApiServer(ProtobufCodec codec) throws IOException {
        this.codec = codec;
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", this::handle);
        server.setExecutor(executor);
        server.start();
    }

    private static String group(String name) {
        return "{\"name\":\"" + name + "\",\"versions\":[{\"groupVersion\":\"" + name + "/v1\",\"version\":\"v1\"}],"
                + "\"preferredVersion\":{\"groupVersion\":\"" + name + "/v1\",\"version\":\"v1\"}}";
    }

    private static String resource(String plural, String singular, boolean namespaced, String kind, String shortName) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                + ",\"kind\":\"" + kind + "\",\"verbs\":[\"create\",\"delete\",\"get\",\"list\",\"patch\",\"update\",\"watch\"]"
                + (shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]") + "}";
    }

    String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    List<Post> posts() {
        return posts;
    }

    /** The objects sent back for each POST (as JSON, before encoding). */
    List<ObjectNode> answers() {
        return answers;
    }

    List<String> requests() {
        return requests;
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            byte[] body = exchange.getRequestBody().readAllBytes();
            String method = exchange.getRequestMethod();
            String path = exchange.getRequestURI().getPath();
            requests.add(method + " " + exchange.getRequestURI());
            if (method.equals("GET")) {
                switch (path) {
                    case "/version" -> json(exchange, 200, VERSION);
                    case "/api" -> json(exchange, 200, API_VERSIONS);
                    case "/apis" -> json(exchange, 200, API_GROUPS);
                    case "/api/v1" -> json(exchange, 200, CORE_RESOURCES);
                    case "/apis/apps/v1" -> json(exchange, 200, APPS_RESOURCES);
                    case "/apis/authorization.k8s.io/v1" -> json(exchange, 200, AUTHORIZATION_RESOURCES);
                    default -> json(exchange, 404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                            + "\"status\":\"Failure\",\"message\":\"the server could not find the requested resource\","
                            + "\"reason\":\"NotFound\",\"code\":404}");
                }
            } else if (method.equals("POST")) {
                posts.add(new Post(path, exchange.getRequestHeaders().getFirst("Content-Type"),
                        exchange.getRequestHeaders().getFirst("Accept"), body));
                ObjectNode created = codec.decode(body);
                if (path.endsWith("/selfsubjectaccessreviews")) {
                    created.withObject("status").put("allowed", true).put("reason", "stevedore test");
                } else {
                    created.withObject("metadata").put("uid", "00000000-0000-0000-0000-000000000001");
                    created.withObject("metadata").put("resourceVersion", "1");
                    created.withObject("metadata").put("creationTimestamp", "2024-01-02T03:04:05Z");
                    if (path.endsWith("/namespaces")) {
                        created.withObject("status").put("phase", "Active");
                    } else {
                        created.withObject("metadata").put("namespace", "default");
                    }
                }
                answers.add(created);
                byte[] answer = codec.encode(created);
                exchange.getResponseHeaders().set("Content-Type", ProtobufCodec.MEDIA_TYPE);
                exchange.sendResponseHeaders(201, answer.length);
                exchange.getResponseBody().write(answer);
            } else {
                json(exchange, 405, "{}");
            }
        }
    }

    private static void json(HttpExchange exchange, int code, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "application/json");
        exchange.sendResponseHeaders(code, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    @Override
    public void close() throws InterruptedException {
        server.stop(0);
        executor.shutdownNow();
        executor.awaitTermination(10, TimeUnit.SECONDS);
    }
}
