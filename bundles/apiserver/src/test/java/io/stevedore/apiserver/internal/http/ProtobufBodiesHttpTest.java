package io.stevedore.apiserver.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.apiserver.internal.proto.ProtobufCodec;
import io.stevedore.apiserver.internal.testing.Http;
import io.stevedore.apiserver.internal.testing.TestServer;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every verb that carries a body, with the body in Kubernetes protobuf as client-go sends it
 * ({@code Content-Type: application/vnd.kubernetes.protobuf}): create and update of every stored kind,
 * DeleteOptions on delete and deletecollection (Helm's release purge), Binding, Scale.
 */
class ProtobufBodiesHttpTest {

    private static final String PB = ProtobufCodec.MEDIA_TYPE;
    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ProtobufCodec CODEC = new ProtobufCodec();
    private static final String NS = "pb";

    static TestServer server;
    static Http http;

    /** A minimal valid object of every stored kind (named "x"), without apiVersion and kind. */
    private static final Map<String, String> SAMPLES = Map.ofEntries(
            Map.entry("namespaces", "{\"metadata\":{\"name\":\"x\"}}"),
            Map.entry("pods", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"containers\":[{\"name\":\"c\","
                    + "\"image\":\"busybox\"}]}}"),
            Map.entry("nodes", "{\"metadata\":{\"name\":\"x\"}}"),
            Map.entry("services", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"ports\":[{\"port\":80,"
                    + "\"targetPort\":8080}],\"selector\":{\"app\":\"x\"}}}"),
            Map.entry("endpoints", "{\"metadata\":{\"name\":\"x\"},\"subsets\":[{\"addresses\":[{\"ip\":"
                    + "\"10.244.0.5\"}],\"ports\":[{\"port\":8080}]}]}"),
            Map.entry("configmaps", "{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":\"v\"}}"),
            Map.entry("secrets", "{\"metadata\":{\"name\":\"x\"},\"data\":{\"k\":\"dg==\"},\"type\":\"Opaque\"}"),
            Map.entry("serviceaccounts", "{\"metadata\":{\"name\":\"x\"}}"),
            Map.entry("events", "{\"metadata\":{\"name\":\"x\"},\"involvedObject\":{\"kind\":\"Pod\",\"namespace\":\""
                    + NS + "\",\"name\":\"p\"},\"reason\":\"Tested\",\"message\":\"m\",\"type\":\"Normal\","
                    + "\"source\":{\"component\":\"test\"},\"count\":1,\"firstTimestamp\":\"2026-01-02T03:04:05Z\","
                    + "\"lastTimestamp\":\"2026-01-02T03:04:05Z\"}"),
            Map.entry("replicationcontrollers", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"replicas\":1,"
                    + "\"selector\":{\"app\":\"x\"},\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},"
                    + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}"),
            Map.entry("persistentvolumes", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"capacity\":{\"storage\":"
                    + "\"1Gi\"},\"accessModes\":[\"ReadWriteOnce\"],\"hostPath\":{\"path\":\"/tmp/x\"}}}"),
            Map.entry("persistentvolumeclaims", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"accessModes\":"
                    + "[\"ReadWriteOnce\"],\"resources\":{\"requests\":{\"storage\":\"1Gi\"}}}}"),
            Map.entry("deployments", replicated()),
            Map.entry("replicasets", replicated()),
            Map.entry("leases", "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"holderIdentity\":\"n\","
                    + "\"leaseDurationSeconds\":40}}"),
            Map.entry("endpointslices", "{\"metadata\":{\"name\":\"x\"},\"addressType\":\"IPv4\",\"endpoints\":"
                    + "[{\"addresses\":[\"10.244.0.5\"]}],\"ports\":[{\"name\":\"http\",\"port\":8080,"
                    + "\"protocol\":\"TCP\"}]}"),
            Map.entry("events.events.k8s.io", "{\"metadata\":{\"name\":\"x\"},\"eventTime\":"
                    + "\"2026-01-02T03:04:05.123456Z\",\"reportingController\":\"test\",\"reportingInstance\":\"test-1\","
                    + "\"action\":\"Testing\",\"reason\":\"Tested\",\"type\":\"Normal\",\"note\":\"n\",\"regarding\":"
                    + "{\"kind\":\"Pod\",\"namespace\":\"" + NS + "\",\"name\":\"p\"}}"),
            Map.entry("priorityclasses", "{\"metadata\":{\"name\":\"x\"},\"value\":1000,\"description\":\"d\"}"));

    private static String replicated() {
        return "{\"metadata\":{\"name\":\"x\"},\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"x\"}},"
                + "\"template\":{\"metadata\":{\"labels\":{\"app\":\"x\"}},\"spec\":{\"containers\":[{\"name\":\"c\","
                + "\"image\":\"busybox\"}]}}}}";
    }

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        http = new Http(server.url());
        send("POST", "/api/v1/namespaces", PB, pb("v1", "Namespace", "{\"metadata\":{\"name\":\"" + NS + "\"}}"));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    record Reply(int code, String contentType, byte[] body) {
        ObjectNode object() {
            return contentType.startsWith(PB) ? CODEC.decode(body) : (ObjectNode) MAPPER.readTree(body);
        }
    }

    static Reply send(String method, String path, String contentType, byte[] body) {
        Http.RawReply r = http.sendBytes(method, path, contentType, body, PB + ", application/json");
        return new Reply(r.code(), r.contentType(), r.body());
    }

    static byte[] pb(String apiVersion, String kind, String json) {
        ObjectNode o = (ObjectNode) MAPPER.readTree(json);
        o.put("apiVersion", apiVersion);
        o.put("kind", kind);
        return CODEC.encode(o);
    }

    static String collection(ResourceType t) {
        String base = t.group().isEmpty() ? "/api/v1" : "/apis/" + t.group() + "/" + t.version();
        return base + (t.namespaced() ? "/namespaces/" + NS : "") + "/" + t.plural();
    }

    /** The plural, qualified with the group where two groups share it (events, events.events.k8s.io). */
    static String sampleKey(ResourceType t) {
        return t == ResourceTypes.EVENTS_V1 ? t.plural() + "." + t.group() : t.plural();
    }

    static Stream<ResourceType> storedKinds() {
        return ResourceTypes.all().stream().filter(ResourceTypes::isStored);
    }

    @Test
    void everyStoredKindHasASample() {
        assertThat(SAMPLES.keySet()).containsExactlyInAnyOrderElementsOf(
                storedKinds().map(ProtobufBodiesHttpTest::sampleKey).toList());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("storedKinds")
    void createUpdateAndDeleteWithProtobufBodies(ResourceType t) throws Exception {
        String name = "x";
        String url = collection(t);
        Reply created = send("POST", url, PB, pb(t.apiVersion(), t.kind(), SAMPLES.get(sampleKey(t))));
        assertThat(created.code()).as(new String(created.body())).isEqualTo(201);
        assertThat(created.contentType()).startsWith(PB);
        ObjectNode obj = created.object();
        assertThat(obj.path("metadata").path("name").asString()).isEqualTo(name);
        String uid = obj.path("metadata").path("uid").asString();

        obj.withObject("/metadata").withObject("labels").put("updated", "yes");
        Reply updated = send("PUT", url + "/" + name, PB, CODEC.encode(obj));
        assertThat(updated.code()).as(new String(updated.body())).isEqualTo(200);
        assertThat(updated.object().path("metadata").path("labels").path("updated").asString()).isEqualTo("yes");

        // a DeleteOptions precondition that does not hold: the body was read, nothing is deleted
        Reply stale = send("DELETE", url + "/" + name, PB, pb("v1", "DeleteOptions",
                "{\"preconditions\":{\"uid\":\"not-" + uid + "\"}}"));
        assertThat(stale.code()).isEqualTo(409);
        assertThat(send("GET", url + "/" + name, null, null).code()).isEqualTo(200);
        Reply deleted = send("DELETE", url + "/" + name, PB, pb("meta.k8s.io/v1", "DeleteOptions",
                "{\"preconditions\":{\"uid\":\"" + uid + "\"},\"gracePeriodSeconds\":0,"
                        + "\"propagationPolicy\":\"Background\"}"));
        assertThat(deleted.code()).as(new String(deleted.body())).isEqualTo(200);
        if (t.equals(ResourceTypes.NAMESPACES)) {
            return; // namespaces finalize in the background
        }
        assertThat(send("GET", url + "/" + name, null, null).code()).isEqualTo(404);
    }

    @Test
    void deleteCollectionReadsProtobufDeleteOptions() throws Exception {
        String url = "/api/v1/namespaces/" + NS + "/configmaps";
        for (String n : new String[] {"dc-1", "dc-2"}) {
            assertThat(send("POST", url, PB, pb("v1", "ConfigMap",
                    "{\"metadata\":{\"name\":\"" + n + "\",\"labels\":{\"set\":\"dc\"}}}")).code()).isEqualTo(201);
        }
        Reply dry = send("DELETE", url + "?labelSelector=set%3Ddc", PB, pb("v1", "DeleteOptions",
                "{\"dryRun\":[\"All\"]}"));
        assertThat(dry.code()).isEqualTo(200);
        assertThat(countConfigMaps("set=dc")).isEqualTo(2);
        Reply real = send("DELETE", url + "?labelSelector=set%3Ddc", PB, pb("v1", "DeleteOptions", "{}"));
        assertThat(real.code()).isEqualTo(200);
        assertThat(countConfigMaps("set=dc")).isZero();
    }

    private int countConfigMaps(String selector) throws Exception {
        Reply r = send("GET", "/api/v1/namespaces/" + NS + "/configmaps?labelSelector="
                + selector.replace("=", "%3D"), null, null);
        return r.object().path("items").size();
    }

    @Test
    void deleteRejectsAProtobufBodyOfAnotherKind() throws Exception {
        String url = "/api/v1/namespaces/" + NS + "/configmaps";
        send("POST", url, PB, pb("v1", "ConfigMap", "{\"metadata\":{\"name\":\"kept\"}}"));
        Reply r = send("DELETE", url + "/kept", PB, pb("v1", "ConfigMap", "{\"metadata\":{\"name\":\"kept\"}}"));
        assertThat(r.code()).isEqualTo(400);
        assertThat(r.object().path("reason").asString()).isEqualTo("BadRequest");
        assertThat(send("GET", url + "/kept", null, null).code()).isEqualTo(200);
    }

    @Test
    void bindingInProtobuf() throws Exception {
        String pods = "/api/v1/namespaces/" + NS + "/pods";
        send("POST", pods, PB, pb("v1", "Pod", SAMPLES.get("pods").replace("\"x\"", "\"bound\"")));
        Reply bound = send("POST", pods + "/bound/binding", PB, pb("v1", "Binding",
                "{\"metadata\":{\"name\":\"bound\"},\"target\":{\"kind\":\"Node\",\"name\":\"node-7\"}}"));
        assertThat(bound.code()).as(new String(bound.body())).isEqualTo(201);
        assertThat(send("GET", pods + "/bound", null, null).object().path("spec").path("nodeName").asString())
                .isEqualTo("node-7");
    }

    @Test
    void scaleInProtobufWithResourceVersionPreconditions() throws Exception {
        String deploy = "/apis/apps/v1/namespaces/" + NS + "/deployments";
        send("POST", deploy, PB, pb("apps/v1", "Deployment", replicated().replace("\"name\":\"x\"",
                "\"name\":\"scaled\"")));
        Reply got = send("GET", deploy + "/scaled/scale", null, null);
        assertThat(got.contentType()).startsWith(PB);
        ObjectNode scale = got.object();
        assertThat(scale.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        String rv = scale.path("metadata").path("resourceVersion").asString();

        ObjectNode stale = scale.deepCopy();
        stale.withObject("/metadata").put("resourceVersion", Long.toString(Long.parseLong(rv) - 1));
        stale.withObject("/spec").put("replicas", 9);
        assertThat(send("PUT", deploy + "/scaled/scale", PB, CODEC.encode(stale)).code()).isEqualTo(409);

        scale.withObject("/spec").put("replicas", 3);
        Reply put = send("PUT", deploy + "/scaled/scale", PB, CODEC.encode(scale));
        assertThat(put.code()).as(new String(put.body())).isEqualTo(200);
        assertThat(put.object().path("spec").path("replicas").asInt()).isEqualTo(3);
        assertThat(send("GET", deploy + "/scaled", null, null).object().path("spec").path("replicas").asInt())
                .isEqualTo(3);
    }
}
