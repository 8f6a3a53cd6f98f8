package io.stevedore.apiserver.internal.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiResourceTest {

    private static TestServer server;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10)).build();

    @BeforeAll
    static void start() {
        server = new TestServer(OpenApiResource.class, OpenApiAcceptFilter.class);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(server.base() + path)).timeout(Duration.ofSeconds(30));
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private static String text(HttpResponse<byte[]> r) {
        return new String(r.body(), StandardCharsets.UTF_8);
    }

    /** The serverRelativeURL of each group-version in /openapi/v3. */
    private static Map<String, String> index() throws Exception {
        HttpResponse<byte[]> r = get("/openapi/v3");
        Matcher m = Pattern.compile("\"([^\"]+)\":\\{\"serverRelativeURL\":\"([^\"]+)\"}").matcher(text(r));
        Map<String, String> out = new LinkedHashMap<>();
        while (m.find()) {
            out.put(m.group(1), m.group(2));
        }
        return out;
    }

    @Test
    void indexListsEveryGroupVersionWithTheHashOfItsDocument() throws Exception {
        HttpResponse<byte[]> r = get("/openapi/v3");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(r.headers().firstValue("ETag")).hasValue('"' + OpenApiDocuments.sha512(r.body()) + '"');
        Map<String, String> idx = index();
        assertThat(idx).containsOnlyKeys("api/v1", "apis/apps/v1", "apis/coordination.k8s.io/v1", "apis/discovery.k8s.io/v1",
                "apis/scheduling.k8s.io/v1", "apis/authentication.k8s.io/v1", "apis/authorization.k8s.io/v1",
                "apis/events.k8s.io/v1");
        for (Map.Entry<String, String> e : idx.entrySet()) {
            HttpResponse<byte[]> doc = get(e.getValue());
            assertThat(doc.statusCode()).isEqualTo(200);
            assertThat(e.getValue()).isEqualTo("/openapi/v3/" + e.getKey() + "?hash=" + OpenApiDocuments.sha512(doc.body()));
            assertThat(e.getValue()).matches(".*hash=[0-9A-F]{128}");
        }
    }

    @Test
    void indexHonoursIfNoneMatch() throws Exception {
        String etag = get("/openapi/v3").headers().firstValue("ETag").orElseThrow();
        HttpResponse<byte[]> r = get("/openapi/v3", "If-None-Match", etag);
        assertThat(r.statusCode()).isEqualTo(304);
        assertThat(r.body()).isEmpty();
        assertThat(get("/openapi/v3", "If-None-Match", "\"other\"").statusCode()).isEqualTo(200);
    }

    @Test
    void documentWithCurrentHashIsImmutable() throws Exception {
        HttpResponse<byte[]> r = get(index().get("apis/apps/v1"), "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("public, immutable");
        assertThat(r.headers().firstValue("Vary")).hasValue("Accept");
        assertThat(r.headers().firstValue("Expires")).hasValueSatisfying(v -> assertThat(v).endsWith(" GMT"));
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(text(r)).startsWith("{\"openapi\":\"3.0.0\"").contains("\"/apis/apps/v1/namespaces/{namespace}/deployments/{name}\"");
    }

    @Test
    void documentWithStaleHashRedirectsToTheCurrentOne() throws Exception {
        String current = index().get("api/v1");
        HttpResponse<byte[]> r = get("/openapi/v3/api/v1?hash=0123ABCD");
        assertThat(r.statusCode()).isEqualTo(301);
        assertThat(r.headers().firstValue("Location")).hasValueSatisfying(v -> assertThat(v).endsWith(current));
    }

    @Test
    void documentWithoutHashIsNotCached() throws Exception {
        HttpResponse<byte[]> r = get("/openapi/v3/apis/coordination.k8s.io/v1");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Cache-Control")).hasValue("no-cache, private");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(etag).isEqualTo('"' + OpenApiDocuments.sha512(r.body()) + '"');
        assertThat(get("/openapi/v3/apis/coordination.k8s.io/v1", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void unknownGroupVersionIsANotFoundStatus() throws Exception {
        HttpResponse<byte[]> r = get("/openapi/v3/apis/batch/v1");
        assertThat(r.statusCode()).isEqualTo(404);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/json"));
        assertThat(text(r)).startsWith("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",")
                .contains("\"reason\":\"NotFound\"").endsWith("\"code\":404}");
    }

    @Test
    void protobufOnlyRequestsAreNotAcceptable() throws Exception {
        assertThat(get("/openapi/v3/api/v1", "Accept", "application/com.github.proto-openapi.spec.v3.v1.0+protobuf")
                .statusCode()).isEqualTo(406);
        assertThat(get("/openapi/v2", "Accept", "application/vnd.kubernetes.protobuf").statusCode()).isEqualTo(406);
        assertThat(get("/openapi/v3/api/v1", "Accept", "application/com.github.proto-openapi.spec.v3@v1.0+protobuf")
                .statusCode()).isEqualTo(406);
        assertThat(get("/openapi/v3/api/v1", "Accept",
                "application/com.github.proto-openapi.spec.v3.v1.0+protobuf, application/json;q=0.9").statusCode())
                .isEqualTo(200);
    }

    @Test
    void v2IsServedAsGnosticProtobufForKubectlsMediaType() throws Exception {
        HttpResponse<byte[]> json = get("/openapi/v2", "Accept", "application/json");
        HttpResponse<byte[]> r = get("/openapi/v2", "Accept", "application/com.github.proto-openapi.spec.v2@v1.0+protobuf");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValue("application/com.github.proto-openapi.spec.v2.v1.0+protobuf");
        assertThat(r.headers().firstValue("ETag")).isEqualTo(json.headers().firstValue("ETag"));
        // field 1 (swagger), length 3, "2.0"
        assertThat(java.util.Arrays.copyOf(r.body(), 5)).containsExactly(0x0A, 3, '2', '.', '0');
        assertThat(r.body().length).isGreaterThan(100_000);
        assertThat(OpenApiResource.negotiateV2("application/json;q=0.5, application/com.github.proto-openapi.spec.v2.v1.0+protobuf"))
                .isEqualTo(OpenApiResource.V2_PROTOBUF);
        assertThat(OpenApiResource.negotiateV2("application/com.github.proto-openapi.spec.v2.v1.0+protobuf;q=0.5, */*"))
                .isEqualTo(OpenApiResource.JSON);
        assertThat(OpenApiResource.negotiateV2("text/html")).isNull();
    }

    @Test
    void v2IsServedAsJson() throws Exception {
        HttpResponse<byte[]> r = get("/openapi/v2", "Accept", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(text(r)).startsWith("{\"swagger\":\"2.0\"").contains("\"#/definitions/io.k8s.api.core.v1.PodSpec\"");
        String etag = r.headers().firstValue("ETag").orElseThrow();
        assertThat(get("/openapi/v2", "If-None-Match", etag).statusCode()).isEqualTo(304);
    }

    @Test
    void acceptHeaderParsing() {
        assertThat(OpenApiResource.acceptsJson(null)).isTrue();
        assertThat(OpenApiResource.acceptsJson("application/json, */*")).isTrue();
        assertThat(OpenApiResource.acceptsJson("application/*;q=0.5")).isTrue();
        assertThat(OpenApiResource.acceptsJson("application/vnd.kubernetes.protobuf")).isFalse();
    }
}
