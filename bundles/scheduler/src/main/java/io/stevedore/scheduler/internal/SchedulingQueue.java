package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Kubernetes' scheduling queue: an active queue ordered by priority then arrival (PrioritySort), a
 * back-off queue (1 s doubling per attempt up to 10 s by default), the pods that did not fit waiting for
 * a change in the cluster (at most 5 minutes), and the pods held by scheduling gates. A pod is in at most
 * one of them, keyed by namespace/name.
 */
public final class SchedulingQueue {

    /** A queued pod with its bookkeeping. */
    public static final class Entry {
        volatile Pod pod;
        final String key;
        long timestamp;
        int attempts;
        long backoffExpiry;
        long unschedulableSince;
        long cycle;
        final long seq;

        Entry(String key, Pod pod, long now, long seq) {
            this.key = key;
            this.pod = pod;
            this.timestamp = now;
            this.seq = seq;
        }

        public Pod pod() {
            return pod;
        }

        public String key() {
            return key;
        }

        public int attempts() {
            return attempts;
        }
    }

    static final Comparator<Entry> PRIORITY_SORT = Comparator
            .comparingInt((Entry e) -> -priority(e.pod))
            .thenComparingLong(e -> e.timestamp)
            .thenComparingLong(e -> e.seq);

    private final Clock clock;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition available = lock.newCondition();
    private final PriorityQueue<Entry> active = new PriorityQueue<>(PRIORITY_SORT);
    private final PriorityQueue<Entry> backoff = new PriorityQueue<>(Comparator.comparingLong(e -> e.backoffExpiry));
    private final Map<String, Entry> unschedulable = new HashMap<>();
    private final Map<String, Entry> gated = new HashMap<>();
    /** Every pod the queue knows, wherever it waits (or in flight between pop and done). */
    private final Map<String, Entry> all = new HashMap<>();
    private final Map<String, Entry> inFlight = new HashMap<>();
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

    /** A new pending pod. */
    public void add(String key, Pod pod) {
        lock.lock();
        try {
            if (all.containsKey(key)) {
                updateLocked(key, pod);
                return;
            }
            Entry e = new Entry(key, pod, clock.millis(), ++sequence);
            all.put(key, e);
            if (isGated(pod)) {
                gated.put(key, e);
            } else {
                active.add(e);
                available.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** A pending pod changed: a gated pod whose gates are gone, or an unschedulable one, gets another try. */
    public void update(String key, Pod pod) {
        update(key, pod, true);
    }

    /**
     * The same; with {@code relevant} false (only the status or resourceVersion changed, as after the
     * scheduler's own condition update) the pod stays where it waits.
     */
    public void update(String key, Pod pod, boolean relevant) {
        lock.lock();
        try {
            if (!all.containsKey(key)) {
                add(key, pod);
                return;
            }
            if (!relevant) {
                all.get(key).pod = pod;
                return;
            }
            updateLocked(key, pod);
        } finally {
            lock.unlock();
        }
    }

    private void updateLocked(String key, Pod pod) {
        Entry e = all.get(key);
        e.pod = pod;
        if (gated.containsKey(key)) {
            if (!isGated(pod)) {
                gated.remove(key);
                active.add(e);
                available.signalAll();
            }
        } else if (unschedulable.containsKey(key)) {
            unschedulable.remove(key);
            requeueLocked(e);
        } else if (active.remove(e)) {
            active.add(e);
        }
    }

    /** The pod is gone, bound elsewhere, or no longer ours. */
    public void delete(String key) {
        lock.lock();
        try {
            Entry e = all.remove(key);
            if (e != null) {
                active.remove(e);
                backoff.remove(e);
                unschedulable.remove(key);
                gated.remove(key);
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * The next pod to schedule, waiting up to {@code timeout}; null on timeout or when closed. The pod stays
     * known (in flight) until {@link #done} or {@link #requeue}.
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
                Entry e = active.poll();
                if (e != null) {
                    e.attempts++;
                    e.cycle = ++schedulingCycle;
                    inFlight.put(e.key, e);
                    return e;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return null;
                }
                long wait = left;
                Entry next = backoff.peek();
                if (next != null) {
                    wait = Math.min(wait, TimeUnit.MILLISECONDS.toNanos(Math.max(1, next.backoffExpiry - clock.millis())));
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

    /** The popped pod was bound (or assumed): the queue forgets it. */
    public void done(String key) {
        lock.lock();
        try {
            inFlight.remove(key);
            Entry e = all.get(key);
            if (e != null && !active.contains(e) && !backoff.contains(e) && !unschedulable.containsKey(key)
                    && !gated.containsKey(key)) {
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
            inFlight.remove(e.key);
            if (all.get(e.key) != e) {
                return;
            }
            e.timestamp = clock.millis();
            e.backoffExpiry = e.timestamp + backoffMillis(e.attempts);
            if (moveRequestCycle >= e.cycle) {
                requeueLocked(e);
            } else {
                e.unschedulableSince = clock.millis();
                unschedulable.put(e.key, e);
            }
        } finally {
            lock.unlock();
        }
    }

    /** The popped pod failed for another reason (binding error): it backs off and tries again. */
    public void requeue(Entry e) {
        lock.lock();
        try {
            inFlight.remove(e.key);
            if (all.get(e.key) != e) {
                return;
            }
            requeueLocked(e);
        } finally {
            lock.unlock();
        }
    }

    private void requeueLocked(Entry e) {
        long now = clock.millis();
        e.backoffExpiry = now + backoffMillis(e.attempts);
        if (e.backoffExpiry > now) {
            backoff.add(e);
        } else {
            active.add(e);
        }
        available.signalAll();
    }

    long backoffMillis(int attempts) {
        long d = initialBackoffMillis;
        for (int i = 1; i < attempts && d < maxBackoffMillis; i++) {
            d *= 2;
        }
        return Math.min(d, maxBackoffMillis);
    }

    /**
     * Something changed in the cluster that may let waiting pods fit (a node added or changed, a pod
     * deleted): every unschedulable pod goes back to the active or back-off queue.
     */
    public void moveAllToActiveOrBackoff() {
        lock.lock();
        try {
            moveRequestCycle = schedulingCycle;
            if (unschedulable.isEmpty()) {
                return;
            }
            long now = clock.millis();
            for (Entry e : unschedulable.values()) {
                if (e.backoffExpiry > now) {
                    backoff.add(e);
                } else {
                    active.add(e);
                }
            }
            unschedulable.clear();
            available.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Moves finished back-offs to the active queue and gives pods waiting too long another try. */
    private void flushLocked() {
        long now = clock.millis();
        while (!backoff.isEmpty() && backoff.peek().backoffExpiry <= now) {
            active.add(backoff.poll());
        }
        if (!unschedulable.isEmpty()) {
            List<String> stale = new ArrayList<>();
            for (Entry e : unschedulable.values()) {
                if (now - e.unschedulableSince >= maxUnschedulableMillis) {
                    stale.add(e.key);
                }
            }
            for (String k : stale) {
                Entry e = unschedulable.remove(k);
                if (e.backoffExpiry > now) {
                    backoff.add(e);
                } else {
                    active.add(e);
                }
            }
        }
    }

    /** Pending pods by where they wait: active, backoff, unschedulable, gated. */
    public Map<String, Integer> sizes() {
        lock.lock();
        try {
            return Map.of("active", active.size(), "backoff", backoff.size(), "unschedulable", unschedulable.size(),
                    "gated", gated.size());
        } finally {
            lock.unlock();
        }
    }

    /** The pods waiting for a cluster change. */
    public List<Pod> unschedulablePods() {
        lock.lock();
        try {
            return unschedulable.values().stream().map(Entry::pod).toList();
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
