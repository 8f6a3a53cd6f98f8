package io.stevedore.bench;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.Store;

/** Writes 1 KiB values straight to a {@link Store} under {@code /bench/<prefix>}. */
public final class StoreTarget implements WriteTarget {

    private final Store store;
    private final String prefix;

    public StoreTarget(Store store, String prefix) {
        this.store = store;
        this.prefix = prefix;
    }

    @Override
    public String name() {
        return "store";
    }

    @Override
    public long create(String key, long stampNanos) {
        return store.create(prefix + key, Payload.bytes(stampNanos, OBJECT_BYTES)).modRevision();
    }

    @Override
    public long update(String key, long stampNanos, long expected) {
        return store.update(prefix + key, Payload.bytes(stampNanos, OBJECT_BYTES), expected).modRevision();
    }

    @Override
    public long revisionOf(String key) {
        return store.get(prefix + key).map(KeyValue::modRevision).orElse(0L);
    }

    @Override
    public void close() {
        // the store belongs to the caller
    }
}
