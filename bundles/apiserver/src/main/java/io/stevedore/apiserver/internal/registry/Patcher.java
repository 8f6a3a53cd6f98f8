package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import java.time.Instant;
import tools.jackson.databind.node.ObjectNode;

/** Applies a patch of one of the four Kubernetes patch types to an object. */
public interface Patcher {

    /**
     * @param current the object as stored (resourceVersion set), or null when it does not exist (apply may create)
     * @return the patched object; the registry validates and stores it
     */
    ObjectNode apply(ResourceType type, PatchType patchType, ObjectNode current, byte[] patch, WriteOptions options,
                     Instant now);

    /**
     * Records a non-apply write (operation Update) in {@code updated}'s metadata.managedFields.
     *
     * @param old the object before the write, null on create
     */
    void recordUpdate(ResourceType type, ObjectNode old, ObjectNode updated, String manager, String subresource,
                      Instant now);
}
