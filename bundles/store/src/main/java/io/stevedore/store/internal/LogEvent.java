package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreEvent;

import java.util.UUID;

/**
 * One entry of the revision log: a change with enough information to apply it (after-state) and to undo it
 * (before-state), so a watch cache can answer a list at an older revision.
 *
 * @param type            what happened
 * @param key             the key
 * @param revision        the revision of this change
 * @param createRevision  the key's createRevision (for a create: {@code revision})
 * @param prevModRevision the key's modRevision before this change (0 for a create)
 * @param value           value after the change; for a delete the last value
 * @param prevValue       value before the change; null for a create
 * @param requestId       the id of the write request that made the change (for exactly-once retries), or null
 */
record LogEvent(StoreEvent.Type type, String key, long revision, long createRevision, long prevModRevision,
                byte[] value, byte[] prevValue, UUID requestId) {

    LogEvent(StoreEvent.Type type, String key, long revision, long createRevision, long prevModRevision,
             byte[] value, byte[] prevValue) {
        this(type, key, revision, createRevision, prevModRevision, value, prevValue, null);
    }

    /** What the write that made this change returned: the new value, or for a delete the last one. */
    KeyValue result() {
        return type == StoreEvent.Type.DELETED ? new KeyValue(key, value, createRevision, revision) : after();
    }

    /** The key's state after this change, or null when it was deleted. */
    KeyValue after() {
        return type == StoreEvent.Type.DELETED ? null : new KeyValue(key, value, createRevision, revision);
    }

    /** The key's state before this change, or null when it was created. */
    KeyValue before() {
        return type == StoreEvent.Type.CREATED ? null : new KeyValue(key, prevValue, createRevision, prevModRevision);
    }

    StoreEvent toStoreEvent() {
        return new StoreEvent(type, key, value, prevValue, revision);
    }
}
