package io.stevedore.bench;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntConsumer;

/** Starting the benchmarks' daemon threads, and running a task for many indexes on several. */
final class Threads {

    private Threads() {
    }

    static Thread start(String name, Runnable body) {
        Thread t = new Thread(body, name);
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** Runs {@code task} for every index below {@code n} on {@code threads} threads; returns when all are done. */
    static void forEach(int n, int threads, IntConsumer task) throws InterruptedException {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        AtomicInteger next = new AtomicInteger();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                for (int i = next.getAndIncrement(); i < n; i = next.getAndIncrement()) {
                    task.accept(i);
                }
            });
        }
        pool.shutdown();
        if (!pool.awaitTermination(60, TimeUnit.MINUTES)) {
            pool.shutdownNow();
            throw new IllegalStateException("tasks still running after 60 minutes");
        }
    }
}
