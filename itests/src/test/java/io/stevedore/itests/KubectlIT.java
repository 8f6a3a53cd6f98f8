package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.itests.Cluster.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The real kubectl against the assembled distribution, the way a user drives a cluster. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KubectlIT {

    static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start("kubectl");
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static String manifest(String name) {
        return Path.of("src/test/resources/manifests", name).toAbsolutePath().toString();
    }

    @Test
    @Order(1)
    void createNamespaceAndApplyPlainYaml() {
        assertThat(cluster.kubectl("create", "namespace", "shop").assertOk().out()).contains("namespace/shop created");
        Result applied = cluster.kubectl("apply", "-f", manifest("deployment.yaml"), "-f", manifest("service.yaml"),
                "-f", manifest("configmap.yaml")).assertOk();
        assertThat(applied.out()).contains("deployment.apps/web created", "service/web created",
                "configmap/web-config created", "configmap/web-extra created");
    }

    @Test
    @Order(2)
    void getWithEveryOutputFormat() {
        String wide = cluster.kubectl("get", "pods,deploy,svc", "-A", "-o", "wide").assertOk().out();
        assertThat(wide).contains("deployment.apps/web", "service/web", "UP-TO-DATE", "SELECTOR", "CLUSTER-IP");
        String table = cluster.kubectl("get", "deploy", "-n", "shop").assertOk().out();
        assertThat(table.lines().findFirst().orElse("")).contains("NAME", "READY", "UP-TO-DATE", "AVAILABLE", "AGE");
        assertThat(cluster.kubectl("get", "deploy", "web", "-n", "shop", "-o", "yaml").assertOk().out())
                .contains("kind: Deployment", "replicas: 2", "resourceVersion:", "uid:", "generation: 1");
        assertThat(cluster.kubectl("get", "deploy", "web", "-n", "shop", "-o", "json").assertOk().out())
                .contains("\"kind\": \"Deployment\"", "\"progressDeadlineSeconds\": 600");
        assertThat(cluster.kubectl("get", "cm", "-n", "shop", "-o", "name").assertOk().out())
                .contains("configmap/web-config", "configmap/web-extra");
        assertThat(cluster.kubectl("get", "svc", "web", "-n", "shop", "-o", "jsonpath={.spec.ports[0].port}")
                .assertOk().out()).isEqualTo("80");
        assertThat(cluster.kubectl("get", "ns").assertOk().out()).contains("default", "kube-system", "kube-public",
                "kube-node-lease", "shop", "Active");
    }

    @Test
    @Order(3)
    void describeDeployment() {
        String out = cluster.kubectl("describe", "deploy", "web", "-n", "shop").assertOk().out();
        assertThat(out).contains("Name:", "web", "Namespace:", "shop", "Selector:", "app=web", "busybox:1.36");
    }

    @Test
    @Order(4)
    void applyTwiceUpdatesThroughStrategicMergePatch() {
        assertThat(cluster.kubectl("apply", "-f", manifest("deployment.yaml")).assertOk().out())
                .contains("deployment.apps/web unchanged");
        assertThat(cluster.kubectl("apply", "-f", manifest("deployment-v2.yaml")).assertOk().out())
                .contains("deployment.apps/web configured");
        String json = cluster.kubectl("get", "deploy", "web", "-n", "shop", "-o", "json").assertOk().out();
        assertThat(json).contains("busybox:1.37").doesNotContain("DEBUG").contains("MODE");
        assertThat(cluster.kubectl("get", "deploy", "web", "-n", "shop", "-o",
                "jsonpath={.metadata.generation}").assertOk().out()).isEqualTo("2");
    }

    @Test
    @Order(5)
    void serverSideApply() {
        Result r = cluster.kubectl("apply", "--server-side", "-f", manifest("configmap.yaml"));
        assertThat(r.assertOk().out()).contains("serverside-applied");
        assertThat(cluster.kubectl("get", "cm", "web-config", "-n", "shop", "-o", "yaml", "--show-managed-fields")
                .assertOk().out()).contains("manager: kubectl", "operation: Apply");
    }

    @Test
    @Order(6)
    void patchLabelAnnotate() {
        cluster.kubectl("patch", "cm", "web-config", "-n", "shop", "--type=merge", "-p", "{\"data\":{\"a\":\"1\"}}")
                .assertOk();
        cluster.kubectl("patch", "cm", "web-config", "-n", "shop", "--type=json",
                "-p", "[{\"op\":\"add\",\"path\":\"/data/b\",\"value\":\"2\"}]").assertOk();
        cluster.kubectl("label", "cm", "web-config", "-n", "shop", "tier=frontend").assertOk();
        cluster.kubectl("annotate", "cm", "web-config", "-n", "shop", "owner=team-a").assertOk();
        String yaml = cluster.kubectl("get", "cm", "web-config", "-n", "shop", "-o", "yaml").assertOk().out();
        assertThat(yaml).contains("a: \"1\"", "b: \"2\"", "tier: frontend", "owner: team-a");
        assertThat(cluster.kubectl("get", "cm", "-n", "shop", "-l", "tier=frontend", "-o", "name").assertOk().out()
                .trim()).isEqualTo("configmap/web-config");
        assertThat(cluster.kubectl("get", "cm", "-n", "shop", "--field-selector", "metadata.name=web-extra", "-o",
                "name").assertOk().out().trim()).isEqualTo("configmap/web-extra");
    }

    @Test
    @Order(7)
    void watchSeesChanges() throws Exception {
        Path out = Files.createTempFile(cluster.home(), "watch", ".out");
        Process w = cluster.kubectlAsync(out, "get", "cm", "-n", "shop", "-w");
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("web-extra"));
            cluster.kubectl("create", "configmap", "watched", "-n", "shop", "--from-literal=k=v").assertOk();
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> Files.readString(out).contains("watched"));
        } finally {
            w.destroyForcibly();
            w.waitFor();
        }
    }

    @Test
    @Order(8)
    void chunkedListing() {
        for (int i = 0; i < 12; i++) {
            cluster.kubectl("create", "configmap", "chunk-" + i, "-n", "shop", "--from-literal=i=" + i).assertOk();
        }
        String out = cluster.kubectl("get", "cm", "-n", "shop", "--chunk-size=5", "-o", "name").assertOk().out();
        assertThat(out.lines().filter(l -> l.startsWith("configmap/chunk-")).count()).isEqualTo(12);
    }

    @Test
    @Order(9)
    void discoveryAndExplain() {
        String resources = cluster.kubectl("api-resources").assertOk().out();
        assertThat(resources).contains("deployments", "deploy", "apps/v1", "endpointslices", "leases", "pods", "po");
        String explain = cluster.kubectl("explain", "deployment.spec.replicas").assertOk().out();
        assertThat(explain).contains("replicas", "integer");
    }

    @Test
    @Order(10)
    void badInputIsRejectedWithKubernetesErrors() {
        Result invalid = cluster.kubectl("apply", "-f", manifest("invalid-deployment.yaml"));
        assertThat(invalid.exitCode()).isNotZero();
        assertThat(invalid.err()).contains("is invalid");
        Result typo = cluster.kubectl("apply", "-f", manifest("typo-deployment.yaml"));
        assertThat(typo.exitCode()).isNotZero();
        assertThat(typo.err()).contains("unknown field \"spec.replica\"");
        assertThat(cluster.kubectl("get", "deploy", "typo", "-n", "shop").exitCode()).isNotZero();
        Result warned = cluster.kubectl("create", "--validate=warn", "-f", manifest("typo-deployment.yaml"));
        assertThat(warned.assertOk().err()).contains("Warning: unknown field \"spec.replica\"");
        cluster.kubectl("delete", "deploy", "typo", "-n", "shop").assertOk();
        Result missing = cluster.kubectl("get", "deploy", "nope", "-n", "shop");
        assertThat(missing.exitCode()).isNotZero();
        assertThat(missing.err()).contains("deployments.apps \"nope\" not found");
        Result dup = cluster.kubectl("create", "namespace", "shop");
        assertThat(dup.err()).contains("AlreadyExists");
        Result nsMissing = cluster.kubectl("create", "configmap", "x", "-n", "ghost");
        assertThat(nsMissing.err()).contains("namespaces \"ghost\" not found");
    }

    @Test
    @Order(11)
    void deleteWithEachPropagationPolicy() {
        cluster.kubectl("delete", "cm", "web-extra", "-n", "shop").assertOk();
        assertThat(cluster.kubectl("get", "cm", "web-extra", "-n", "shop").exitCode()).isNotZero();

        // With the controller manager running, each policy ends as in Kubernetes.
        cluster.kubectl("create", "deployment", "orphaned", "-n", "shop", "--image=busybox").assertOk();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !cluster.kubectl("get", "rs", "-n", "shop",
                "-l", "app=orphaned", "--no-headers").out().isBlank());
        cluster.kubectl("delete", "deploy", "orphaned", "-n", "shop", "--cascade=orphan").assertOk();
        assertThat(cluster.kubectl("get", "deploy", "orphaned", "-n", "shop").exitCode()).isNotZero();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> cluster.kubectl("get", "rs", "-n", "shop",
                "-l", "app=orphaned", "-o", "jsonpath={.items[*].metadata.ownerReferences}").out().isBlank());
        assertThat(cluster.kubectl("get", "rs", "-n", "shop", "-l", "app=orphaned", "--no-headers").out()).isNotBlank();

        cluster.kubectl("create", "deployment", "fg", "-n", "shop", "--image=busybox").assertOk();
        Awaitility.await().atMost(Duration.ofSeconds(60)).until(() -> !cluster.kubectl("get", "pods", "-n", "shop",
                "-l", "app=fg", "--no-headers").out().isBlank());
        cluster.kubectl("delete", "deploy", "fg", "-n", "shop", "--cascade=foreground").assertOk();
        assertThat(cluster.kubectl("get", "rs,pods", "-n", "shop", "-l", "app=fg", "--no-headers").out()).isBlank();
        assertThat(cluster.kubectl("get", "deploy", "fg", "-n", "shop").exitCode()).isNotZero();
    }

    @Test
    @Order(12)
    void karafShellServesKubeCommands() {
        assertThat(cluster.shell("kube:get deploy -n shop").assertOk().out()).contains("NAME", "web");
        assertThat(cluster.shell("feature:list -i").assertOk().out()).contains("stevedore-control-plane");
    }

    @Test
    @Order(13)
    void snapshotSaveAndRestoreThroughTheShell() {
        String snapshot = cluster.home().resolve("backup.snap").toString();
        assertThat(cluster.shell("kube:snapshot-save " + snapshot).assertOk().out()).contains("revision");
        cluster.kubectl("delete", "cm", "web-config", "-n", "shop").assertOk();
        assertThat(cluster.kubectl("get", "cm", "web-config", "-n", "shop").exitCode()).isNotZero();
        assertThat(cluster.shell("kube:snapshot-restore " + snapshot).assertOk().out()).contains("restored");
        assertThat(cluster.kubectl("get", "cm", "web-config", "-n", "shop", "-o", "jsonpath={.data.greeting}")
                .assertOk().out()).isEqualTo("hello");
    }

    @Test
    @Order(14)
    void serviceAccountTokensAreSignedJwtsThatTheClusterAndItsPublishedKeysVerify() throws Exception {
        // the service account controller gives every namespace a default account
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> cluster.kubectl("get", "sa", "default", "-n",
                "shop").exitCode() == 0);
        String token = cluster.kubectl("create", "token", "default", "-n", "shop", "--duration=20m",
                "--audience=vault").assertOk().out().trim();
        assertThat(token.split("\\.")).hasSize(3);

        java.net.http.HttpClient http = java.net.http.HttpClient.newHttpClient();
        java.net.http.HttpResponse<String> jwks = http.send(java.net.http.HttpRequest.newBuilder(
                java.net.URI.create(cluster.url() + "/openid/v1/jwks")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(jwks.headers().firstValue("Content-Type")).hasValue("application/jwk-set+json");
        com.nimbusds.jwt.SignedJWT jwt = com.nimbusds.jwt.SignedJWT.parse(token);
        com.nimbusds.jose.jwk.RSAKey key = (com.nimbusds.jose.jwk.RSAKey) com.nimbusds.jose.jwk.JWKSet
                .parse(jwks.body()).getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(jwt.verify(new com.nimbusds.jose.crypto.RSASSAVerifier(key))).isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("system:serviceaccount:shop:default");
        assertThat(jwt.getJWTClaimsSet().getAudience()).containsExactly("vault");
        long lifetime = (jwt.getJWTClaimsSet().getExpirationTime().getTime()
                - jwt.getJWTClaimsSet().getIssueTime().getTime()) / 1000;
        assertThat(lifetime).isEqualTo(1200);
        assertThat(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(cluster.url()
                + "/.well-known/openid-configuration")).build(), java.net.http.HttpResponse.BodyHandlers.ofString())
                .body()).contains("\"jwks_uri\":\"" + cluster.url() + "/openid/v1/jwks\"");

        Path review = cluster.home().resolve("review.json");
        Files.writeString(review, "{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":\"TokenReview\","
                + "\"spec\":{\"token\":\"" + token + "\",\"audiences\":[\"vault\"]}}");
        // --validate=false: kubectl checks create-only kinds (they have no PATCH) against the CRD list, which comes
        // with CustomResourceDefinitions
        assertThat(cluster.kubectl("create", "--validate=false", "-f", review.toString(), "-o",
                "jsonpath={.status.authenticated} {.status.user.username}").assertOk().out())
                .isEqualTo("true system:serviceaccount:shop:default");

        // bad input: kubectl's own check, then the server's
        Result tooShort = cluster.kubectl("create", "token", "default", "-n", "shop", "--duration=5m");
        assertThat(tooShort.exitCode()).isNotZero();
        assertThat(tooShort.err()).contains("may not specify a duration less than 10 minutes");
        assertThat(cluster.kubectl("create", "token", "nobody", "-n", "shop").err())
                .contains("serviceaccounts \"nobody\" not found");
    }

    @Test
    @Order(15)
    void eventsAreServedInBothVersions() throws Exception {
        Path ev = cluster.home().resolve("event-v1.yaml");
        Files.writeString(ev, """
                apiVersion: events.k8s.io/v1
                kind: Event
                metadata:
                  name: web.probe
                  namespace: shop
                eventTime: "2026-12-03T10:00:00.000000Z"
                reportingController: example.com/prober
                reportingInstance: prober-1
                action: Probing
                reason: Unhealthy
                type: Warning
                note: readiness probe failed
                regarding:
                  kind: Deployment
                  namespace: shop
                  name: web
                """);
        cluster.kubectl("create", "-f", ev.toString()).assertOk();
        assertThat(cluster.kubectl("get", "events", "-n", "shop", "web.probe", "-o",
                "jsonpath={.message}/{.involvedObject.kind}/{.reportingComponent}").assertOk().out())
                .isEqualTo("readiness probe failed/Deployment/example.com/prober");
        assertThat(cluster.kubectl("get", "events.events.k8s.io", "-n", "shop", "--field-selector",
                "regarding.name=web,reason=Unhealthy", "-o", "jsonpath={.items[*].note}").assertOk().out())
                .isEqualTo("readiness probe failed");
        assertThat(cluster.kubectl("get", "events.events.k8s.io", "-n", "shop", "web.probe").assertOk().out())
                .contains("LAST SEEN", "Warning", "Unhealthy", "deployment/web", "readiness probe failed");
        Files.writeString(cluster.home().resolve("event-bad.yaml"), Files.readString(ev)
                .replace("name: web.probe", "name: web.bad").replace("type: Warning", "type: Info"));
        Result bad = cluster.kubectl("create", "-f", cluster.home().resolve("event-bad.yaml").toString());
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("The Event \"web.bad\" is invalid: type: Invalid value: \"\": "
                + "has invalid value: Info");
    }
}
