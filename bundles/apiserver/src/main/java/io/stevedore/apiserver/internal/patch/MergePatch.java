package io.stevedore.apiserver.internal.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * RFC 7386 JSON Merge Patch ({@code application/merge-patch+json}): objects merge member by member, {@code null}
 * deletes a member, anything else (arrays included) replaces the target value.
 */
public final class MergePatch {

    /** {@code jsonpatch.ErrBadJSONPatch}, answered as 400 by the API server. */
    public static final String BAD_PATCH_MESSAGE = "Invalid JSON Patch";

    private MergePatch() {
    }

    /**
     * Applies a merge patch to a copy of an object. The patch must be a JSON object (a {@code null} patch is the 400
     * Kubernetes returns; other non-objects would replace the whole object and are rejected the same way).
     */
    public static ObjectNode applyToObject(ObjectNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            throw PatchErrors.badRequest(BAD_PATCH_MESSAGE);
        }
        return (ObjectNode) apply(target, patch);
    }

    /** RFC 7386 MergePatch(target, patch) on copies: neither argument is modified. */
    public static JsonNode apply(JsonNode target, JsonNode patch) {
        if (patch == null || !patch.isObject()) {
            return patch == null ? null : patch.deepCopy();
        }
        ObjectNode result = target != null && target.isObject() ? (ObjectNode) target.deepCopy() : Nodes.F.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), apply(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
