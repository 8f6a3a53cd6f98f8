package io.stevedore.client.internal;

import io.stevedore.api.client.DelayingQueue;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A work queue with a delay heap, served by one daemon thread started on the first delayed add
 * and ended by shut down. An item waiting twice keeps its earlier time.
 */
class DefaultDelayingQueue<K> extends DefaultWorkQueue<K> implements DelayingQueue<K> {

    private record Waiting<K>(K item, long readyAt, long seq) {
    }

    private final ReentrantLock delayLock = new ReentrantLock();
    private final Condition delayChanged = delayLock.newCondition();
    private final PriorityQueue<Waiting<K>> heap = new PriorityQueue<>((a, b) -> {
        int c = Long.compare(a.readyAt() - b.readyAt(), 0);
        return c != 0 ? c : Long.compare(a.seq(), b.seq());
    });
    private final Map<K, Waiting<K>> waiting = new HashMap<>();
    private long seq;
    private Thread waiter;
    private boolean stopped;

    DefaultDelayingQueue(String name) {
        super(name);
    }

    @Override
    public void addAfter(K item, Duration delay) {
        if (isShuttingDown()) {
            return;
        }
        if (delay == null || delay.isZero() || delay.isNegative()) {
            add(item);
            return;
        }
        long readyAt = System.nanoTime() + delay.toNanos();
        delayLock.lock();
        try {
            if (stopped) {
                return;
            }
            Waiting<K> existing = waiting.get(item);
            if (existing != null) {
                if (readyAt - existing.readyAt() >= 0) {
                    return;
                }
                heap.remove(existing);
            }
            Waiting<K> w = new Waiting<>(item, readyAt, seq++);
            waiting.put(item, w);
            heap.add(w);
            if (waiter == null) {
                waiter = new Thread(this::waitLoop, "workqueue-" + name() + "-delay");
                waiter.setDaemon(true);
                waiter.start();
            }
            delayChanged.signal();
        } finally {
            delayLock.unlock();
        }
    }

    /** How many items wait for their delay (for tests and metrics). */
    int waitingCount() {
        delayLock.lock();
        try {
            return waiting.size();
        } finally {
            delayLock.unlock();
        }
    }

    @Override
    public void shutDown() {
        super.shutDown();
        Thread t;
        delayLock.lock();
        try {
            stopped = true;
            heap.clear();
            waiting.clear();
            delayChanged.signalAll();
            t = waiter;
        } finally {
            delayLock.unlock();
        }
        if (t != null && t != Thread.currentThread()) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void waitLoop() {
        delayLock.lock();
        try {
            while (!stopped) {
                Waiting<K> next = heap.peek();
                if (next == null) {
                    delayChanged.await();
                    continue;
                }
                long wait = next.readyAt() - System.nanoTime();
                if (wait > 0) {
                    delayChanged.await(wait, TimeUnit.NANOSECONDS);
                    continue;
                }
                heap.poll();
                waiting.remove(next.item());
                delayLock.unlock();
                try {
                    add(next.item());
                } finally {
                    delayLock.lock();
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            delayLock.unlock();
        }
    }
}
