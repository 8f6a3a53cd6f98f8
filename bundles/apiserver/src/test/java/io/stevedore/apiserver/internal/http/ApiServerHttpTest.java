package io.stevedore.apiserver.internal.http;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.apiserver.internal.testing.Http;
import io.stevedore.apiserver.internal.testing.Http.Reply;
import io.stevedore.apiserver.internal.testing.TestServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The REST API over a memory store: verbs, status codes and Status bodies as Kubernetes answers them. */
class ApiServerHttpTest {

    static TestServer server;
    static Http http;

    @BeforeAll
    static void start() throws Exception {
        server = new TestServer();
        http = new Http(server.url());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static String configMap(String name, String extra) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name + "\"" + extra
                + "},\"data\":{\"k\":\"v\"}}";
    }

    static void assertStatus(Reply r, int code, String reason) {
        assertThat(r.code()).as(r.body()).isEqualTo(code);
        assertThat(r.contentType()).startsWith("application/json");
        JsonNode s = r.json();
        assertThat(s.path("kind").asString()).isEqualTo("Status");
        assertThat(s.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(s.path("status").asString()).isEqualTo("Failure");
        assertThat(s.path("reason").asString()).isEqualTo(reason);
        assertThat(s.path("code").asInt()).isEqualTo(code);
    }

    int countConfigMaps(String ns) {
        return http.get("/api/v1/namespaces/" + ns + "/configmaps").json().path("items").size();
    }

    @Test
    void systemNamespacesExistAtStart() {
        JsonNode list = http.get("/api/v1/namespaces").json();
        assertThat(list.path("kind").asString()).isEqualTo("NamespaceList");
        assertThat(list.path("items").findValuesAsString("name"))
                .contains("default", "kube-system", "kube-public", "kube-node-lease");
    }

    @Test
    void createGetUpdateDeleteRoundTrip() {
        Reply created = http.post("/api/v1/namespaces/default/configmaps", configMap("crud", ""));
        assertThat(created.code()).isEqualTo(201);
        JsonNode obj = created.json();
        assertThat(obj.path("metadata").path("uid").asString()).isNotEmpty();
        assertThat(obj.path("metadata").path("namespace").asString()).isEqualTo("default");
        String rv = obj.path("metadata").path("resourceVersion").asString();
        assertThat(Long.parseLong(rv)).isPositive();

        JsonNode got = http.get("/api/v1/namespaces/default/configmaps/crud").json();
        assertThat(got).isEqualTo(obj);

        Reply noop = http.put("/api/v1/namespaces/default/configmaps/crud",
                configMap("crud", ",\"resourceVersion\":\"" + rv + "\""));
        assertThat(noop.code()).isEqualTo(200);
        assertThat(noop.json().path("metadata").path("resourceVersion").asString()).isEqualTo(rv);
        Reply updated = http.put("/api/v1/namespaces/default/configmaps/crud",
                configMap("crud", ",\"resourceVersion\":\"" + rv + "\",\"labels\":{\"v\":\"2\"}"));
        assertThat(updated.code()).isEqualTo(200);
        assertThat(Long.parseLong(updated.json().path("metadata").path("resourceVersion").asString()))
                .isGreaterThan(Long.parseLong(rv));

        Reply stale = http.put("/api/v1/namespaces/default/configmaps/crud",
                configMap("crud", ",\"resourceVersion\":\"" + rv + "\",\"labels\":{\"a\":\"b\"}"));
        assertStatus(stale, 409, "Conflict");
        assertThat(stale.json().path("message").asString()).contains("the object has been modified");

        Reply deleted = http.delete("/api/v1/namespaces/default/configmaps/crud", null);
        assertThat(deleted.code()).isEqualTo(200);
        assertThat(deleted.json().path("status").asString()).isEqualTo("Success");
        assertStatus(http.get("/api/v1/namespaces/default/configmaps/crud"), 404, "NotFound");
    }

    @Test
    void cleartextHttp2UpgradeIsDeclinedAndTheRequestServed() throws Exception {
        // Java's HttpClient (the fabric8 client's transport) offers "Upgrade: h2c" on a POST with a body
        java.net.http.HttpClient h2 = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_2).build();
        java.net.http.HttpResponse<String> r = h2.send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(server.url() + "/api/v1/namespaces/default/configmaps"))
                .timeout(java.time.Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString(configMap("via-h2c", ""))).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(201);
        assertThat(r.version()).isEqualTo(java.net.http.HttpClient.Version.HTTP_1_1);
    }

    @Test
    void unknownFieldsAreRejectedWhenStrictAndDroppedOtherwise() {
        String body = "{\"metadata\":{\"name\":\"typo\"},\"data\":{\"k\":\"v\"},\"dataa\":{\"x\":\"y\"}}";
        Reply strict = http.post("/api/v1/namespaces/default/configmaps?fieldValidation=Strict", body);
        assertStatus(strict, 400, "BadRequest");
        assertThat(strict.json().path("message").asString())
                .isEqualTo("strict decoding error: unknown field \"dataa\"");
        Reply deep = http.post("/apis/apps/v1/namespaces/default/deployments?fieldValidation=Strict",
                "{\"metadata\":{\"name\":\"typo\"},\"spec\":{\"selector\":{\"matchLabels\":{\"a\":\"b\"}},"
                        + "\"template\":{\"metadata\":{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":"
                        + "[{\"name\":\"c\",\"image\":\"i\",\"imagee\":\"x\"}]}}}}");
        assertThat(deep.json().path("message").asString())
                .isEqualTo("strict decoding error: unknown field \"spec.template.spec.containers[0].imagee\"");
        java.net.http.HttpResponse<String> warnRaw;
        try {
            warnRaw = http.client().send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(server.url()
                            + "/api/v1/namespaces/default/configmaps")).header("Content-Type", "application/json")
                    .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        assertThat(warnRaw.headers().allValues("Warning")).containsExactly("299 - \"unknown field \\\"dataa\\\"\"");
        Reply warn = new Reply(warnRaw.statusCode(), "application/json", warnRaw.body());
        assertThat(warn.code()).isEqualTo(201);
        assertThat(warn.json().has("dataa")).isFalse();
        assertThat(http.get("/api/v1/namespaces/default/configmaps/typo").json().has("dataa")).isFalse();
    }

    @Test
    void duplicateCreateIsAlreadyExists() {
        assertThat(http.post("/api/v1/namespaces/default/configmaps", configMap("dup", "")).code()).isEqualTo(201);
        Reply again = http.post("/api/v1/namespaces/default/configmaps", configMap("dup", ""));
        assertStatus(again, 409, "AlreadyExists");
        assertThat(again.json().path("message").asString()).isEqualTo("configmaps \"dup\" already exists");
        assertThat(again.json().path("details").path("kind").asString()).isEqualTo("configmaps");
    }

    @Test
    void badInputGetsStatusAndChangesNothing() {
        int before = countConfigMaps("default");
        assertStatus(http.post("/api/v1/namespaces/default/configmaps", "{not json"), 400, "BadRequest");
        assertStatus(http.post("/api/v1/namespaces/default/configmaps", "[1,2]"), 400, "BadRequest");
        Reply invalid = http.post("/api/v1/namespaces/default/configmaps",
                "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{}}");
        assertStatus(invalid, 422, "Invalid");
        assertThat(invalid.json().path("details").path("causes").get(0).path("field").asString())
                .isEqualTo("metadata.name");
        assertStatus(http.get("/api/v1/namespaces/default/widgets"), 404, "NotFound");
        assertStatus(http.get("/apis/nope/v1/things"), 404, "NotFound");
        assertStatus(http.send("POST", "/version", "application/json", "{}", null), 405, "MethodNotAllowed");
        assertStatus(http.send("PUT", "/api/v1/namespaces/default/configmaps", "application/json", "{}", null),
                405, "MethodNotAllowed");
        String huge = configMap("huge", "").replace("\"v\"", "\"" + "x".repeat(3 * 1024 * 1024 + 10) + "\"");
        assertStatus(http.post("/api/v1/namespaces/default/configmaps", huge), 413, "RequestEntityTooLarge");
        assertStatus(http.send("POST", "/api/v1/namespaces/default/configmaps", "text/csv", "a,b", null), 415,
                "UnsupportedMediaType");
        assertStatus(http.patch("/api/v1/namespaces/default/configmaps/x", "application/json", "{}"), 415,
                "UnsupportedMediaType");
        assertThat(countConfigMaps("default")).isEqualTo(before);
    }

    @Test
    void createInMissingOrTerminatingNamespace() {
        Reply missing = http.post("/api/v1/namespaces/ghost/configmaps", configMap("c", ""));
        assertStatus(missing, 404, "NotFound");
        assertThat(missing.json().path("message").asString()).isEqualTo("namespaces \"ghost\" not found");

        assertThat(http.post("/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                + "\"metadata\":{\"name\":\"doomed\",\"finalizers\":[\"example.com/hold\"]}}").code()).isEqualTo(201);
        Reply del = http.delete("/api/v1/namespaces/doomed", null);
        assertThat(del.code()).isEqualTo(200);
        assertThat(del.json().path("status").path("phase").asString()).isEqualTo("Terminating");
        Reply forbidden = http.post("/api/v1/namespaces/doomed/configmaps", configMap("c", ""));
        assertStatus(forbidden, 403, "Forbidden");
        assertThat(forbidden.json().path("message").asString())
                .contains("unable to create new content in namespace doomed because it is being terminated");
    }

    @Test
    void aDeletedNamespaceWaitsForItsFinalizerWhichTheFinalizeSubresourceLifts() {
        assertThat(http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"short-lived\"}}").code()).isEqualTo(201);
        assertThat(http.post("/api/v1/namespaces/short-lived/configmaps", configMap("c1", "")).code()).isEqualTo(201);
        Reply del = http.delete("/api/v1/namespaces/short-lived", null);
        assertThat(del.code()).isEqualTo(200);
        JsonNode ns = http.get("/api/v1/namespaces/short-lived").json();
        assertThat(ns.path("status").path("phase").asString()).isEqualTo("Terminating");
        assertThat(ns.path("spec").path("finalizers").toString()).isEqualTo("[\"kubernetes\"]");
        // A plain update cannot drop the finalizer; the finalize subresource can (the namespace controller uses it).
        assertThat(http.put("/api/v1/namespaces/short-lived", "{\"metadata\":{\"name\":\"short-lived\"},"
                + "\"spec\":{\"finalizers\":[]}}").json().path("spec").path("finalizers").size()).isEqualTo(1);
        assertThat(http.put("/api/v1/namespaces/short-lived/finalize", "{\"metadata\":{\"name\":\"short-lived\"},"
                + "\"spec\":{\"finalizers\":[]}}").code()).isEqualTo(200);
        assertThat(http.get("/api/v1/namespaces/short-lived").code()).isEqualTo(404);
    }

    @Test
    void generateNameAndDryRun() {
        Reply gen = http.post("/api/v1/namespaces/default/configmaps",
                "{\"metadata\":{\"generateName\":\"gen-\"},\"data\":{}}");
        assertThat(gen.code()).isEqualTo(201);
        assertThat(gen.json().path("metadata").path("name").asString()).matches("gen-[a-z0-9]{5}");
        int before = countConfigMaps("default");
        Reply dry = http.post("/api/v1/namespaces/default/configmaps?dryRun=All", configMap("dry", ""));
        assertThat(dry.code()).isEqualTo(201);
        assertThat(countConfigMaps("default")).isEqualTo(before);
        assertStatus(http.post("/api/v1/namespaces/default/configmaps?dryRun=Some", configMap("dry", "")), 400,
                "BadRequest");
    }

    @Test
    void pagingWithContinueTokens() {
        http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"paging\"}}");
        for (int i = 0; i < 7; i++) {
            assertThat(http.post("/api/v1/namespaces/paging/configmaps", configMap("p" + i, "")).code()).isEqualTo(201);
        }
        JsonNode first = http.get("/api/v1/namespaces/paging/configmaps?limit=3").json();
        assertThat(first.path("items")).hasSize(3);
        assertThat(first.path("metadata").path("remainingItemCount").asLong()).isEqualTo(4);
        String token = first.path("metadata").path("continue").asString();
        // a write between pages does not show up: the pages are one consistent snapshot
        http.post("/api/v1/namespaces/paging/configmaps", configMap("p9", ""));
        JsonNode second = http.get("/api/v1/namespaces/paging/configmaps?limit=3&continue=" + token).json();
        assertThat(second.path("items").findValuesAsString("name")).containsExactly("p3", "p4", "p5");
        JsonNode third = http.get("/api/v1/namespaces/paging/configmaps?limit=3&continue="
                + second.path("metadata").path("continue").asString()).json();
        assertThat(third.path("items").findValuesAsString("name")).containsExactly("p6");
        assertThat(third.path("metadata").has("continue")).isFalse();
        assertStatus(http.get("/api/v1/namespaces/paging/configmaps?limit=3&continue=garbage!"), 400, "BadRequest");
    }

    @Test
    void labelAndFieldSelectors() {
        http.post("/api/v1/namespaces", "{\"metadata\":{\"name\":\"sel\"}}");
        http.post("/api/v1/namespaces/sel/configmaps", configMap("a", ",\"labels\":{\"tier\":\"web\"}"));
        http.post("/api/v1/namespaces/sel/configmaps", configMap("b", ",\"labels\":{\"tier\":\"db\"}"));
        assertThat(http.get("/api/v1/namespaces/sel/configmaps?labelSelector=tier%3Dweb").json().path("items")
                .findValuesAsString("name")).containsExactly("a");
        assertThat(http.get("/api/v1/namespaces/sel/configmaps?labelSelector=tier%20in%20(web,db)").json()
                .path("items")).hasSize(2);
        assertThat(http.get("/api/v1/namespaces/sel/configmaps?fieldSelector=metadata.name%3Db").json()
                .path("items").findValuesAsString("name")).containsExactly("b");
        assertStatus(http.get("/api/v1/namespaces/sel/configmaps?fieldSelector=spec.nope%3Db"), 400, "BadRequest");
    }

    @Test
    void tableOutputHasColumnsAndPartialMetadata() {
        Reply r = http.send("GET", "/api/v1/namespaces", null, null,
                "application/json;as=Table;v=v1;g=meta.k8s.io,application/json");
        assertThat(r.code()).isEqualTo(200);
        JsonNode t = r.json();
        assertThat(t.path("kind").asString()).isEqualTo("Table");
        assertThat(t.path("apiVersion").asString()).isEqualTo("meta.k8s.io/v1");
        assertThat(t.path("columnDefinitions").get(0).path("name").asString()).isEqualTo("Name");
        assertThat(t.path("columnDefinitions").get(0).path("format").asString()).isEqualTo("name");
        JsonNode row = t.path("rows").get(0);
        assertThat(row.path("object").path("kind").asString()).isEqualTo("PartialObjectMetadata");
        assertThat(t.path("metadata").path("resourceVersion").asString()).isNotEmpty();
        assertStatus(http.send("GET", "/api/v1/namespaces", null, null, "text/html"), 406, "NotAcceptable");
    }

    @Test
    void finalizersHoldDeletionUntilRemoved() {
        http.post("/api/v1/namespaces/default/configmaps", configMap("held", ",\"finalizers\":[\"example.com/x\"]"));
        Reply del = http.delete("/api/v1/namespaces/default/configmaps/held",
                "{\"kind\":\"DeleteOptions\",\"apiVersion\":\"v1\",\"propagationPolicy\":\"Foreground\"}");
        assertThat(del.code()).isEqualTo(200);
        JsonNode pending = http.get("/api/v1/namespaces/default/configmaps/held").json();
        assertThat(pending.path("metadata").path("deletionTimestamp").asString()).isNotEmpty();
        assertThat(pending.path("metadata").path("finalizers").findValuesAsString("")).isEmpty();
        assertThat(pending.path("metadata").path("finalizers").toString()).contains("foregroundDeletion", "example.com/x");
        Reply addNew = http.patch("/api/v1/namespaces/default/configmaps/held", "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":[\"example.com/x\",\"foregroundDeletion\",\"new\"]}}");
        assertStatus(addNew, 422, "Invalid");
        Reply cleared = http.patch("/api/v1/namespaces/default/configmaps/held", "application/merge-patch+json",
                "{\"metadata\":{\"finalizers\":null}}");
        assertThat(cleared.code()).isEqualTo(200);
        assertStatus(http.get("/api/v1/namespaces/default/configmaps/held"), 404, "NotFound");
    }

    @Test
    void orphanPolicyAddsOrphanFinalizer() {
        http.post("/apis/apps/v1/namespaces/default/replicasets", "{\"metadata\":{\"name\":\"rs-orphan\"},"
                + "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"a\":\"b\"}},\"template\":{\"metadata\":"
                + "{\"labels\":{\"a\":\"b\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}");
        Reply del = http.delete("/apis/apps/v1/namespaces/default/replicasets/rs-orphan",
                "{\"propagationPolicy\":\"Orphan\"}");
        assertThat(del.code()).isEqualTo(200);
        JsonNode rs = http.get("/apis/apps/v1/namespaces/default/replicasets/rs-orphan").json();
        assertThat(rs.path("metadata").path("finalizers").toString()).contains("orphan");
        assertThat(rs.path("metadata").has("deletionTimestamp")).isTrue();
    }

    @Test
    void discoveryLegacyAndAggregated() {
        JsonNode core = http.get("/api/v1").json();
        assertThat(core.path("kind").asString()).isEqualTo("APIResourceList");
        assertThat(core.path("resources").findValuesAsString("name")).contains("pods", "pods/status", "pods/binding",
                "namespaces", "configmaps");
        Reply agg = http.send("GET", "/apis", null, null,
                "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList,application/json");
        assertThat(agg.contentType()).contains("g=apidiscovery.k8s.io").contains("as=APIGroupDiscoveryList");
        assertThat(agg.json().path("items").findValuesAsString("name")).contains("apps", "coordination.k8s.io",
                "discovery.k8s.io");
        assertThat(http.get("/apis").json().path("kind").asString()).isEqualTo("APIGroupList");
        assertThat(http.get("/version").json().path("minor").asString()).isEqualTo("32");
    }

    @Test
    void accessReviewsAreAnsweredNotStored() {
        Reply r = http.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews",
                "{\"apiVersion\":\"authorization.k8s.io/v1\",\"kind\":\"SelfSubjectAccessReview\","
                        + "\"spec\":{\"resourceAttributes\":{\"verb\":\"create\",\"resource\":\"pods\"}}}");
        assertThat(r.code()).isEqualTo(201);
        assertThat(r.json().path("status").path("allowed").asBoolean()).isTrue();
        assertStatus(http.get("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews"), 405, "MethodNotAllowed");
        assertStatus(http.post("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews", "{\"spec\":{}}"), 422,
                "Invalid");
    }

    @Test
    void serviceAccountTokensOverHttp() {
        http.post("/api/v1/namespaces/default/serviceaccounts", "{\"metadata\":{\"name\":\"http-robot\"}}");
        Reply t = http.post("/api/v1/namespaces/default/serviceaccounts/http-robot/token",
                "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenRequest\",\"metadata\":"
                        + "{\"creationTimestamp\":null},\"spec\":{\"audiences\":null},\"status\":{\"token\":\"\","
                        + "\"expirationTimestamp\":null}}");
        assertThat(t.code()).isEqualTo(201);
        assertThat(t.json().path("status").path("token").asString()).matches("[\\w-]+\\.[\\w-]+\\.[\\w-]+");
        Reply review = http.post("/apis/authentication.k8s.io/v1/tokenreviews", "{\"apiVersion\":"
                + "\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\",\"spec\":{\"token\":\""
                + t.json().path("status").path("token").asString() + "\"}}");
        assertThat(review.code()).isEqualTo(201);
        assertThat(review.json().path("status").path("user").path("username").asString())
                .isEqualTo("system:serviceaccount:default:http-robot");
        assertStatus(http.get("/apis/authentication.k8s.io/v1/tokenreviews"), 405, "MethodNotAllowed");
        assertStatus(http.get("/api/v1/namespaces/default/serviceaccounts/http-robot/token"), 405, "MethodNotAllowed");
        assertStatus(http.post("/api/v1/namespaces/default/serviceaccounts/nobody/token", "{}"), 404, "NotFound");

        JsonNode sub = null;
        for (JsonNode r : http.get("/api/v1").json().path("resources")) {
            if (r.path("name").asString().equals("serviceaccounts/token")) {
                sub = r;
            }
        }
        assertThat(sub).isNotNull();
        assertThat(sub.path("group").asString()).isEqualTo("authentication.k8s.io");
        assertThat(sub.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(sub.path("verbs").toString()).isEqualTo("[\"create\"]");

        Reply jwks = http.get("/openid/v1/jwks");
        assertThat(jwks.contentType()).startsWith("application/jwk-set+json");
        assertThat(jwks.json().path("keys").get(0).path("kty").asString()).isEqualTo("RSA");
        assertThat(http.get("/.well-known/openid-configuration").json().path("issuer").asString())
                .isEqualTo("https://kubernetes.default.svc.cluster.local");
    }

    @Test
    void scaleSubresource() {
        http.post("/apis/apps/v1/namespaces/default/deployments", "{\"metadata\":{\"name\":\"scaled\"},"
                + "\"spec\":{\"replicas\":1,\"selector\":{\"matchLabels\":{\"app\":\"s\"}},\"template\":{\"metadata\":"
                + "{\"labels\":{\"app\":\"s\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}}}");
        JsonNode scale = http.get("/apis/apps/v1/namespaces/default/deployments/scaled/scale").json();
        assertThat(scale.path("kind").asString()).isEqualTo("Scale");
        assertThat(scale.path("apiVersion").asString()).isEqualTo("autoscaling/v1");
        assertThat(scale.path("status").path("selector").asString()).isEqualTo("app=s");
        Reply patched = http.patch("/apis/apps/v1/namespaces/default/deployments/scaled/scale",
                "application/merge-patch+json", "{\"spec\":{\"replicas\":4}}");
        assertThat(patched.code()).isEqualTo(200);
        assertThat(patched.json().path("spec").path("replicas").asInt()).isEqualTo(4);
        assertThat(http.get("/apis/apps/v1/namespaces/default/deployments/scaled").json().path("spec")
                .path("replicas").asInt()).isEqualTo(4);

        // PUT of the autoscaling/v1 Scale, as fabric8's scale(n) sends it, with its resourceVersion precondition
        String rv = patched.json().path("metadata").path("resourceVersion").asString();
        String body = "{\"apiVersion\":\"autoscaling/v1\",\"kind\":\"Scale\",\"metadata\":{\"name\":\"scaled\","
                + "\"namespace\":\"default\",\"resourceVersion\":\"%s\"},\"spec\":{\"replicas\":%d}}";
        Reply put = http.put("/apis/apps/v1/namespaces/default/deployments/scaled/scale", body.formatted(rv, 2));
        assertThat(put.code()).as(put.body()).isEqualTo(200);
        assertThat(put.json().path("kind").asString()).isEqualTo("Scale");
        assertThat(put.json().path("spec").path("replicas").asInt()).isEqualTo(2);
        assertStatus(http.put("/apis/apps/v1/namespaces/default/deployments/scaled/scale", body.formatted(rv, 7)),
                409, "Conflict");
        assertStatus(http.put("/apis/apps/v1/namespaces/default/deployments/scaled/scale",
                body.formatted("", 7).replace("autoscaling/v1", "apps/v1")), 400, "BadRequest");
        assertThat(http.get("/apis/apps/v1/namespaces/default/deployments/scaled").json().path("spec")
                .path("replicas").asInt()).isEqualTo(2);
    }

    @Test
    void bindingAssignsNodeOnce() {
        http.post("/api/v1/namespaces/default/pods", "{\"metadata\":{\"name\":\"bind-me\"},\"spec\":{\"containers\":"
                + "[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        Reply noHost = http.get("/api/v1/namespaces/default/pods/bind-me/log");
        assertStatus(noHost, 400, "BadRequest");
        assertThat(noHost.json().path("message").asString()).isEqualTo("pod bind-me does not have a host assigned");
        Reply bound = http.post("/api/v1/namespaces/default/pods/bind-me/binding",
                "{\"apiVersion\":\"v1\",\"kind\":\"Binding\",\"metadata\":{\"name\":\"bind-me\"},"
                        + "\"target\":{\"kind\":\"Node\",\"name\":\"node-1\"}}");
        assertThat(bound.code()).as(bound.body()).isEqualTo(201);
        JsonNode pod = http.get("/api/v1/namespaces/default/pods/bind-me").json();
        assertThat(pod.path("spec").path("nodeName").asString()).isEqualTo("node-1");
        assertThat(pod.path("status").path("conditions").toString()).contains("PodScheduled");
        assertStatus(http.get("/api/v1/namespaces/default/pods/bind-me/log"), 503, "ServiceUnavailable");
        Reply again = http.post("/api/v1/namespaces/default/pods/bind-me/binding",
                "{\"metadata\":{\"name\":\"bind-me\"},\"target\":{\"name\":\"node-2\"}}");
        assertStatus(again, 409, "Conflict");
        assertThat(again.json().path("message").asString()).contains("is already assigned to node \"node-1\"");
    }
}
