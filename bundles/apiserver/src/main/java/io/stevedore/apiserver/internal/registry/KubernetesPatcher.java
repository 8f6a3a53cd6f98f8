package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.patch.JsonPatch;
import io.stevedore.apiserver.internal.patch.MergePatch;
import io.stevedore.apiserver.internal.patch.ServerSideApply;
import io.stevedore.apiserver.internal.patch.StrategicMergePatch;
import java.time.Instant;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The four Kubernetes patch types: JSON patch, merge patch, strategic merge patch and server-side apply. */
public final class KubernetesPatcher implements Patcher {

    private final StrategicMergePatch strategic = new StrategicMergePatch();
    private final ServerSideApply apply = new ServerSideApply();

    @Override
    public ObjectNode apply(ResourceType type, PatchType patchType, ObjectNode current, byte[] patch,
                            WriteOptions options, Instant now) {
        if (patchType == PatchType.APPLY) {
            ObjectNode applied = ServerSideApply.parseApplyConfiguration(patch);
            StoreRegistry.checkTypeMeta(type, applied);
            return apply.apply(current, applied, options.fieldManager(), options.force(), type.apiVersion(), now);
        }
        if (current == null) {
            throw new IllegalStateException("only apply patches create objects");
        }
        return switch (patchType) {
            case JSON -> JsonPatch.applyToObject(current, parse(patch));
            case MERGE -> MergePatch.applyToObject(current, parse(patch));
            case STRATEGIC_MERGE -> strategic.apply(current, Json.parseObject(patch), type.apiVersion(), type.kind());
            default -> throw ApiException.unsupportedMediaType("unsupported patch type " + patchType.mediaType());
        };
    }

    @Override
    public void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, String manager, String subresource,
                      Instant now) {
        ObjectNode recorded = apply.recordUpdate(old, updated, manager == null ? "unknown" : manager, "Update",
                type.apiVersion(), now, subresource);
        JsonNode fields = recorded.path("metadata").get("managedFields");
        if (fields == null || fields.isNull() || fields.isEmpty()) {
            Json.meta(updated).remove("managedFields");
        } else {
            Json.meta(updated).set("managedFields", fields);
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            return Json.MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("error decoding patch: " + e.getOriginalMessage());
        }
    }
}
