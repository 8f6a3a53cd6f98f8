package io.stevedore.store.internal;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.core.MemberLeftException;
import com.hazelcast.spi.exception.TargetNotMemberException;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.Store;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The {@link Store} on an embedded Hazelcast member. Start one with {@link #start(StoreConfig)}; close it to leave
 * the grid. Writes go to the grid's single sequencer (the member owning the revision log's partition); reads and
 * watches are served by this member's {@link WatchCache}.
 *
 * <p>{@link #watch} throws {@link StoreException} ({@code COMPACTED}, {@code FUTURE_REVISION}) at once when the
 * start revision is outside the window; errors after that arrive through {@link WatchListener#onError}.
 */
public final class HazelcastStore implements Store, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HazelcastStore.class);
    static final long WRITE_TIMEOUT_SECONDS = 30;
    private static final long ROUTE_RETRY_MILLIS = 15_000;
    private static final long READ_WAIT_MILLIS = 10_000;
    private static final long FUTURE_WAIT_MILLIS = 3_000;
    private static final int WATCHER_QUEUE = 10_000;
    private static final long QUORUM_WAIT_SECONDS = 120;

    private final StoreConfig config;
    private final Grid grid;
    private final Wal wal;
    private final WatchCache cache;
    private final Sequencer sequencer;
    private volatile boolean closed;

    private HazelcastStore(StoreConfig config, Grid grid, Wal wal) {
        this.config = config;
        this.grid = grid;
        this.wal = wal;
        this.cache = new WatchCache(grid, config.watchWindow(), WATCHER_QUEUE);
        this.sequencer = new Sequencer(grid, wal, cache, config.watchWindow(), config.snapshotEvery(), config.minClusterSize());
    }

    /** Starts a member, joins or forms the grid, loads the data directory when this member forms it. */
    public static HazelcastStore start(StoreConfig config) throws IOException {
        Wal wal = new Wal(config.dataDir());
        Holder holder = new Holder();
        Grid grid = Grid.start(config, holder);
        try {
            HazelcastStore store = new HazelcastStore(config, grid, wal);
            store.initGrid();
            store.cache.start();
            holder.store = store;
            grid.userContext().put(Grid.CONTEXT_KEY, store);
            store.sequencer.start();
            return store;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            grid.shutdown();
            wal.close();
            throw new IOException("interrupted while starting the store", e);
        } catch (RuntimeException | IOException e) {
            grid.shutdown();
            wal.close();
            throw e;
        }
    }

    /** Placeholder in the user context until the store is ready (tasks arriving earlier are re-routed). */
    private static final class Holder {
        volatile HazelcastStore store;
    }

    /** The first member of a grid loads the grid's content from its data directory; later ones wait for it. */
    private void initGrid() throws IOException, InterruptedException {
        long quorumDeadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(QUORUM_WAIT_SECONDS);
        if (grid.clusterSize() < config.minClusterSize()) {
            LOG.info("Waiting for {} members to form the grid", config.minClusterSize());
        }
        while (grid.clusterSize() < config.minClusterSize()) {
            if (System.nanoTime() > quorumDeadline) {
                throw new IOException("fewer than " + config.minClusterSize() + " members joined within "
                        + QUORUM_WAIT_SECONDS + " s");
            }
            Thread.sleep(100);
        }
        if (grid.meta.get(Grid.META_READY) != null) {
            return;
        }
        if (grid.meta.putIfAbsent(Grid.META_LOADER, 1L) == null) {
            Wal.Recovered r = wal.recover();
            Map<String, byte[]> chunk = new HashMap<>();
            for (KeyValue kv : r.state().values()) {
                chunk.put(kv.key(), Codec.encodeEntry(kv));
                if (chunk.size() >= 1000) {
                    grid.kv.setAll(chunk);
                    chunk.clear();
                }
            }
            grid.kv.setAll(chunk);
            grid.meta.set(Grid.META_BASE, r.revision());
            grid.meta.set(Grid.META_APPLIED, r.revision());
            grid.meta.set(Grid.META_REV, r.revision());
            grid.meta.set(Grid.META_READY, 1L);
            LOG.info("Loaded {} keys at revision {} from {}", r.state().size(), r.revision(), config.dataDir());
            return;
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (grid.meta.get(Grid.META_READY) == null) {
            if (System.nanoTime() > deadline) {
                throw new IOException("timed out waiting for the grid's content to be loaded by another member");
            }
            Thread.sleep(50);
        }
    }

    Sequencer sequencer() {
        return sequencer;
    }

    /** The Hazelcast member, for tests and diagnostics. */
    public com.hazelcast.core.HazelcastInstance hazelcast() {
        return grid.hz;
    }

    @Override
    public long currentRevision() {
        awaitCaughtUp();
        return cache.revision();
    }

    @Override
    public long compactedRevision() {
        awaitCaughtUp();
        return cache.compacted();
    }

    @Override
    public Optional<KeyValue> get(String key) {
        awaitCaughtUp();
        return getCached(key);
    }

    @Override
    public Optional<KeyValue> getCached(String key) {
        return Optional.ofNullable(cache.get(key));
    }

    @Override
    public ListResult list(String prefix, String startAfter, int limit, long atRevision) {
        Objects.requireNonNull(prefix, "prefix");
        if (atRevision == 0 || atRevision > cache.revision()) {
            awaitCaughtUp();
        }
        if (atRevision > cache.revision()) {
            awaitRevision(atRevision);
        }
        return cache.list(prefix, startAfter, limit, atRevision);
    }

    @Override
    public KeyValue create(String key, byte[] value) {
        return write(new WriteRequest(WriteRequest.Op.CREATE, requireKey(key), Objects.requireNonNull(value), 0));
    }

    @Override
    public KeyValue update(String key, byte[] value, long expectedModRevision) {
        return write(new WriteRequest(WriteRequest.Op.UPDATE, requireKey(key), Objects.requireNonNull(value),
                expectedModRevision));
    }

    @Override
    public KeyValue delete(String key, long expectedModRevision) {
        return write(new WriteRequest(WriteRequest.Op.DELETE, requireKey(key), null, expectedModRevision));
    }

    @Override
    public WatchHandle watch(String prefix, long afterRevision, WatchListener listener) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(listener, "listener");
        if (afterRevision == 0) {
            awaitCaughtUp();
            afterRevision = cache.revision();
        } else if (afterRevision > cache.revision()) {
            awaitCaughtUp();
            awaitRevision(afterRevision);
        }
        return cache.watch(prefix, afterRevision, listener);
    }

    @Override
    public long saveSnapshot(Path file) throws IOException {
        ListResult all = list("", null, 0, 0);
        SnapshotFile.write(file, all.revision(), all.items());
        return all.revision();
    }

    @Override
    public long restoreSnapshot(Path file) throws IOException {
        SnapshotFile.Content content = SnapshotFile.read(file);
        Map<String, KeyValue> wanted = new HashMap<>();
        content.entries().forEach(kv -> wanted.put(kv.key(), kv));
        for (int attempt = 0; ; attempt++) {
            try {
                return restoreOnce(wanted);
            } catch (StoreException e) {
                boolean raced = e.kind() == StoreException.Kind.CONFLICT || e.kind() == StoreException.Kind.KEY_EXISTS
                        || e.kind() == StoreException.Kind.KEY_NOT_FOUND;
                if (!raced || attempt >= 5) {
                    throw e;
                }
                LOG.info("Concurrent writes during restore ({}); diffing again", e.getMessage());
            }
        }
    }

    private long restoreOnce(Map<String, KeyValue> wanted) {
        ListResult current = list("", null, 0, 0);
        Map<String, KeyValue> have = new HashMap<>();
        current.items().forEach(kv -> have.put(kv.key(), kv));
        long rev = current.revision();
        List<KeyValue> results = new ArrayList<>();
        for (KeyValue kv : have.values()) {
            if (!wanted.containsKey(kv.key())) {
                results.add(delete(kv.key(), kv.modRevision()));
            }
        }
        for (KeyValue kv : wanted.values()) {
            KeyValue old = have.get(kv.key());
            if (old == null) {
                results.add(create(kv.key(), kv.value()));
            } else if (!java.util.Arrays.equals(old.value(), kv.value())) {
                results.add(update(kv.key(), kv.value(), old.modRevision()));
            }
        }
        for (KeyValue kv : results) {
            rev = Math.max(rev, kv.modRevision());
        }
        return rev;
    }

    private static String requireKey(String key) {
        if (key == null || key.isEmpty()) {
            throw new IllegalArgumentException("key must not be empty");
        }
        return key;
    }

    private KeyValue write(WriteRequest request) {
        if (closed) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "store is closed");
        }
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(ROUTE_RETRY_MILLIS);
        long backoff = 5;
        while (true) {
            try {
                if (grid.ownsLog()) {
                    return sequencer.submit(request).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                }
                Future<byte[]> f = grid.executor.submitToKeyOwner(new WriteTask(request), Grid.LOG);
                return WriteTask.decode(f.get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS));
            } catch (Sequencer.NotSequencerException e) {
                // the task reached a member that does not sequence (yet): route again
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof StoreException se) {
                    throw se;
                }
                if (!(cause instanceof Sequencer.NotSequencerException || cause instanceof TargetNotMemberException)) {
                    throw unavailable(cause);
                }
            } catch (TargetNotMemberException e) {
                // partition table moving: route again
            } catch (TimeoutException e) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "write timed out; outcome unknown", 0, e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted", 0, e);
            } catch (StoreException e) {
                throw e;
            } catch (RuntimeException e) {
                throw unavailable(e);
            }
            if (closed || System.nanoTime() > deadline) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "no member is sequencing writes");
            }
            try {
                Thread.sleep(backoff);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted", 0, e);
            }
            backoff = Math.min(backoff * 2, 200);
        }
    }

    private StoreException unavailable(Throwable cause) {
        String message;
        if (cause instanceof SplitBrainProtectionException) {
            message = "the store cannot accept writes: fewer than " + config.minClusterSize() + " members are reachable";
        } else if (cause instanceof MemberLeftException) {
            message = "the sequencing member left; outcome unknown";
        } else if (cause instanceof HazelcastInstanceNotActiveException) {
            message = "store is shutting down";
        } else {
            message = "write failed: " + cause;
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, message, 0, cause);
    }

    private void awaitCaughtUp() {
        try {
            if (!cache.awaitCaughtUp(READ_WAIT_MILLIS)) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "the watch cache is not catching up");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted", 0, e);
        } catch (HazelcastInstanceNotActiveException e) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "store is shutting down", 0, e);
        }
    }

    private void awaitRevision(long rev) {
        try {
            cache.awaitRevision(rev, FUTURE_WAIT_MILLIS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StoreException(StoreException.Kind.UNAVAILABLE, "interrupted", 0, e);
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            grid.userContext().remove(Grid.CONTEXT_KEY);
        } catch (RuntimeException e) {
            // the member was terminated already
        }
        sequencer.close();
        cache.close();
        grid.shutdown();
        cache.awaitStopped(2000);
        try {
            wal.close();
        } catch (IOException e) {
            LOG.warn("Closing the write-ahead log failed", e);
        }
    }
}
