package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.store.KeyValue;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;

/**
 * Whether a stored namespace accepts new content (not being deleted, not Terminating), decoded once per
 * revision of the namespace: every create asks, and a namespace changes rarely.
 */
final class ActiveNamespaces {

    /** Bounded: a cluster with more namespaces than this simply decodes the overflow each time. */
    private static final int MAX_ENTRIES = 4096;

    private record Entry(long modRevision, boolean active) {
    }

    private final ConcurrentHashMap<String, Entry> byKey = new ConcurrentHashMap<>();

    boolean active(KeyValue namespace) {
        Entry e = byKey.get(namespace.key());
        if (e != null && e.modRevision() == namespace.modRevision()) {
            return e.active();
        }
        JsonNode ns = StoredObjects.decode(namespace);
        boolean active = !ns.path("metadata").has("deletionTimestamp")
                && !"Terminating".equals(ns.path("status").path("phase").asString(""));
        if (byKey.size() < MAX_ENTRIES || byKey.containsKey(namespace.key())) {
            byKey.put(namespace.key(), new Entry(namespace.modRevision(), active));
        }
        return active;
    }
}
