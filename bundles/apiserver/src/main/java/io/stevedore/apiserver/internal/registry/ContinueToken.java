package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.Json;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The {@code continue} token of a paged list, in Kubernetes' format: unpadded URL-safe base64 of
 * {@code {"v":"meta.k8s.io/v1","rv":<revision>,"start":"<key after the prefix>\u0000"}}.
 *
 * @param revision the revision the first page was read at
 * @param start    the key (relative to the list prefix) to continue from
 */
record ContinueToken(long revision, String start) {

    String encode() {
        ObjectNode n = Json.NODES.objectNode();
        n.put("v", "meta.k8s.io/v1");
        n.put("rv", revision);
        n.put("start", start);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(Json.write(n));
    }

    static ContinueToken decode(String token) {
        try {
            byte[] raw = Base64.getUrlDecoder().decode(token.replace("=", ""));
            JsonNode n = Json.MAPPER.readTree(new String(raw, StandardCharsets.UTF_8));
            if (!"meta.k8s.io/v1".equals(n.path("v").asString(""))) {
                throw ApiException.badRequest("invalid continue token: unsupported version");
            }
            long rv = n.path("rv").asLong(0);
            String start = n.path("start").asString("");
            if (start.isEmpty() || start.contains("/..") || start.startsWith("/")) {
                throw ApiException.badRequest("invalid continue token: invalid start key");
            }
            return new ContinueToken(rv, start);
        } catch (IllegalArgumentException | JacksonException e) {
            throw ApiException.badRequest("invalid continue token: " + e.getMessage());
        }
    }
}
