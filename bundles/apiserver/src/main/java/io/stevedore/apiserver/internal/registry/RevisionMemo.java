package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.store.KeyValue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the registry reads off a stored object it consults on every write (a namespace's state, a priority
 * class), computed once per revision of that object: such objects change rarely and are asked often.
 *
 * @param <T> what is read off the object
 */
final class RevisionMemo<T> {

    /** Bounded: with more keys than this, the overflow is simply computed each time. */
    private static final int MAX_ENTRIES = 4096;

    private record Entry<T>(long modRevision, T value) {
    }

    private final ConcurrentHashMap<String, Entry<T>> byKey = new ConcurrentHashMap<>();
    private final Function<KeyValue, T> read;

    RevisionMemo(Function<KeyValue, T> read) {
        this.read = read;
    }

    T get(KeyValue kv) {
        Entry<T> e = byKey.get(kv.key());
        if (e != null && e.modRevision() == kv.modRevision()) {
            return e.value();
        }
        T value = read.apply(kv);
        if (byKey.size() < MAX_ENTRIES || byKey.containsKey(kv.key())) {
            byKey.put(kv.key(), new Entry<>(kv.modRevision(), value));
        }
        return value;
    }
}
