package io.stevedore.store.internal;

import com.hazelcast.core.HazelcastInstanceNotActiveException;
import com.hazelcast.ringbuffer.OverflowPolicy;
import com.hazelcast.splitbrainprotection.SplitBrainProtectionException;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The single writer of the grid, active on the member that owns the revision log's partition. One thread takes
 * requests in batches, checks each precondition against the current state, assigns consecutive revisions,
 * claims them in the grid (a compare-and-set on the metadata map, which fences a second sequencer; it runs while
 * the batch is forced), appends the batch to the write-ahead log with one force, then appends the events to the
 * revision log (synchronous backup) and completes the callers' futures when that append completes. One append is
 * in flight at a time, overlapping the next batch's force; a failed append fails the batches after it and makes
 * the sequencer resynchronise from the grid. The KV map is updated after that, off the acknowledgement path.
 */
final class Sequencer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Sequencer.class);
    private static final long GRID_TIMEOUT_SECONDS = 30;
    private static final long TAKEOVER_WAIT_MILLIS = 2000;

    /** This member is not (or no longer) the sequencer: the caller routes the request again. */
    static final class NotSequencerException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotSequencerException() {
            super("not the sequencing member", null, false, false);
        }
    }

    /**
     * Where the acknowledgement of a batch runs: on the thread that completes the log append. It only completes
     * the futures request threads wait on, so it need not hop to Hazelcast's callback executor (see
     * {@link CallbackExecutor}) on the acknowledgement path.
     */
    private static final Executor ON_COMPLETING_THREAD = Runnable::run;

    private record Pending(WriteRequest request, CompletableFuture<KeyValue> future) {
    }

    /** A batch forced to disk and claimed, whose append to the revision log is in flight. */
    private record InFlight(List<Pending> batch, Object[] results, Map<String, KeyValue> staged, long revision,
                            CompletableFuture<Long> append) {
    }

    private final Grid grid;
    private final Wal wal;
    private final WatchCache cache;
    private final int snapshotEvery;
    private final int minClusterSize;
    private final int maxBatch;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private volatile boolean running = true;

    // sequencer thread only
    private boolean active;
    private long lastRevision;
    private Map<String, KeyValue> state = new HashMap<>();
    private long sinceSnapshot;
    private long nextTakeoverAttempt;
    private InFlight inFlight;
    /** Recent writes by request id: a request retried by Hazelcast after a failover gets its first outcome. */
    private final LinkedHashMap<UUID, LogEvent> recent = new LinkedHashMap<>();
    private final int recentLimit;
    private final LinkedHashMap<String, KeyValue> mapPending = new LinkedHashMap<>();
    private long mapPendingRevision;
    private CompletableFuture<Void> mapInFlight = CompletableFuture.completedFuture(null);
    private long mapInFlightRevision;

    Sequencer(Grid grid, Wal wal, WatchCache cache, int window, int snapshotEvery, int minClusterSize) {
        // a batch never fills the revision log on its own, so tailers can keep up
        this.maxBatch = Math.max(1, Math.min(500, window / 4));
        this.recentLimit = Math.min(window, 100_000);
        this.grid = grid;
        this.wal = wal;
        this.cache = cache;
        this.snapshotEvery = snapshotEvery;
        this.minClusterSize = minClusterSize;
        this.thread = new Thread(this::run, grid.hz.getName() + "-sequencer");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    CompletableFuture<KeyValue> submit(WriteRequest request) {
        CompletableFuture<KeyValue> f = new CompletableFuture<>();
        if (!running) {
            f.completeExceptionally(new StoreException(StoreException.Kind.UNAVAILABLE, "store is closed"));
        } else {
            queue.add(new Pending(request, f));
        }
        return f;
    }

    /** batches, events, nanos: WAL force, waiting for the previous append, unused, claim wait (diagnostics). */
    private final long[] stats = new long[6];

    String stats() {
        long b = Math.max(1, stats[0]);
        return String.format("%d batches, %.1f events/batch, per batch: wal %.3f ms, claim wait %.3f ms, previous append wait %.3f ms",
                stats[0], stats[1] / (double) b, stats[2] / 1e6 / b, stats[5] / 1e6 / b,
                stats[3] / 1e6 / b);
    }

    boolean isActive() {
        return active;
    }

    private void run() {
        List<Pending> batch = List.of();
        while (running) {
            try {
                flushMap();
                Pending first = queue.poll();
                if (first == null) {
                    if (inFlight != null) {
                        finishInFlight(); // nothing new to overlap with: acknowledge now
                        continue;
                    }
                    first = queue.poll(mapPending.isEmpty() && mapInFlight.isDone() ? 200 : 1, TimeUnit.MILLISECONDS);
                }
                if (first == null) {
                    idle();
                    continue;
                }
                batch = new ArrayList<>(maxBatch);
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                process(batch);
            } catch (InterruptedException e) {
                StoreException closing = new StoreException(StoreException.Kind.UNAVAILABLE,
                        "store is closing; outcome unknown");
                fail(batch, closing);
                if (inFlight != null) {
                    fail(inFlight.batch(), closing);
                }
                break;
            } catch (RuntimeException e) {
                LOG.error("Sequencer failed on a batch", e);
                fail(batch, unavailable(e));
                if (inFlight != null) {
                    fail(inFlight.batch(), unavailable(e));
                    inFlight = null;
                }
                active = false;
            }
        }
        StoreException closed = new StoreException(StoreException.Kind.UNAVAILABLE, "store is closed");
        Pending p;
        while ((p = queue.poll()) != null) {
            p.future().completeExceptionally(closed);
        }
    }

    /** Takes over proactively when this member owns the log, so the first write does not pay for it. */
    private void idle() {
        if (!running) {
            return;
        }
        boolean owner = grid.ownsLog();
        if (!owner) {
            active = false;
        } else if (!active && System.nanoTime() - nextTakeoverAttempt >= 0) {
            try {
                takeover();
            } catch (Exception e) {
                LOG.debug("Sequencer takeover deferred: {}", e.toString());
                nextTakeoverAttempt = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            }
        }
    }

    private void takeover() throws Exception {
        if (grid.clusterSize() < minClusterSize) {
            throw new StoreException(StoreException.Kind.UNAVAILABLE, noQuorum());
        }
        long claimed = orZero(grid.meta.get(Grid.META_REV));
        cache.awaitCaughtUp(TAKEOVER_WAIT_MILLIS);
        if (!cache.awaitRevision(claimed, TAKEOVER_WAIT_MILLIS)) {
            LOG.warn("Revisions {}..{} were claimed but never published; continuing after them",
                    cache.revision() + 1, claimed);
        }
        try {
            mapInFlight.get(GRID_TIMEOUT_SECONDS, TimeUnit.SECONDS); // no older map update may land after the repair
        } catch (ExecutionException e) {
            LOG.debug("An earlier KV map update failed; the repair covers it", e.getCause());
        }
        mapInFlightRevision = 0;
        mapPending.clear();
        long applied = orZero(grid.meta.get(Grid.META_APPLIED));
        WatchCache.View view = cache.view();
        repair(view.events().stream().filter(e -> e.revision() > applied).toList());
        recent.clear();
        view.events().forEach(this::remember);
        long last = Math.max(claimed, view.revision());
        if (last != claimed && !grid.meta.replace(Grid.META_REV, claimed, last)) {
            throw new NotSequencerException();
        }
        wal.checkpoint(last, view.state().values());
        grid.meta.set(Grid.META_APPLIED, last);
        state = view.state();
        lastRevision = last;
        sinceSnapshot = 0;
        active = true;
        LOG.info("Member {} sequences writes from revision {}", grid.hz.getCluster().getLocalMember(), last);
    }

    /** Re-applies to the KV map the events a previous sequencer published to the log but maybe not to the map. */
    private void repair(List<LogEvent> events) throws Exception {
        Map<String, KeyValue> finals = new LinkedHashMap<>();
        for (LogEvent e : events) {
            finals.put(e.key(), e.after());
        }
        publishState(finals);
    }

    private void process(List<Pending> batch) throws InterruptedException {
        if (!grid.ownsLog() || !active) {
            finishInFlight();
        }
        if (!grid.ownsLog()) {
            active = false;
            fail(batch, new NotSequencerException());
            return;
        }
        if (!active) {
            try {
                takeover();
            } catch (NotSequencerException e) {
                fail(batch, e);
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                fail(batch, unavailable(e));
                return;
            }
        }
        if (grid.clusterSize() < minClusterSize) {
            // Hazelcast's split-brain protection learns of a lost member a moment after the member list does; in
            // that moment a minority could still acknowledge writes that a merge would then drop. Refuse them here.
            active = false; // resynchronise (takeover) once the quorum is back, e.g. after a merge
            fail(batch, new StoreException(StoreException.Kind.UNAVAILABLE, noQuorum()));
            return;
        }
        Map<String, KeyValue> staged = new LinkedHashMap<>();
        List<LogEvent> events = new ArrayList<>();
        Object[] results = new Object[batch.size()];
        long rev = lastRevision;
        for (int i = 0; i < batch.size(); i++) {
            WriteRequest r = batch.get(i).request();
            LogEvent done = recent.get(r.id());
            if (done != null) {
                results[i] = done.result();
                continue;
            }
            KeyValue current = staged.containsKey(r.key()) ? staged.get(r.key()) : state.get(r.key());
            StoreException refused = check(r, current);
            if (refused != null) {
                results[i] = refused;
                continue;
            }
            rev++;
            LogEvent e = switch (r.op()) {
                case CREATE -> new LogEvent(StoreEvent.Type.CREATED, r.key(), rev, rev, 0, r.value(), null, r.id());
                case UPDATE -> new LogEvent(StoreEvent.Type.UPDATED, r.key(), rev, current.createRevision(),
                        current.modRevision(), r.value(), current.value(), r.id());
                case DELETE -> new LogEvent(StoreEvent.Type.DELETED, r.key(), rev, current.createRevision(),
                        current.modRevision(), current.value(), current.value(), r.id());
            };
            events.add(e);
            staged.put(r.key(), e.after());
            results[i] = e.result();
        }
        if (!events.isEmpty()) {
            long t0 = System.nanoTime();
            CompletableFuture<Boolean> claim;
            try {
                // claim the revisions (fencing a second sequencer) while the batch is forced to disk
                claim = grid.meta.submitToKey(Grid.META_REV, new ClaimProcessor(lastRevision, rev))
                        .toCompletableFuture();
            } catch (RuntimeException e) {
                fail(batch, unavailable(e));
                return;
            }
            long walPosition;
            try {
                walPosition = wal.append(events);
            } catch (IOException | RuntimeException e) {
                awaitQuietly(claim);
                active = false; // claimed, maybe: resynchronise before the next batch
                fail(batch, unavailable(e));
                return;
            }
            long t1 = System.nanoTime();
            boolean claimed;
            try {
                claimed = await(claim);
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                claimed = false;
                if (!unclaim(walPosition)) {
                    active = false;
                }
                fail(batch, unavailable(e));
                return;
            }
            if (!claimed) {
                unclaim(walPosition);
                active = false;
                fail(batch, new NotSequencerException());
                return;
            }
            stats[0]++;
            stats[1] += events.size();
            stats[2] += t1 - t0;
            stats[5] += System.nanoTime() - t1;
            // the batch is durable and its revisions are ours: later batches are checked against it
            lastRevision = rev;
            events.forEach(this::remember);
            for (Map.Entry<String, KeyValue> s : staged.entrySet()) {
                if (s.getValue() == null) {
                    state.remove(s.getKey());
                } else {
                    state.put(s.getKey(), s.getValue());
                }
            }
            // publish in revision order, one append in flight: it overlaps the next batch's WAL force
            if (!finishInFlight()) {
                active = false;
                fail(batch, new StoreException(StoreException.Kind.UNAVAILABLE,
                        "an earlier write failed to publish; outcome unknown"));
                return;
            }
            List<byte[]> encoded = new ArrayList<>(events.size());
            events.forEach(e -> encoded.add(Codec.encodeEvent(e)));
            CompletableFuture<Long> append;
            try {
                append = grid.log.addAllAsync(encoded, OverflowPolicy.OVERWRITE).toCompletableFuture();
            } catch (RuntimeException e) {
                active = false;
                fail(batch, unavailable(e));
                return;
            }
            // acknowledge as soon as the log has the batch, not when the sequencer next looks
            append.whenCompleteAsync((seq, err) -> {
                if (err == null && grid.clusterSize() < minClusterSize) {
                    // a member left while the batch was written: no acknowledgement a minority's merge could undo
                    fail(batch, new StoreException(StoreException.Kind.UNAVAILABLE, noQuorum() + "; outcome unknown"));
                } else if (err == null) {
                    complete(batch, results);
                } else {
                    fail(batch, unavailable(err instanceof java.util.concurrent.CompletionException
                            && err.getCause() != null ? err.getCause() : err));
                }
            }, ON_COMPLETING_THREAD);
            inFlight = new InFlight(batch, results, staged, rev, append);
            maybeSnapshot(events.size());
            return;
        }
        // refusals may rest on the batch in flight: answer after it
        if (!finishInFlight()) {
            fail(batch, new StoreException(StoreException.Kind.UNAVAILABLE,
                    "an earlier write failed to publish; outcome unknown"));
            return;
        }
        complete(batch, results);
    }

    private void maybeSnapshot(int written) {
        sinceSnapshot += written;
        if (sinceSnapshot >= snapshotEvery) {
            sinceSnapshot = 0;
            try {
                wal.checkpoint(lastRevision, new ArrayList<>(state.values()));
            } catch (Exception e) {
                LOG.warn("Snapshot at revision {} failed; the write-ahead log keeps growing", lastRevision, e);
            }
        }
    }

    /**
     * Waits for the batch in flight to reach the revision log, then acknowledges it; on failure fails it and
     * deactivates (the next batch resynchronises from the grid). Returns false when it failed.
     */
    private boolean finishInFlight() throws InterruptedException {
        InFlight f = inFlight;
        if (f == null) {
            return true;
        }
        inFlight = null;
        long t = System.nanoTime();
        try {
            f.append().get(GRID_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException | java.util.concurrent.TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            active = false;
            fail(f.batch(), unavailable(cause));
            return false;
        }
        stats[3] += System.nanoTime() - t;
        mapPending.putAll(f.staged());
        mapPendingRevision = f.revision();
        return true;
    }

    private static void complete(List<Pending> batch, Object[] results) {
        for (int i = 0; i < batch.size(); i++) {
            CompletableFuture<KeyValue> f = batch.get(i).future();
            if (results[i] instanceof KeyValue kv) {
                f.complete(kv);
            } else {
                f.completeExceptionally((StoreException) results[i]);
            }
        }
    }

    /** Drops a batch whose revisions were not claimed from the WAL; false when that failed. */
    private boolean unclaim(long walPosition) {
        try {
            wal.truncate(walPosition);
            return true;
        } catch (IOException e) {
            LOG.warn("Cannot drop an unclaimed batch from the write-ahead log", e);
            return false;
        }
    }

    private static void awaitQuietly(CompletableFuture<?> f) {
        try {
            f.get(GRID_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void remember(LogEvent e) {
        if (e.requestId() != null) {
            recent.put(e.requestId(), e);
            if (recent.size() > recentLimit) {
                recent.remove(recent.keySet().iterator().next());
            }
        }
    }

    private static StoreException check(WriteRequest r, KeyValue current) {
        if (r.op() == WriteRequest.Op.CREATE) {
            return current == null ? null : new StoreException(StoreException.Kind.KEY_EXISTS,
                    "key already exists: " + r.key(), current.modRevision(), null);
        }
        if (current == null) {
            return new StoreException(StoreException.Kind.KEY_NOT_FOUND, "key not found: " + r.key());
        }
        if (r.expectedModRevision() != 0 && r.expectedModRevision() != current.modRevision()) {
            return new StoreException(StoreException.Kind.CONFLICT, "the object has been modified: " + r.key()
                    + " is at revision " + current.modRevision() + ", not " + r.expectedModRevision(),
                    current.modRevision(), null);
        }
        return null;
    }

    /**
     * Updates the KV map off the acknowledgement path: one update in flight at a time (so a key's values land in
     * order), later batches coalesced meanwhile. The log already holds every acknowledged change (with backups),
     * and the applied mark advances only after the map has them, so a new sequencer or a joining member
     * replays what the map may lack.
     */
    private void flushMap() {
        if (!mapInFlight.isDone()) {
            return;
        }
        if (mapInFlightRevision > 0) {
            try {
                mapInFlight.join();
                grid.meta.setAsync(Grid.META_APPLIED, mapInFlightRevision);
            } catch (RuntimeException e) {
                LOG.warn("Updating the KV map failed; resynchronising", e);
                active = false;
                mapPending.clear();
            }
            mapInFlightRevision = 0;
        }
        if (!mapPending.isEmpty() && active) {
            try {
                mapInFlight = publishStateAsync(new LinkedHashMap<>(mapPending));
                mapInFlightRevision = mapPendingRevision;
            } catch (RuntimeException e) {
                LOG.warn("Updating the KV map failed; resynchronising", e);
                active = false;
            }
            mapPending.clear();
        }
    }

    private CompletableFuture<Void> publishStateAsync(Map<String, KeyValue> finals) {
        Map<String, byte[]> puts = new HashMap<>();
        List<CompletableFuture<?>> pending = new ArrayList<>();
        for (Map.Entry<String, KeyValue> e : finals.entrySet()) {
            if (e.getValue() == null) {
                pending.add(grid.kv.deleteAsync(e.getKey()).toCompletableFuture());
            } else {
                puts.put(e.getKey(), Codec.encodeEntry(e.getValue()));
            }
        }
        if (!puts.isEmpty()) {
            pending.add(grid.kv.setAllAsync(puts).toCompletableFuture());
        }
        return CompletableFuture.allOf(pending.toArray(CompletableFuture[]::new));
    }

    private void publishState(Map<String, KeyValue> finals) throws Exception {
        Map<String, byte[]> puts = new HashMap<>();
        List<CompletionStage<?>> pending = new ArrayList<>();
        for (Map.Entry<String, KeyValue> e : finals.entrySet()) {
            if (e.getValue() == null) {
                pending.add(grid.kv.deleteAsync(e.getKey()));
            } else {
                puts.put(e.getKey(), Codec.encodeEntry(e.getValue()));
            }
        }
        if (!puts.isEmpty()) {
            pending.add(grid.kv.setAllAsync(puts));
        }
        for (CompletionStage<?> s : pending) {
            await(s);
        }
    }

    private static <T> T await(CompletionStage<T> stage) throws Exception {
        try {
            return stage.toCompletableFuture().get(GRID_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private String noQuorum() {
        return "the store cannot accept writes: fewer than " + minClusterSize + " members are reachable";
    }

    private StoreException unavailable(Throwable e) {
        if (e instanceof StoreException se) {
            return se;
        }
        if (e instanceof SplitBrainProtectionException) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, noQuorum(), 0, e);
        }
        if (e instanceof HazelcastInstanceNotActiveException) {
            return new StoreException(StoreException.Kind.UNAVAILABLE, "store is shutting down", 0, e);
        }
        return new StoreException(StoreException.Kind.UNAVAILABLE, "write failed: " + e, 0, e);
    }

    private static void fail(List<Pending> batch, RuntimeException e) {
        for (Pending p : batch) {
            p.future().completeExceptionally(e);
        }
    }

    private static long orZero(Long v) {
        return v == null ? 0 : v;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
