package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import java.time.Instant;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Interim patcher: JSON merge patch for merge and strategic-merge bodies. */
public final class DefaultPatcher implements Patcher {

    @Override
    public ObjectNode apply(ResourceType type, PatchType patchType, ObjectNode current, byte[] patch,
                            WriteOptions options, Instant now) {
        if (current == null) {
            throw ApiException.notFound(type, "");
        }
        if (patchType != PatchType.MERGE && patchType != PatchType.STRATEGIC_MERGE) {
            throw ApiException.unsupportedMediaType("patch type not supported yet: " + patchType.mediaType());
        }
        return (ObjectNode) merge(current, Json.parseObject(patch));
    }

    static JsonNode merge(JsonNode target, JsonNode patch) {
        if (!patch.isObject()) {
            return patch;
        }
        ObjectNode result = target != null && target.isObject() ? ((ObjectNode) target).deepCopy()
                : Json.NODES.objectNode();
        for (Map.Entry<String, JsonNode> e : patch.properties()) {
            if (e.getValue().isNull()) {
                result.remove(e.getKey());
            } else {
                result.set(e.getKey(), merge(result.get(e.getKey()), e.getValue()));
            }
        }
        return result;
    }
}
