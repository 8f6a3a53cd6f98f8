package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.WriteOptions;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** Keeps metadata.managedFields for non-apply writes (operation Update). */
final class ManagedFields {

    private ManagedFields() {
    }

    static void recordUpdate(Patcher patcher, ObjectNode obj, ObjectNode old, WriteOptions options, ResourceType type,
                             String subresource, Instant now) {
        if (patcher instanceof KubernetesPatcher k) {
            k.recordUpdate(type, old, obj, options.fieldManager(), subresource, now);
        }
    }
}
