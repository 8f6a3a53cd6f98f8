package io.stevedore.store.internal;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.ReadResultSet;
import com.hazelcast.ringbuffer.StaleSequenceException;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * This member's view of the store: the current objects (sorted by key) at the cache's revision plus the recent
 * events (the watch window), fed in order by one thread tailing the revision log. Serves lists at the current or
 * an older revision (by undoing newer events) and watches (replay from the window, then live).
 */
final class WatchCache implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchCache.class);
    private static final long PROGRESS_NANOS = TimeUnit.SECONDS.toNanos(1);

    /** What a new sequencer needs: the state at {@code revision} and the retained events. */
    record View(long revision, Map<String, KeyValue> state, List<LogEvent> events) {
    }

    private final Grid grid;
    private final int window;
    private final int watcherQueue;
    private final int readBatch;
    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Object progress = new Object();
    private final CopyOnWriteArrayList<Watcher> watchers = new CopyOnWriteArrayList<>();
    private final ExecutorService dispatcher;
    private final ScheduledExecutorService ticker;
    private final Thread tailer;

    private volatile ConcurrentSkipListMap<String, KeyValue> state = new ConcurrentSkipListMap<>();
    private final ArrayDeque<LogEvent> history = new ArrayDeque<>();
    private volatile long revision;
    private volatile long compacted;
    private volatile long nextSeq;
    private volatile boolean running = true;

    WatchCache(Grid grid, int window, int watcherQueue) {
        this.grid = grid;
        this.window = window;
        this.watcherQueue = watcherQueue;
        this.readBatch = Math.min(1000, window);
        String name = grid.hz.getName();
        this.dispatcher = Executors.newFixedThreadPool(2, daemon(name + "-watch"));
        this.ticker = Executors.newSingleThreadScheduledExecutor(daemon(name + "-progress"));
        this.tailer = daemon(name + "-tailer").newThread(this::tail);
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        java.util.concurrent.atomic.AtomicInteger n = new java.util.concurrent.atomic.AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    void start() throws InterruptedException {
        load();
        tailer.start();
        ticker.scheduleWithFixedDelay(this::tick, 1, 1, TimeUnit.SECONDS);
    }

    long revision() {
        return revision;
    }

    long compacted() {
        return compacted;
    }

    /** Loads the state from the grid: the KV map, corrected by the log's events after the applied mark. */
    private void load() throws InterruptedException {
        for (int attempt = 0; ; attempt++) {
            try {
                loadOnce();
                return;
            } catch (StaleSequenceException e) {
                if (attempt >= 5) {
                    throw e;
                }
            } catch (ExecutionException e) {
                if (!(e.getCause() instanceof StaleSequenceException) || attempt >= 5) {
                    throw new IllegalStateException("cannot load the watch cache", e.getCause());
                }
            }
        }
    }

    private void loadOnce() throws ExecutionException, InterruptedException {
        long applied = orZero(grid.meta.get(Grid.META_APPLIED));
        long base = orZero(grid.meta.get(Grid.META_BASE));
        ConcurrentSkipListMap<String, KeyValue> loaded = new ConcurrentSkipListMap<>();
        for (Map.Entry<String, byte[]> e : grid.kv.entrySet()) {
            loaded.put(e.getKey(), Codec.decodeEntry(e.getKey(), e.getValue()));
        }
        long head = grid.log.headSequence();
        long tail = grid.log.tailSequence();
        List<LogEvent> events = new ArrayList<>();
        long seq = head;
        while (seq <= tail) {
            ReadResultSet<byte[]> rs = grid.log.readManyAsync(seq, 0, readBatch, null).toCompletableFuture().get();
            if (rs.size() == 0) {
                break;
            }
            for (int i = 0; i < rs.size(); i++) {
                events.add(Codec.decodeEvent(rs.get(i)));
            }
            seq = rs.getNextSequenceToReadFrom();
        }
        long rev = Math.max(base, applied);
        for (LogEvent e : events) {
            if (e.revision() > applied) {
                applyTo(loaded, e);
            }
            rev = Math.max(rev, e.revision());
        }
        lock.writeLock().lock();
        try {
            state = loaded;
            history.clear();
            history.addAll(events);
            while (history.size() > window) {
                history.removeFirst();
            }
            revision = rev;
            compacted = head == 0 ? Math.min(base, rev) : (history.isEmpty() ? rev : history.peekFirst().revision() - 1);
            nextSeq = seq;
        } finally {
            lock.writeLock().unlock();
        }
        signal();
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    private static void applyTo(Map<String, KeyValue> map, LogEvent e) {
        KeyValue after = e.after();
        if (after == null) {
            map.remove(e.key());
        } else {
            map.put(e.key(), after);
        }
    }

    private void tail() {
        while (running) {
            try {
                ReadResultSet<byte[]> rs = grid.log.readManyAsync(nextSeq, 1, readBatch, null)
                        .toCompletableFuture().get();
                List<LogEvent> events = new ArrayList<>(rs.size());
                for (int i = 0; i < rs.size(); i++) {
                    events.add(Codec.decodeEvent(rs.get(i)));
                }
                apply(events, rs.getNextSequenceToReadFrom());
            } catch (InterruptedException e) {
                return;
            } catch (ExecutionException | RuntimeException e) {
                Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
                if (!running || cause instanceof HazelcastInstanceNotActiveException) {
                    return;
                }
                if (cause instanceof StaleSequenceException) {
                    reload();
                } else {
                    LOG.debug("Tailing the revision log failed, retrying", cause);
                    pause(100);
                }
            }
        }
    }

    private void reload() {
        LOG.warn("Watch cache fell out of the revision log window; reloading");
        try {
            load();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (RuntimeException e) {
            LOG.warn("Reloading the watch cache failed", e);
            pause(100);
            return;
        }
        for (Watcher w : watchers) {
            w.fail(new StoreException(StoreException.Kind.WATCHER_TOO_SLOW,
                    "the watch cache fell out of the retained window", revision, null));
        }
    }

    private void pause(long millis) {
        synchronized (progress) {
            try {
                progress.wait(millis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            }
        }
    }

    void apply(List<LogEvent> events, long next) {
        lock.writeLock().lock();
        try {
            for (LogEvent e : events) {
                if (e.revision() <= revision) {
                    LOG.warn("Ignoring out-of-order revision {} (cache at {})", e.revision(), revision);
                    continue;
                }
                applyTo(state, e);
                history.addLast(e);
                if (history.size() > window) {
                    compacted = history.removeFirst().revision();
                }
                revision = e.revision();
                for (Watcher w : watchers) {
                    w.offer(e);
                }
            }
            nextSeq = next;
        } finally {
            lock.writeLock().unlock();
        }
        signal();
    }

    private void signal() {
        synchronized (progress) {
            progress.notifyAll();
        }
    }

    /** Waits until the cache has read everything the revision log holds now; false on timeout. */
    boolean awaitCaughtUp(long timeoutMillis) throws InterruptedException {
        long tail = grid.log.tailSequence();
        return await(() -> nextSeq > tail, timeoutMillis);
    }

    /** Waits until the cache has reached {@code rev}; false on timeout. */
    boolean awaitRevision(long rev, long timeoutMillis) throws InterruptedException {
        return await(() -> revision >= rev, timeoutMillis);
    }

    private boolean await(java.util.function.BooleanSupplier condition, long timeoutMillis)
            throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        synchronized (progress) {
            while (!condition.getAsBoolean()) {
                long left = TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime());
                if (left <= 0 || !running) {
                    return condition.getAsBoolean();
                }
                progress.wait(Math.min(left, 100));
            }
            return true;
        }
    }

    KeyValue get(String key) {
        return state.get(key);
    }

    View view() {
        lock.readLock().lock();
        try {
            return new View(revision, new HashMap<>(state), new ArrayList<>(history));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Lists at {@code atRevision} (0: the cache's revision); the caller has waited for the cache. */
    ListResult list(String prefix, String startAfter, int limit, long atRevision) {
        lock.readLock().lock();
        try {
            long rev = revision;
            long at = atRevision == 0 ? rev : atRevision;
            if (at > rev) {
                throw new StoreException(StoreException.Kind.FUTURE_REVISION,
                        "revision " + at + " is newer than the store's " + rev, rev, null);
            }
            if (at < compacted) {
                throw compactedError(at);
            }
            NavigableMap<String, KeyValue> range = range(state, prefix, startAfter);
            if (at != rev) {
                TreeMap<String, KeyValue> old = new TreeMap<>(range);
                for (Iterator<LogEvent> it = history.descendingIterator(); it.hasNext(); ) {
                    LogEvent e = it.next();
                    if (e.revision() <= at) {
                        break;
                    }
                    if (e.key().startsWith(prefix) && (startAfter == null || e.key().compareTo(startAfter) > 0)) {
                        KeyValue before = e.before();
                        if (before == null) {
                            old.remove(e.key());
                        } else {
                            old.put(e.key(), before);
                        }
                    }
                }
                range = old;
            }
            return page(range, limit, at);
        } finally {
            lock.readLock().unlock();
        }
    }

    StoreException compactedError(long rev) {
        return new StoreException(StoreException.Kind.COMPACTED,
                "too old resource version: " + rev + " (" + compacted + ")", revision, null);
    }

    private static NavigableMap<String, KeyValue> range(NavigableMap<String, KeyValue> map, String prefix,
                                                        String startAfter) {
        NavigableMap<String, KeyValue> r = map;
        if (!prefix.isEmpty()) {
            char last = prefix.charAt(prefix.length() - 1);
            if (last == Character.MAX_VALUE) {
                r = r.tailMap(prefix, true);
            } else {
                r = r.subMap(prefix, true, prefix.substring(0, prefix.length() - 1) + (char) (last + 1), false);
            }
        }
        if (startAfter != null) {
            r = r.tailMap(startAfter, false);
        }
        return r;
    }

    private static ListResult page(NavigableMap<String, KeyValue> range, int limit, long rev) {
        List<KeyValue> items = new ArrayList<>();
        long remaining = 0;
        for (KeyValue kv : range.values()) {
            if (limit <= 0 || items.size() < limit) {
                items.add(kv);
            } else {
                remaining++;
            }
        }
        return new ListResult(items, rev, remaining > 0, remaining);
    }

    /** Registers a watch from {@code afterRevision} (already resolved, not 0). */
    WatchHandle watch(String prefix, long afterRevision, WatchListener listener) {
        lock.readLock().lock();
        try {
            if (afterRevision < compacted) {
                throw compactedError(afterRevision);
            }
            if (afterRevision > revision) {
                throw new StoreException(StoreException.Kind.FUTURE_REVISION,
                        "revision " + afterRevision + " is newer than the store's " + revision, revision, null);
            }
            List<LogEvent> replay = new ArrayList<>();
            for (Iterator<LogEvent> it = history.descendingIterator(); it.hasNext(); ) {
                LogEvent e = it.next();
                if (e.revision() <= afterRevision) {
                    break;
                }
                if (e.key().startsWith(prefix)) {
                    replay.add(e);
                }
            }
            java.util.Collections.reverse(replay);
            Watcher w = new Watcher(prefix, listener, replay, watcherQueue, dispatcher, watchers::remove);
            if (!running) {
                throw new StoreException(StoreException.Kind.UNAVAILABLE, "store is closed");
            }
            watchers.add(w);
            w.start();
            return w;
        } finally {
            lock.readLock().unlock();
        }
    }

    private void tick() {
        lock.readLock().lock();
        try {
            long rev = revision;
            for (Watcher w : watchers) {
                w.offerProgress(rev, PROGRESS_NANOS);
            }
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Waits for the tailing thread to end (after the member has shut down). */
    void awaitStopped(long millis) {
        try {
            tailer.join(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    int watcherCount() {
        return watchers.size();
    }

    @Override
    public void close() {
        running = false;
        signal();
        ticker.shutdownNow();
        tailer.interrupt();
        for (Watcher w : watchers) {
            w.fail(new StoreException(StoreException.Kind.UNAVAILABLE, "store closed"));
        }
        dispatcher.shutdown();
        try {
            if (!dispatcher.awaitTermination(2, TimeUnit.SECONDS)) {
                dispatcher.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
