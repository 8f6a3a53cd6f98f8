package io.stevedore.apiserver.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The serviceaccounts/token subresource, TokenReview and the OIDC discovery documents. */
class ServiceAccountTokensTest {

    private static final String ISSUER = "https://kubernetes.default.svc.cluster.local";

    private final MemoryStore store = new MemoryStore();
    private final MovableClock clock = new MovableClock(Instant.parse("2026-12-03T10:00:00Z"));
    private final StoreRegistry registry = new StoreRegistry(store, clock, Patchers.create());
    private final List<StoreRegistry> others = new ArrayList<>();
    private final String saUid;

    ServiceAccountTokensTest() {
        registry.start();
        saUid = uid(registry.create(ResourceTypes.SERVICEACCOUNTS, "default", obj("{\"metadata\":{\"name\":\"robot\"}}"),
                null, WriteOptions.DEFAULT));
    }

    @AfterEach
    void stop() {
        registry.close();
        others.forEach(StoreRegistry::close);
    }

    @Test
    void aTokenIsAnRs256JwtWithKubernetesClaimsSignedByThePublishedKey() throws Exception {
        ObjectNode answer = token("robot", "{}", WriteOptions.DEFAULT);
        assertThat(answer.path("apiVersion").asString()).isEqualTo("authentication.k8s.io/v1");
        assertThat(answer.path("kind").asString()).isEqualTo("TokenRequest");
        assertThat(answer.path("metadata").toString()).isEqualTo(
                "{\"name\":\"robot\",\"namespace\":\"default\",\"creationTimestamp\":\"2026-12-03T10:00:00Z\"}");
        assertThat(answer.path("spec").path("audiences").toString()).isEqualTo("[\"" + ISSUER + "\"]");
        assertThat(answer.path("spec").path("expirationSeconds").asLong()).isEqualTo(3600);
        assertThat(answer.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-12-03T11:00:00Z");

        SignedJWT jwt = SignedJWT.parse(answer.path("status").path("token").asString());
        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.RS256);
        assertThat(jwt.getHeader().toJSONObject().keySet()).containsExactlyInAnyOrder("alg", "kid");
        JWKSet published = JWKSet.parse(new String(Json.write(registry.jwks().orElseThrow()), StandardCharsets.UTF_8));
        RSAKey key = (RSAKey) published.getKeyByKeyId(jwt.getHeader().getKeyID());
        assertThat(key).isNotNull();
        assertThat(key.isPrivate()).isFalse();
        // Kubernetes' key id: unpadded base64url SHA-256 of the PKIX DER public key
        assertThat(key.getKeyID()).isEqualTo(Base64.getUrlEncoder().withoutPadding().encodeToString(
                MessageDigest.getInstance("SHA-256").digest(key.toRSAPublicKey().getEncoded())));
        assertThat(jwt.verify(new RSASSAVerifier(key))).isTrue();

        JWTClaimsSet c = jwt.getJWTClaimsSet();
        assertThat(c.getIssuer()).isEqualTo(ISSUER);
        assertThat(c.getSubject()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(c.getAudience()).containsExactly(ISSUER);
        assertThat(c.getIssueTime().toInstant()).isEqualTo(clock.instant());
        assertThat(c.getNotBeforeTime().toInstant()).isEqualTo(clock.instant());
        assertThat(c.getExpirationTime().toInstant()).isEqualTo(clock.instant().plusSeconds(3600));
        assertThat(c.getJWTID()).matches("[0-9a-f-]{36}");
        assertThat(c.getClaim("kubernetes.io")).isEqualTo(Map.of("namespace", "default",
                "serviceaccount", Map.of("name", "robot", "uid", saUid)));

        JsonNode discovery = registry.openIdConfiguration("http://127.0.0.1:6443").orElseThrow();
        assertThat(discovery.toString()).isEqualTo("{\"issuer\":\"" + ISSUER + "\",\"jwks_uri\":"
                + "\"http://127.0.0.1:6443/openid/v1/jwks\",\"response_types_supported\":[\"id_token\"],"
                + "\"subject_types_supported\":[\"public\"],\"id_token_signing_alg_values_supported\":[\"RS256\"]}");
    }

    @Test
    void theKeysLiveInTheStoreSoAnotherApiServerVerifiesTheSameTokens() {
        String t = token("robot", "{\"spec\":{\"audiences\":[\"vault\"],\"expirationSeconds\":7200}}",
                WriteOptions.DEFAULT).path("status").path("token").asString();
        StoreRegistry second = new StoreRegistry(store, clock, Patchers.create());
        others.add(second);
        JsonNode status = review(second, t, "[\"vault\"]");
        assertThat(status.path("authenticated").asBoolean()).isTrue();
        assertThat(status.path("user").path("username").asString()).isEqualTo("system:serviceaccount:default:robot");
        assertThat(status.path("user").path("uid").asString()).isEqualTo(saUid);
        assertThat(status.path("user").path("groups").toString()).isEqualTo(
                "[\"system:serviceaccounts\",\"system:serviceaccounts:default\",\"system:authenticated\"]");
        assertThat(status.path("user").path("extra").path("authentication.kubernetes.io/credential-id").get(0)
                .asString()).startsWith("JTI=");
        assertThat(status.path("audiences").toString()).isEqualTo("[\"vault\"]");
        assertThat(second.jwks().orElseThrow()).isEqualTo(registry.jwks().orElseThrow());
    }

    @Test
    void aPodBoundTokenNamesThePodAndItsNodeAndDiesWithThePod() throws Exception {
        String nodeUid = uid(registry.create(ResourceTypes.NODES, null, obj("{\"metadata\":{\"name\":\"n1\"}}"), null,
                WriteOptions.DEFAULT));
        ObjectNode pod = registry.create(ResourceTypes.PODS, "default", obj("{\"metadata\":{\"name\":\"p\"},\"spec\":"
                + "{\"serviceAccountName\":\"robot\",\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}"),
                null, WriteOptions.DEFAULT);
        ObjectNode answer = token("robot", "{\"spec\":{\"expirationSeconds\":3607,\"boundObjectRef\":{\"kind\":\"Pod\","
                + "\"apiVersion\":\"v1\",\"name\":\"p\",\"uid\":\"" + uid(pod) + "\"}}}", WriteOptions.DEFAULT);
        assertThat(answer.path("status").path("expirationTimestamp").asString()).isEqualTo("2026-12-03T11:00:07Z");
        JWTClaimsSet c = SignedJWT.parse(answer.path("status").path("token").asString()).getJWTClaimsSet();
        // kubelet's 3607 s: a year, with a warning after the hour
        assertThat(c.getExpirationTime().toInstant()).isEqualTo(clock.instant().plus(Duration.ofDays(365)));
        Map<String, Object> k8s = c.getJSONObjectClaim("kubernetes.io");
        assertThat(k8s).containsEntry("pod", Map.of("name", "p", "uid", uid(pod)))
                .containsEntry("node", Map.of("name", "n1", "uid", nodeUid))
                .containsEntry("warnafter", clock.instant().getEpochSecond() + 3607);

        String t = answer.path("status").path("token").asString();
        JsonNode extra = review(registry, t, null).path("user").path("extra");
        assertThat(extra.path("authentication.kubernetes.io/pod-name").get(0).asString()).isEqualTo("p");
        assertThat(extra.path("authentication.kubernetes.io/pod-uid").get(0).asString()).isEqualTo(uid(pod));
        assertThat(extra.path("authentication.kubernetes.io/node-name").get(0).asString()).isEqualTo("n1");

        // a bound pod that is being deleted (a grace period runs on its node) already voids its tokens
        registry.delete(ResourceTypes.PODS, "default", "p", io.stevedore.api.registry.DeleteOptions.DEFAULT);
        JsonNode gone = review(registry, t, null);
        assertThat(gone.has("authenticated")).isFalse();
        assertThat(gone.path("user").toString()).isEqualTo("{}");
        assertThat(gone.path("error").asString()).isEqualTo("service account token has been invalidated");
    }

    @Test
    void badRequestsGetKubernetesErrorsAndIssueNothing() {
        assertThatThrownBy(() -> token("robot", "{\"spec\":{\"expirationSeconds\":300}}", WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("TokenRequest.authentication.k8s.io \"\" is invalid: "
                            + "spec.expirationSeconds: Invalid value: 300: may not specify a duration less than 10 minutes");
                });
        assertThatThrownBy(() -> token("nobody", "{}", WriteOptions.DEFAULT)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("serviceaccounts \"nobody\" not found"));
        assertThatThrownBy(() -> token("robot", "{\"metadata\":{\"name\":\"other\"}}", WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "TokenRequest.authentication.k8s.io \"robot\" is invalid: metadata.name: Invalid value: "
                                + "\"other\": must match the service account name if specified"));
        assertThatThrownBy(() -> token("robot", "{\"spec\":{\"boundObjectRef\":{\"kind\":\"ConfigMap\",\"apiVersion\":"
                + "\"v1\",\"name\":\"x\"}}}", WriteOptions.DEFAULT)).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("cannot bind token to object of type /v1, Kind=ConfigMap");
                });
        registry.create(ResourceTypes.SECRETS, "default", obj("{\"metadata\":{\"name\":\"s\"}}"), null,
                WriteOptions.DEFAULT);
        assertThatThrownBy(() -> token("robot", "{\"spec\":{\"boundObjectRef\":{\"kind\":\"Secret\",\"apiVersion\":"
                + "\"v1\",\"name\":\"s\",\"uid\":\"nope\"}}}", WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(409);
                    assertThat(e.getMessage()).isEqualTo("Operation cannot be fulfilled on Secret \"s\": the UID in "
                            + "the bound object reference (nope) does not match the UID in record. The object might "
                            + "have been deleted and then recreated");
                });
        registry.create(ResourceTypes.PODS, "default", obj("{\"metadata\":{\"name\":\"q\"},\"spec\":"
                + "{\"containers\":[{\"name\":\"c\",\"image\":\"x\"}]}}"), null, WriteOptions.DEFAULT);
        assertThatThrownBy(() -> token("robot", "{\"spec\":{\"boundObjectRef\":{\"kind\":\"Pod\",\"apiVersion\":"
                + "\"v1\",\"name\":\"q\"}}}", WriteOptions.DEFAULT)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("cannot bind token for serviceaccount \"robot\" to pod running "
                        + "with different serviceaccount name."));
    }

    @Test
    void reviewsRejectExpiredForeignAndMisaddressedTokens() {
        String t = token("robot", "{\"spec\":{\"expirationSeconds\":600}}", WriteOptions.DEFAULT).path("status")
                .path("token").asString();
        assertThat(review(registry, t, "[\"vault\"]").path("error").asString()).isEqualTo("token audiences [\""
                + ISSUER + "\"] is invalid for the target audiences [\"vault\"]");
        assertThat(review(registry, "not-a-jwt", null).path("error").asString()).isEqualTo("invalid bearer token");
        // signed by a key this cluster never had
        StoreRegistry foreign = new StoreRegistry(new MemoryStore(), clock, Patchers.create());
        others.add(foreign);
        foreign.start();
        foreign.create(ResourceTypes.SERVICEACCOUNTS, "default", obj("{\"metadata\":{\"name\":\"robot\"}}"), null,
                WriteOptions.DEFAULT);
        String alien = foreign.createSubresource(ResourceTypes.SERVICEACCOUNTS, "default", "robot", "token", obj("{}"),
                WriteOptions.DEFAULT).path("status").path("token").asString();
        assertThat(review(registry, alien, null).path("error").asString()).isEqualTo("invalid signature, no keys found");
        clock.advance(Duration.ofSeconds(601));
        assertThat(review(registry, t, null).path("error").asString()).isEqualTo("service account token has expired");
        assertThatThrownBy(() -> registry.create(ResourceTypes.TOKENREVIEWS, null, obj("{\"spec\":{}}"), null,
                WriteOptions.DEFAULT)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("token is required for TokenReview in authentication"));
    }

    @Test
    void theLongestLifetimeIsCappedWithAWarning() {
        registry.setTokenSettings(List.of(ISSUER), List.of(), 1200, true, "");
        List<String> warnings = new ArrayList<>();
        ObjectNode answer = token("robot", "{\"spec\":{\"expirationSeconds\":7200}}",
                new WriteOptions(false, null, "Warn", false, warnings::add));
        assertThat(answer.path("spec").path("expirationSeconds").asLong()).isEqualTo(1200);
        assertThat(warnings).containsExactly("requested expiration of 7200 seconds shortened to 1200 seconds");
        registry.setTokenSettings(List.of("stevedore"), List.of(), 0, true, "");
        assertThat(registry.openIdConfiguration("http://x")).isEmpty(); // discovery needs an https issuer
    }

    private ObjectNode token(String sa, String body, WriteOptions options) {
        return registry.createSubresource(ResourceTypes.SERVICEACCOUNTS, "default", sa, "token", obj(body), options);
    }

    private static JsonNode review(StoreRegistry r, String token, String audiences) {
        return r.create(ResourceTypes.TOKENREVIEWS, null, obj("{\"apiVersion\":\"authentication.k8s.io/v1\",\"kind\":"
                + "\"TokenReview\",\"spec\":{\"token\":\"" + token + "\"" + (audiences == null ? "" : ",\"audiences\":"
                + audiences) + "}}"), null, WriteOptions.DEFAULT).path("status");
    }

    private static ObjectNode obj(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private static String uid(JsonNode o) {
        return o.path("metadata").path("uid").asString();
    }

    private static final class MovableClock extends Clock {
        private volatile Instant now;

        MovableClock(Instant start) {
            now = start;
        }

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
