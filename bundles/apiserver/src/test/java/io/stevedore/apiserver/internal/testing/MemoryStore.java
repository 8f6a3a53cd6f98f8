package io.stevedore.apiserver.internal.testing;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.Store;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;

/** A simple in-memory Store for unit tests: one lock, a bounded event window, synchronous watch delivery. */
public final class MemoryStore implements Store {

    private final TreeMap<String, KeyValue> data = new TreeMap<>();
    private final List<StoreEvent> log = new ArrayList<>();
    private final int window;
    private final List<Watch> watches = new CopyOnWriteArrayList<>();
    private long revision;

    public MemoryStore(int window) {
        this.window = window;
    }

    public MemoryStore() {
        this(10_000);
    }

    @Override
    public synchronized long currentRevision() {
        return revision;
    }

    @Override
    public synchronized long compactedRevision() {
        return log.isEmpty() ? revision : log.get(0).revision() - 1;
    }

    /** When set, {@link #getCached} answers as a cache that has not seen any write yet. */
    public volatile boolean cacheLagging;

    @Override
    public Optional<KeyValue> getCached(String key) {
        return cacheLagging ? Optional.empty() : get(key);
    }

    @Override
    public synchronized Optional<KeyValue> get(String key) {
        return Optional.ofNullable(data.get(key));
    }

    @Override
    public synchronized ListResult list(String prefix, String startAfter, int limit, long atRevision) {
        if (atRevision > revision) {
            throw new StoreException(StoreException.Kind.FUTURE_REVISION, "Too large resource version: " + atRevision
                    + ", current: " + revision, revision, null);
        }
        TreeMap<String, KeyValue> view = data;
        long rev = revision;
        if (atRevision > 0 && atRevision < revision) {
            if (atRevision < compactedRevision()) {
                throw new StoreException(StoreException.Kind.COMPACTED, "too old resource version: " + atRevision
                        + " (" + compactedRevision() + ")", revision, null);
            }
            view = new TreeMap<>(data);
            for (int i = log.size() - 1; i >= 0 && log.get(i).revision() > atRevision; i--) {
                StoreEvent e = log.get(i);
                if (e.prevValue() == null) {
                    view.remove(e.key());
                } else {
                    view.put(e.key(), new KeyValue(e.key(), e.prevValue(), 0, findPrevRev(e, i)));
                }
            }
            rev = atRevision;
        }
        List<KeyValue> items = new ArrayList<>();
        boolean more = false;
        long remaining = 0;
        for (Map.Entry<String, KeyValue> e : view.tailMap(prefix, true).entrySet()) {
            if (!e.getKey().startsWith(prefix)) {
                break;
            }
            if (startAfter != null && e.getKey().compareTo(startAfter) <= 0) {
                continue;
            }
            if (limit > 0 && items.size() >= limit) {
                more = true;
                remaining++;
                continue;
            }
            items.add(e.getValue());
        }
        return new ListResult(items, rev, more, remaining);
    }

    private long findPrevRev(StoreEvent e, int index) {
        for (int i = index - 1; i >= 0; i--) {
            if (log.get(i).key().equals(e.key())) {
                return log.get(i).revision();
            }
        }
        return 1;
    }

    @Override
    public synchronized KeyValue create(String key, byte[] value) {
        if (data.containsKey(key)) {
            throw new StoreException(StoreException.Kind.KEY_EXISTS, key);
        }
        KeyValue kv = new KeyValue(key, value, ++revision, revision);
        data.put(key, kv);
        emit(new StoreEvent(StoreEvent.Type.CREATED, key, value, null, revision));
        return kv;
    }

    @Override
    public synchronized KeyValue update(String key, byte[] value, long expected) {
        KeyValue cur = data.get(key);
        if (cur == null) {
            throw new StoreException(StoreException.Kind.KEY_NOT_FOUND, key);
        }
        if (expected != 0 && cur.modRevision() != expected) {
            throw new StoreException(StoreException.Kind.CONFLICT, key);
        }
        KeyValue kv = new KeyValue(key, value, cur.createRevision(), ++revision);
        data.put(key, kv);
        emit(new StoreEvent(StoreEvent.Type.UPDATED, key, value, cur.value(), revision));
        return kv;
    }

    @Override
    public synchronized KeyValue delete(String key, long expected) {
        KeyValue cur = data.get(key);
        if (cur == null) {
            throw new StoreException(StoreException.Kind.KEY_NOT_FOUND, key);
        }
        if (expected != 0 && cur.modRevision() != expected) {
            throw new StoreException(StoreException.Kind.CONFLICT, key);
        }
        data.remove(key);
        ++revision;
        emit(new StoreEvent(StoreEvent.Type.DELETED, key, cur.value(), cur.value(), revision));
        return new KeyValue(key, cur.value(), cur.createRevision(), revision);
    }

    private void emit(StoreEvent e) {
        log.add(e);
        while (log.size() > window) {
            log.remove(0);
        }
        for (Watch w : watches) {
            if (e.key().startsWith(w.prefix)) {
                w.listener.onEvent(e);
            }
        }
    }

    /** Simulates progress notifications (bookmarks). */
    public void progress() {
        long rev = currentRevision();
        watches.forEach(w -> w.listener.onProgress(rev));
    }

    @Override
    public synchronized WatchHandle watch(String prefix, long afterRevision, WatchListener listener) {
        long from = afterRevision == 0 ? revision : afterRevision;
        if (from < compactedRevision()) {
            throw new StoreException(StoreException.Kind.COMPACTED, "too old resource version: " + from + " ("
                    + compactedRevision() + ")", revision, null);
        }
        for (StoreEvent e : log) {
            if (e.revision() > from && e.key().startsWith(prefix)) {
                listener.onEvent(e);
            }
        }
        Watch w = new Watch(prefix, listener);
        watches.add(w);
        return () -> watches.remove(w);
    }

    @Override
    public long saveSnapshot(Path file) {
        throw new UnsupportedOperationException();
    }

    @Override
    public long restoreSnapshot(Path file) {
        throw new UnsupportedOperationException();
    }

    private record Watch(String prefix, WatchListener listener) {
    }
}
