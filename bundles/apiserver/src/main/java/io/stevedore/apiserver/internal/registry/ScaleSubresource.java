package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Writes through the {@code scale} subresource: an autoscaling/v1 Scale view of spec.replicas. */
final class ScaleSubresource {

    private ScaleSubresource() {
    }

    static ObjectNode updateScale(StoreRegistry registry, ResourceType type, String namespace, String name,
                                  ObjectNode scale, WriteOptions options) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || replicas.asLong() < 0) {
            throw ApiException.invalid("Scale", "autoscaling", name, List.of(new ApiException.Cause("FieldValueInvalid",
                    "Invalid value: " + replicas + ": must be greater than or equal to 0", "spec.replicas")));
        }
        String rv = Json.resourceVersion(scale);
        ObjectNode written = registry.write(type, namespace, name, null, options, rv, current -> {
            ObjectNode copy = current.deepCopy();
            ((ObjectNode) copy.withObject("spec")).put("replicas", replicas.asInt());
            return copy;
        }, false).object();
        return io.stevedore.apiserver.internal.kinds.Scales.of(type, written);
    }

    static ObjectNode patchScale(StoreRegistry registry, ResourceType type, String namespace, String name,
                                 PatchType patchType, byte[] patch, WriteOptions options) {
        ObjectNode current = registry.get(type, namespace, name, null);
        ObjectNode patched = registry.patcher().apply(type, patchType, io.stevedore.apiserver.internal.kinds.Scales.of(type, current), patch, options,
                registry.clock().instant());
        return updateScale(registry, type, namespace, name, patched, options);
    }
}
