package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.WriteOptions;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** Keeps metadata.managedFields for non-apply writes. */
final class ManagedFields {

    private ManagedFields() {
    }

    static void recordUpdate(ObjectNode obj, ObjectNode old, WriteOptions options, ResourceType type, Instant now) {
        // managedFields of a non-apply write are carried over unchanged for now
        if (old != null && !obj.path("metadata").has("managedFields") && old.path("metadata").has("managedFields")) {
            io.stevedore.apiserver.internal.Json.meta(obj).set("managedFields", old.path("metadata").get("managedFields"));
        }
    }
}
