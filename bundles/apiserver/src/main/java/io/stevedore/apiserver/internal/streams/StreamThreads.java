package io.stevedore.apiserver.internal.streams;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The threads of pod streams: each copy loop blocks on a process pipe or a socket, so they get threads of their own
 * (daemon, made on demand, ended with the server), plus one timer for timeouts.
 */
public final class StreamThreads implements AutoCloseable {

    private final ExecutorService executor;
    private final ScheduledThreadPoolExecutor timer;

    public StreamThreads() {
        executor = Executors.newCachedThreadPool(factory("stevedore-stream-"));
        timer = new ScheduledThreadPoolExecutor(1, factory("stevedore-stream-timer-"));
        timer.setRemoveOnCancelPolicy(true);
    }

    private static ThreadFactory factory(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    public ExecutorService executor() {
        return executor;
    }

    public ScheduledExecutorService timer() {
        return timer;
    }

    @Override
    public void close() {
        timer.shutdownNow();
        executor.shutdownNow();
    }
}
