package io.stevedore.apiserver.internal.registry;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.crypto.RSASSAVerifier;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import java.text.ParseException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Service account tokens as kube-apiserver issues and checks them: the {@code serviceaccounts/token} subresource
 * (authentication.k8s.io/v1 TokenRequest) signs RS256 JWTs with Kubernetes' claims, optionally bound to a pod,
 * secret or node; TokenReview checks one (signature, issuer, audience, times, and that the service account and the
 * bound object still exist with the same uid); the OIDC discovery documents publish the public keys.
 */
final class ServiceAccountTokens {

    static final long MIN_EXPIRATION_SECONDS = 600;
    static final long MAX_EXPIRATION_SECONDS = 1L << 32;
    static final long DEFAULT_EXPIRATION_SECONDS = 3600;
    /** A pod-bound token asked for exactly this long is valid for a year and warns after it (kubelet's default). */
    static final long WARN_ONLY_EXPIRATION_SECONDS = 3607;
    static final long EXTENDED_EXPIRATION_SECONDS = 365L * 24 * 3600;
    private static final String PRIVATE_CLAIM = "kubernetes.io";
    private static final String TOKEN_REQUEST = "TokenRequest";
    private static final String AUTHENTICATION = "authentication.k8s.io";

    /**
     * @param issuers         the first signs; a token from any of them is accepted
     * @param apiAudiences    audiences a token gets when it asks for none (empty: the issuers)
     * @param maxExpiration   longest lifetime granted in seconds (0: as asked)
     * @param extendExpiration whether pod-bound tokens asked for 3607 s get a year (Kubernetes' default)
     * @param jwksUri         the jwks_uri discovery names (empty: the API server's own /openid/v1/jwks)
     */
    record Settings(List<String> issuers, List<String> apiAudiences, long maxExpiration, boolean extendExpiration,
                    String jwksUri) {
        private static List<String> nonBlank(List<String> values) {
            return values.stream().map(String::trim).filter(v -> !v.isEmpty()).toList();
        }

        static final Settings DEFAULT = new Settings(List.of("https://kubernetes.default.svc.cluster.local"),
                List.of(), 0, true, "");

        Settings {
            issuers = nonBlank(issuers);
            List<String> audiences = nonBlank(apiAudiences);
            apiAudiences = audiences.isEmpty() ? issuers : audiences;
            jwksUri = jwksUri == null ? "" : jwksUri.trim();
            if (issuers.isEmpty()) {
                throw new IllegalArgumentException("at least one service account issuer is needed");
            }
        }
    }

    private final StoreRegistry registry;
    private final SigningKeys keys;
    private volatile Settings settings = Settings.DEFAULT;

    ServiceAccountTokens(StoreRegistry registry, SigningKeys keys) {
        this.registry = registry;
        this.keys = keys;
    }

    void configure(Settings s) {
        settings = Objects.requireNonNull(s);
    }

    Settings settings() {
        return settings;
    }

    SigningKeys keys() {
        return keys;
    }

    // ------------------------------------------------------------------ TokenRequest

    /** POST serviceaccounts/NAME/token: answers the request with status.token and status.expirationTimestamp. */
    ObjectNode request(String namespace, String name, ObjectNode body, WriteOptions options) {
        if (namespace == null || namespace.isEmpty()) {
            throw ApiException.badRequest("namespace is required");
        }
        ObjectNode req = body.deepCopy();
        StoreRegistry.checkTypeMeta(AUTHENTICATION + "/v1", TOKEN_REQUEST, req);
        ObjectNode meta = Json.meta(req);
        String bodyNamespace = Json.text(meta, "namespace");
        if (bodyNamespace != null && !bodyNamespace.isEmpty() && !bodyNamespace.equals(namespace)) {
            throw ApiException.badRequest("the namespace of the provided object does not match the namespace sent on "
                    + "the request");
        }
        String bodyName = Json.text(meta, "name");
        if (bodyName != null && !bodyName.isEmpty() && !bodyName.equals(name)) {
            throw ApiException.invalid(TOKEN_REQUEST, AUTHENTICATION, name, List.of(new ApiException.Cause(
                    "FieldValueInvalid", "Invalid value: \"" + bodyName + "\": must match the service account name if "
                    + "specified", "metadata.name")));
        }
        ObjectNode sa = registry.get(ResourceTypes.SERVICEACCOUNTS, namespace, name, null);
        Settings s = settings;
        Instant now = registry.clock().instant();
        // the request's system fields are wiped; the answer carries the account's name and namespace and now
        ObjectNode outMeta = req.putObject("metadata");
        outMeta.put("name", name);
        outMeta.put("namespace", namespace);
        outMeta.put("creationTimestamp", Json.timestamp(now));
        ObjectNode spec = (ObjectNode) req.withObject("spec");
        List<String> audiences = strings(spec.path("audiences"));
        if (audiences.isEmpty()) {
            audiences = s.apiAudiences();
            ArrayNode a = spec.putArray("audiences");
            audiences.forEach(a::add);
        }
        long expiration = spec.path("expirationSeconds").isNumber() ? spec.get("expirationSeconds").asLong()
                : DEFAULT_EXPIRATION_SECONDS;
        spec.put("expirationSeconds", expiration);
        req.remove("status");
        List<ApiException.Cause> errs = new ArrayList<>();
        if (expiration < MIN_EXPIRATION_SECONDS) {
            errs.add(new ApiException.Cause("FieldValueInvalid", "Invalid value: " + expiration
                    + ": may not specify a duration less than 10 minutes", "spec.expirationSeconds"));
        }
        if (expiration > MAX_EXPIRATION_SECONDS) {
            errs.add(new ApiException.Cause("FieldValueInvalid", "Invalid value: " + expiration
                    + ": may not specify a duration larger than 2^32 seconds", "spec.expirationSeconds"));
        }
        if (!errs.isEmpty()) {
            throw ApiException.invalid(TOKEN_REQUEST, AUTHENTICATION, "", errs);
        }

        Map<String, Object> k8s = new LinkedHashMap<>();
        k8s.put("namespace", namespace);
        k8s.put("serviceaccount", ref(name, uidOf(sa)));
        boolean podBound = bind(namespace, name, spec.path("boundObjectRef"), k8s);

        if (s.maxExpiration() > 0 && expiration > s.maxExpiration()) {
            options.warnings().accept("requested expiration of " + expiration + " seconds shortened to "
                    + s.maxExpiration() + " seconds");
            expiration = s.maxExpiration();
            spec.put("expirationSeconds", expiration);
        }
        long lifetime = expiration;
        if (s.extendExpiration() && podBound && expiration == WARN_ONLY_EXPIRATION_SECONDS
                && s.apiAudiences().containsAll(audiences)) {
            lifetime = EXTENDED_EXPIRATION_SECONDS;
            k8s.put("warnafter", now.getEpochSecond() + WARN_ONLY_EXPIRATION_SECONDS);
        }
        String jti = UUID.randomUUID().toString();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(s.issuers().get(0))
                .subject("system:serviceaccount:" + namespace + ":" + name)
                .audience(audiences)
                .issueTime(Date.from(now))
                .notBeforeTime(Date.from(now))
                .expirationTime(Date.from(now.plusSeconds(lifetime)))
                .jwtID(jti)
                .claim(PRIVATE_CLAIM, k8s)
                .build();
        ObjectNode status = req.putObject("status");
        if (!options.dryRun()) {
            status.put("token", sign(claims));
        } else {
            status.put("token", "");
        }
        status.put("expirationTimestamp", Json.timestamp(now.plusSeconds(expiration)));
        return req;
    }

    /** Resolves spec.boundObjectRef into the private claim; true when the token is bound to a pod. */
    private boolean bind(String namespace, String saName, JsonNode ref, Map<String, Object> k8s) {
        if (!ref.isObject()) {
            return false;
        }
        String apiVersion = ref.path("apiVersion").asString("");
        String kind = ref.path("kind").asString("");
        String name = ref.path("name").asString("");
        String uid = ref.path("uid").asString("");
        String group = apiVersion.contains("/") ? apiVersion.substring(0, apiVersion.indexOf('/')) : "";
        String version = apiVersion.contains("/") ? apiVersion.substring(apiVersion.indexOf('/') + 1) : apiVersion;
        ResourceType type = !group.isEmpty() ? null : switch (kind) {
            case "Pod" -> ResourceTypes.PODS;
            case "Secret" -> ResourceTypes.SECRETS;
            case "Node" -> ResourceTypes.NODES;
            default -> null;
        };
        if (type == null) {
            throw ApiException.badRequest("cannot bind token to object of type " + group + "/" + version + ", Kind="
                    + kind);
        }
        if (name.isEmpty()) {
            throw ApiException.badRequest("Name parameter required.");
        }
        ObjectNode target = registry.get(type, type.namespaced() ? namespace : null, name, null);
        String actual = uidOf(target);
        if (!uid.isEmpty() && !uid.equals(actual)) {
            // Kubernetes names the kind here, not the resource
            throw new ApiException(409, "Conflict", "Operation cannot be fulfilled on " + kind + " \"" + name + "\": the "
                    + "UID in the bound object reference (" + uid + ") does not match the UID in record. The object might "
                    + "have been deleted and then recreated", new ApiException.Details(name, "", kind, null, null, null));
        }
        switch (kind) {
            case "Pod" -> {
                String podSa = target.path("spec").path("serviceAccountName").asString("");
                if (!podSa.equals(saName)) {
                    throw ApiException.badRequest("cannot bind token for serviceaccount \"" + saName
                            + "\" to pod running with different serviceaccount name.");
                }
                k8s.put("pod", ref(name, actual));
                String nodeName = target.path("spec").path("nodeName").asString("");
                if (!nodeName.isEmpty()) {
                    String nodeUid = registry.read(ResourceTypes.NODES, null, nodeName).map(ServiceAccountTokens::uidOf)
                            .orElse("");
                    k8s.put("node", ref(nodeName, nodeUid));
                }
                return true;
            }
            case "Secret" -> k8s.put("secret", ref(name, actual));
            default -> k8s.put("node", ref(name, actual));
        }
        return false;
    }

    private String sign(JWTClaimsSet claims) {
        RSAKey key = keys.signing();
        try {
            // Kubernetes' header is alg and kid only
            SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID()).build(), claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw ApiException.internal("failed to generate token: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ TokenReview

    /** POST tokenreviews: authenticates spec.token as a service account token. */
    ObjectNode review(ObjectNode body) {
        ObjectNode r = body.deepCopy();
        StoreRegistry.checkTypeMeta(ResourceTypes.TOKENREVIEWS, r);
        String token = r.path("spec").path("token").asString("");
        if (token.isEmpty()) {
            throw ApiException.badRequest("token is required for TokenReview in authentication");
        }
        Json.meta(r).put("creationTimestamp", (String) null);
        List<String> wanted = strings(r.path("spec").path("audiences"));
        if (wanted.isEmpty()) {
            wanted = settings.apiAudiences();
        }
        ObjectNode status = r.putObject("status");
        try {
            Authenticated who = authenticate(token, wanted);
            status.put("authenticated", true);
            ObjectNode user = status.putObject("user");
            user.put("username", who.username());
            user.put("uid", who.uid());
            ArrayNode groups = user.putArray("groups");
            groups.add("system:serviceaccounts").add("system:serviceaccounts:" + who.namespace())
                    .add("system:authenticated");
            ObjectNode extra = user.putObject("extra");
            who.extra().forEach((k, v) -> extra.putArray(k).add(v));
            ArrayNode aud = status.putArray("audiences");
            who.audiences().forEach(aud::add);
        } catch (Rejected e) {
            status.putObject("user");
            status.put("error", e.getMessage());
        }
        return r;
    }

    record Authenticated(String username, String uid, String namespace, Map<String, String> extra,
                         List<String> audiences) {
    }

    static final class Rejected extends Exception {
        Rejected(String message) {
            super(message, null, false, false);
        }
    }

    /** Checks a token as the service account authenticator does; {@link Rejected} says why it is not valid. */
    Authenticated authenticate(String token, List<String> wanted) throws Rejected {
        SignedJWT jwt;
        JWTClaimsSet claims;
        try {
            jwt = SignedJWT.parse(token);
            claims = jwt.getJWTClaimsSet();
        } catch (ParseException e) {
            throw new Rejected("invalid bearer token");
        }
        Settings s = settings;
        if (claims.getIssuer() == null || !s.issuers().contains(claims.getIssuer())) {
            throw new Rejected("token issuer \"" + claims.getIssuer() + "\" is invalid");
        }
        if (!verified(jwt)) {
            throw new Rejected("invalid signature, no keys found");
        }
        List<String> audiences = claims.getAudience() == null ? List.of() : claims.getAudience();
        List<String> common = audiences.stream().filter(wanted::contains).toList();
        if (common.isEmpty()) {
            throw new Rejected("token audiences " + quoted(audiences) + " is invalid for the target audiences "
                    + quoted(wanted));
        }
        Instant now = registry.clock().instant();
        if (claims.getExpirationTime() != null && !now.isBefore(claims.getExpirationTime().toInstant())) {
            throw new Rejected("service account token has expired");
        }
        if (claims.getNotBeforeTime() != null && now.isBefore(claims.getNotBeforeTime().toInstant().minusSeconds(60))) {
            throw new Rejected("service account token is not valid yet");
        }
        if (claims.getIssueTime() != null && now.isBefore(claims.getIssueTime().toInstant().minusSeconds(60))) {
            throw new Rejected("service account token is issued in the future");
        }
        Object raw = claims.getClaim(PRIVATE_CLAIM);
        if (!(raw instanceof Map<?, ?> k8s)) {
            throw new Rejected("invalid bearer token");
        }
        String namespace = String.valueOf(k8s.get("namespace"));
        Map<?, ?> saRef = k8s.get("serviceaccount") instanceof Map<?, ?> m ? m : Map.of();
        String saName = String.valueOf(saRef.get("name"));
        String saUid = String.valueOf(saRef.get("uid"));
        ObjectNode sa = registry.read(ResourceTypes.SERVICEACCOUNTS, namespace, saName)
                .orElseThrow(() -> new Rejected("serviceaccounts \"" + saName + "\" not found"));
        if (!uidOf(sa).equals(saUid)) {
            throw new Rejected("service account UID (" + uidOf(sa) + ") does not match claim (" + saUid + ")");
        }
        if (sa.path("metadata").has("deletionTimestamp")) {
            throw new Rejected("service account " + namespace + "/" + saName + " has been deleted");
        }
        Map<String, String> extra = new LinkedHashMap<>();
        if (claims.getJWTID() != null) {
            extra.put("authentication.kubernetes.io/credential-id", "JTI=" + claims.getJWTID());
        }
        for (String kind : List.of("pod", "secret", "node")) {
            if (!(k8s.get(kind) instanceof Map<?, ?> ref)) {
                continue;
            }
            String name = String.valueOf(ref.get("name"));
            String uid = ref.get("uid") == null ? "" : String.valueOf(ref.get("uid"));
            ResourceType type = switch (kind) {
                case "pod" -> ResourceTypes.PODS;
                case "secret" -> ResourceTypes.SECRETS;
                default -> ResourceTypes.NODES;
            };
            boolean checked = !kind.equals("node") || !k8s.containsKey("pod"); // a pod's node is information only
            if (checked) {
                ObjectNode target = registry.read(type, type.namespaced() ? namespace : null, name)
                        .filter(o -> !o.path("metadata").has("deletionTimestamp"))
                        .orElseThrow(() -> new Rejected("service account token has been invalidated"));
                if (!uidOf(target).equals(uid)) {
                    throw new Rejected(kind + " UID (" + uidOf(target) + ") does not match service account " + kind
                            + " ref claim (" + uid + ")");
                }
            }
            if (!kind.equals("secret")) {
                extra.put("authentication.kubernetes.io/" + kind + "-name", name);
                if (!uid.isEmpty()) {
                    extra.put("authentication.kubernetes.io/" + kind + "-uid", uid);
                }
            }
        }
        return new Authenticated(claims.getSubject(), saUid, namespace, extra, common);
    }

    private boolean verified(SignedJWT jwt) {
        if (!JWSAlgorithm.RS256.equals(jwt.getHeader().getAlgorithm())) {
            return false; // only what this issuer signs with
        }
        String kid = jwt.getHeader().getKeyID();
        for (RSAKey key : keys.all()) {
            if (kid != null && !kid.equals(key.getKeyID())) {
                continue;
            }
            try {
                if (jwt.verify(new RSASSAVerifier(key.toRSAPublicKey()))) {
                    return true;
                }
            } catch (JOSEException e) {
                // not this key
            }
        }
        return false;
    }

    // ------------------------------------------------------------------ OIDC discovery

    /** Kubernetes serves discovery only for an https issuer without query or fragment. */
    boolean discoverable() {
        String issuer = settings.issuers().get(0);
        return issuer.startsWith("https://") && !issuer.contains("?") && !issuer.contains("#");
    }

    /** {@code /.well-known/openid-configuration}, in Kubernetes' field order. */
    ObjectNode openIdConfiguration(String serverBaseUri) {
        Settings s = settings;
        ObjectNode o = Json.NODES.objectNode();
        o.put("issuer", s.issuers().get(0));
        o.put("jwks_uri", s.jwksUri().isEmpty() ? serverBaseUri + "/openid/v1/jwks" : s.jwksUri());
        o.putArray("response_types_supported").add("id_token");
        o.putArray("subject_types_supported").add("public");
        o.putArray("id_token_signing_alg_values_supported").add("RS256");
        return o;
    }

    /** {@code /openid/v1/jwks}: every public key a token may be signed with (use, kty, kid, alg, n, e). */
    ObjectNode jwks() {
        return Json.parseObject(keys.publicSet().toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    // ------------------------------------------------------------------ helpers

    private static Map<String, String> ref(String name, String uid) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("name", name);
        if (uid != null && !uid.isEmpty()) {
            m.put("uid", uid);
        }
        return m;
    }

    private static String uidOf(JsonNode obj) {
        return obj.path("metadata").path("uid").asString("");
    }

    private static List<String> strings(JsonNode array) {
        List<String> out = new ArrayList<>();
        if (array.isArray()) {
            array.forEach(n -> out.add(n.asString("")));
        }
        return out;
    }

    /** Go's %q of a string slice: ["a" "b"]. */
    private static String quoted(List<String> values) {
        return values.stream().map(v -> "\"" + v.replace("\"", "\\\"") + "\"")
                .collect(java.util.stream.Collectors.joining(" ", "[", "]"));
    }
}
