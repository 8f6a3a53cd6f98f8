package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kubernetes' scheduling queue: an active queue ordered by priority then arrival (PrioritySort), a
 * back-off queue (1 s doubling per attempt up to 10 s by default), the pods that did not fit waiting for
 * a change in the cluster (at most 5 minutes), and the pods held by scheduling gates. A pod is in at most
 * one of them, keyed by namespace/name; each entry knows where it is, so every move is O(log n).
 */
public final class SchedulingQueue {

    /** Where an entry is. */
    private enum Where { ACTIVE, BACKOFF, UNSCHEDULABLE, GATED, IN_FLIGHT }

    /** A queued pod with its bookkeeping. */
    public static final class Entry {
        private Pod pod;
        private final String key;
        private final long seq;
        private Where where;
        private long timestamp;
        private int attempts;
        private long backoffExpiry;
        private long unschedulableSince;
        private long cycle;

        Entry(String key, Pod pod, long now, long seq) {
            this.key = key;
            this.pod = pod;
            this.timestamp = now;
            this.seq = seq;
        }

        /** The pod as last seen (read by the scheduling thread after {@link #pop}). */
        public synchronized Pod pod() {
            return pod;
        }

        private synchronized void setPod(Pod p) {
            pod = p;
        }

        public String key() {
            return key;
        }
    }

    /** PrioritySort: higher priority first, then the earlier arrival (the sequence makes it a total order). */
    private static final Comparator<Entry> PRIORITY_SORT = Comparator
            .comparingInt((Entry e) -> -priority(e.pod))
            .thenComparingLong(e -> e.timestamp)
            .thenComparingLong(e -> e.seq);
    private static final Comparator<Entry> BY_BACKOFF_EXPIRY = Comparator.comparingLong((Entry e) -> e.backoffExpiry)
            .thenComparingLong(e -> e.seq);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final TreeSet<Entry> active = new TreeSet<>(PRIORITY_SORT);
    private final TreeSet<Entry> backoff = new TreeSet<>(BY_BACKOFF_EXPIRY);
    private final Map<String, Entry> unschedulable = new HashMap<>();
    /** Every pod the queue knows, wherever it waits (or in flight between pop and done). */
    private final Map<String, Entry> all = new HashMap<>();
    private final Map<Where, Integer> counts = new EnumMap<>(Where.class);
    private volatile long initialBackoffMillis;
    private volatile long maxBackoffMillis;
    private final long maxUnschedulableMillis;
    private long schedulingCycle;
    private long sequence;
    private long moveRequestCycle = -1;
    private boolean closed;

    public SchedulingQueue(Clock clock, Duration initialBackoff, Duration maxBackoff, Duration maxInUnschedulable) {
        this.clock = clock;
        this.initialBackoffMillis = initialBackoff.toMillis();
        this.maxBackoffMillis = maxBackoff.toMillis();
        this.maxUnschedulableMillis = maxInUnschedulable.toMillis();
    }

    /** A pod's key in the queue, the cache and the nominations: namespace/name. */
    static String key(Pod p) {
        return p.getMetadata().getNamespace() + "/" + p.getMetadata().getName();
    }

    static int priority(Pod p) {
        Integer v = p.getSpec() == null ? null : p.getSpec().getPriority();
        return v == null ? 0 : v;
    }

    public void setBackoff(Duration initial, Duration max) {
        initialBackoffMillis = initial.toMillis();
        maxBackoffMillis = max.toMillis();
    }

    private static boolean isGated(Pod p) {
        return p.getSpec() != null && p.getSpec().getSchedulingGates() != null
                && !p.getSpec().getSchedulingGates().isEmpty();
    }

    /** Takes an entry out of wherever it is (it keeps its place in {@link #all}). */
    private void detach(Entry e) {
        if (e.where == null) {
            return;
        }
        switch (e.where) {
            case ACTIVE -> active.remove(e);
            case BACKOFF -> backoff.remove(e);
            case UNSCHEDULABLE -> unschedulable.remove(e.key);
            default -> { }
        }
        counts.merge(e.where, -1, Integer::sum);
        e.where = null;
    }

    private void place(Entry e, Where where) {
        detach(e);
        switch (where) {
            case ACTIVE -> active.add(e);
            case BACKOFF -> backoff.add(e);
            case UNSCHEDULABLE -> unschedulable.put(e.key, e);
            default -> { }
        }
        e.where = where;
        counts.merge(where, 1, Integer::sum);
        if (where == Where.ACTIVE || where == Where.BACKOFF) {
            available.signalAll();
        }
    }

    /** A new pending pod. */
    public void add(String key, Pod pod) {
        update(key, pod, true);
    }

    /** A pending pod changed: a gated pod whose gates are gone, or an unschedulable one, gets another try. */
    public void update(String key, Pod pod) {
        update(key, pod, true);
    }

    /**
     * A pending pod, new or changed. With {@code relevant} false (only the status or resourceVersion
     * changed, as after the scheduler's own condition update) a known pod stays where it waits.
     */
    public void update(String key, Pod pod, boolean relevant) {
        lock.lock();
        try {
            Entry e = all.get(key);
            if (e == null) {
                e = new Entry(key, pod, clock.millis(), ++sequence);
                all.put(key, e);
                place(e, isGated(pod) ? Where.GATED : Where.ACTIVE);
                return;
            }
            if (!relevant || e.where == Where.IN_FLIGHT) {
                e.setPod(pod);
                return;
            }
            Where was = e.where;
            detach(e);
            e.setPod(pod);
            if (isGated(pod)) {
                place(e, Where.GATED);
            } else if (was == Where.UNSCHEDULABLE) {
                requeueLocked(e);
            } else if (was == Where.GATED) {
                place(e, Where.ACTIVE);
            } else {
                place(e, was);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The pod is gone, bound elsewhere, or no longer ours. */
    public void delete(String key) {
        lock.lock();
        try {
            Entry e = all.remove(key);
            if (e != null) {
                detach(e);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next pod to schedule, waiting up to {@code timeout}; null on timeout or when closed. The pod stays
     * known (in flight) until {@link #done}, {@link #addUnschedulable} or {@link #requeue}.
     */
    public Entry pop(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        lock.lock();
        try {
            while (true) {
                if (closed) {
                    return null;
                }
                flushLocked();
                if (!active.isEmpty()) {
                    Entry e = active.first();
                    place(e, Where.IN_FLIGHT);
                    e.attempts++;
                    e.cycle = ++schedulingCycle;
                    return e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                long wait = left;
                if (!backoff.isEmpty()) {
                    long millis = Math.max(1, backoff.first().backoffExpiry - clock.millis());
                    wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(millis));
                }
                if (!unschedulable.isEmpty()) {
                    wait = Math.min(wait, TimeUnit.SECONDS.toNanos(30));
                }
                available.awaitNanos(wait);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The popped pod was bound (or its binding was refused for good): the queue forgets it. */
    public void done(String key) {
        lock.lock();
        try {
            Entry e = all.get(key);
            if (e != null && e.where == Where.IN_FLIGHT) {
                detach(e);
                all.remove(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The popped pod did not fit. It waits for a cluster change, unless one happened while it was being
     * scheduled, in which case it backs off and tries again.
     */
    public void addUnschedulable(Entry e) {
        lock.lock();
        try {
            if (all.get(e.key) != e || e.where != Where.IN_FLIGHT) {
                return;
            }
            e.timestamp = clock.millis();
            e.backoffExpiry = e.timestamp + backoffMillis(e.attempts);
            if (moveRequestCycle >= e.cycle) {
                requeueLocked(e);
            } else {
                e.unschedulableSince = e.timestamp;
                place(e, Where.UNSCHEDULABLE);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The popped pod failed for another reason (binding error): it backs off and tries again. */
    public void requeue(Entry e) {
        lock.lock();
        try {
            if (all.get(e.key) == e && e.where == Where.IN_FLIGHT) {
                requeueLocked(e);
            }
        } finally {
            lock.unlock();
        }
    }

    private void requeueLocked(Entry e) {
        detach(e);
        e.backoffExpiry = clock.millis() + backoffMillis(e.attempts);
        place(e, Where.BACKOFF);
    }

    long backoffMillis(int attempts) {
        long d = initialBackoffMillis;
        for (int i = 1; i < attempts && d < maxBackoffMillis; i++) {
            d *= 2;
        }
        return Math.min(d, maxBackoffMillis);
    }

    /** Back to the active queue, or to back-off while the pod's back-off lasts. */
    private void activateLocked(Entry e, long now) {
        place(e, e.backoffExpiry > now ? Where.BACKOFF : Where.ACTIVE);
    }

    /**
     * Something changed in the cluster that may let waiting pods fit (a node added or changed, a pod
     * deleted): every unschedulable pod goes back to the active or back-off queue.
     */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            moveRequestCycle = schedulingCycle;
            long now = clock.millis();
            for (Entry e : unschedulable.values().toArray(Entry[]::new)) {
                activateLocked(e, now);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Moves finished back-offs to the active queue and gives pods waiting too long another try. */
    private void flushLocked() {
        long now = clock.millis();
        while (!backoff.isEmpty() && backoff.first().backoffExpiry <= now) {
            place(backoff.first(), Where.ACTIVE);
        }
        if (unschedulable.isEmpty()) {
            return;
        }
        for (Iterator<Entry> it = unschedulable.values().iterator(); it.hasNext(); ) {
            Entry e = it.next();
            if (now - e.unschedulableSince >= maxUnschedulableMillis) {
                it.remove();
                counts.merge(Where.UNSCHEDULABLE, -1, Integer::sum);
                e.where = null;
                activateLocked(e, now);
            }
        }
    }

    /** Pending pods by where they wait: active, backoff, unschedulable, gated. */
    public Map<String, Integer> sizes() {
        lock.lock();
        try {
            return Map.of("active", counts.getOrDefault(Where.ACTIVE, 0), "backoff",
                    counts.getOrDefault(Where.BACKOFF, 0), "unschedulable", counts.getOrDefault(Where.UNSCHEDULABLE, 0),
                    "gated", counts.getOrDefault(Where.GATED, 0));
        } finally {
            lock.unlock();
        }
    }

    public void close() {
        lock.lock();
        try {
            closed = true;
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }
}
