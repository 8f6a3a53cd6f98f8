package io.stevedore.bench;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * Closed-loop and open-loop write load on a {@link WriteTarget}. Every run is bounded in time and in operations;
 * every thread it starts has ended (or is interrupted and abandoned after a grace period) when it returns.
 */
public final class LoadDriver {

    /** Keys each driver thread cycles over. */
    static final int KEYS_PER_THREAD = 16;
    /** A run stops early once this many writes failed and failures outnumber successes (target down). */
    private static final long MAX_ERRORS = 1_000;
    private static final long MAX_OPS_PER_THREAD = 50_000_000;
    private static final Duration GRACE = Duration.ofSeconds(60);
    private static final AtomicInteger RUNS = new AtomicInteger();

    private LoadDriver() {
    }

    /** A distinct prefix per run, so that runs never reuse each other's keys. */
    private static String runPrefix() {
        return "r" + RUNS.incrementAndGet() + "-" + Long.toString(System.nanoTime() & 0xffffff, 36);
    }

    /**
     * Closed loop: {@code threads} writers, each issuing its next write as soon as the previous one returned, for
     * {@code duration}. Latency is per write; throughput is completed writes over the measured interval.
     */
    public static LatencyRecorder.Stats closedLoop(WriteTarget target, int threads, Duration duration)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        String prefix = runPrefix();
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        AtomicLong startNanos = new AtomicLong();
        AtomicBoolean abort = new AtomicBoolean();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            KeyRing keys = new KeyRing(prefix + "-w" + t, KEYS_PER_THREAD);
            workers.add(Threads.start("closed-" + t, () -> {
                ready.countDown();
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                long end = startNanos.get() + duration.toNanos();
                for (long n = 0; n < MAX_OPS_PER_THREAD && !abort.get() && !Thread.currentThread().isInterrupted(); n++) {
                    long s = System.nanoTime();
                    if (s >= end) {
                        break;
                    }
                    if (!write(target, keys, recorder, s)) {
                        checkAbort(recorder, abort);
                    }
                }
            }));
        }
        ready.await(30, TimeUnit.SECONDS);
        startNanos.set(System.nanoTime());
        go.countDown();
        joinAll(workers, duration.plus(GRACE));
        double seconds = (System.nanoTime() - startNanos.get()) / 1e9;
        return recorder.stats(seconds);
    }

    /**
     * Open loop at a fixed {@code rate}: write i is due at {@code start + i / rate}; a pool of {@code threads}
     * writers takes the writes in order, waits for each one's due time, and records its latency from the due time
     * (not from when it was actually sent), so that a stall delays and counts against every write scheduled
     * behind it (no coordinated omission). Writes still unsent {@code GRACE} after the end are dropped and
     * counted as errors.
     */
    public static LatencyRecorder.Stats openLoop(WriteTarget target, double rate, Duration duration, int threads)
            throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        String prefix = runPrefix();
        long total = (long) (rate * duration.toNanos() / 1e9);
        double interval = 1e9 / rate;
        AtomicLong sequence = new AtomicLong();
        AtomicBoolean abort = new AtomicBoolean();
        long start = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(50);
        long hardEnd = start + duration.toNanos() + GRACE.toNanos();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            KeyRing keys = new KeyRing(prefix + "-w" + t, KEYS_PER_THREAD);
            workers.add(Threads.start("open-" + t, () -> {
                while (!abort.get() && !Thread.currentThread().isInterrupted()) {
                    long i = sequence.getAndIncrement();
                    if (i >= total) {
                        return;
                    }
                    long due = start + (long) (i * interval);
                    if (!parkUntil(due) || System.nanoTime() > hardEnd) {
                        recorder.error();
                        continue;
                    }
                    if (!write(target, keys, recorder, due)) {
                        checkAbort(recorder, abort);
                    }
                }
            }));
        }
        joinAll(workers, duration.plus(GRACE).plus(GRACE));
        double seconds = Math.max(System.nanoTime() - start, 1) / 1e9;
        return recorder.stats(seconds);
    }

    private static boolean write(WriteTarget target, KeyRing keys, LatencyRecorder recorder, long from) {
        try {
            keys.writeNext(target);
            recorder.record(System.nanoTime() - from);
            return true;
        } catch (Exception e) {
            recorder.error();
            if (recorder.errors() <= 3) {
                System.err.println("bench: write to " + target.name() + " failed: " + e);
            }
            return false;
        }
    }

    private static void checkAbort(LatencyRecorder recorder, AtomicBoolean abort) {
        if (recorder.errors() > MAX_ERRORS && recorder.errors() > recorder.count()) {
            abort.set(true);
        }
    }

    /** Parks until {@code due}; false if interrupted. */
    static boolean parkUntil(long due) {
        for (long now = System.nanoTime(); now < due; now = System.nanoTime()) {
            LockSupport.parkNanos(due - now);
            if (Thread.currentThread().isInterrupted()) {
                return false;
            }
        }
        return true;
    }

    private static void joinAll(List<Thread> workers, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Thread w : workers) {
            long left = deadline - System.nanoTime();
            if (left > 0) {
                w.join(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
            }
        }
        for (Thread w : workers) {
            if (w.isAlive()) {
                System.err.println("bench: " + w.getName() + " did not finish; interrupting it");
                w.interrupt();
            }
        }
    }
}
