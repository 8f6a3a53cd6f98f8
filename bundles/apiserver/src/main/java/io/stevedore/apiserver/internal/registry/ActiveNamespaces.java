package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.store.KeyValue;
import tools.jackson.databind.JsonNode;

/**
 * Whether a stored namespace accepts new content (not being deleted, not Terminating), decoded once per
 * revision of the namespace: every create asks, and a namespace changes rarely.
 */
final class ActiveNamespaces {

    private final RevisionMemo<Boolean> memo = new RevisionMemo<>(kv -> {
        JsonNode ns = StoredObjects.decode(kv);
        return !ns.path("metadata").has("deletionTimestamp")
                && !"Terminating".equals(ns.path("status").path("phase").asString(""));
    });

    boolean active(KeyValue namespace) {
        return memo.get(namespace);
    }
}
