package io.stevedore.store.internal;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where Hazelcast runs the callbacks of its futures. Hazelcast uses {@code ForkJoinPool.commonPool()} when that
 * pool has more than one thread, and otherwise (any 2-core machine: the common pool has cores - 1 threads) starts
 * a new thread for every callback, several hundred a second under write load, each start costing CPU the
 * request path needs. While a member runs on such a JVM, a small pool of our own takes that role; the previous
 * executor is restored when the last member in this JVM stops. Reference-counted, so several members in one
 * JVM (tests) share it.
 */
final class CallbackExecutor {

    private static final Object LOCK = new Object();
    private static int members;
    private static Executor previous;
    private static ThreadPoolExecutor pool;

    private CallbackExecutor() {
    }

    /** Called when a member starts. */
    static void acquire() {
        synchronized (LOCK) {
            if (members++ > 0 || ForkJoinPool.getCommonPoolParallelism() > 1) {
                return;
            }
            AtomicInteger n = new AtomicInteger();
            int threads = Math.max(2, Runtime.getRuntime().availableProcessors());
            pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
                Thread t = new Thread(r, "stevedore-store-callback-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            pool.allowCoreThreadTimeOut(true);
            previous = ConcurrencyUtil.getDefaultAsyncExecutor();
            ConcurrencyUtil.setDefaultAsyncExecutor(pool);
        }
    }

    /** Called when a member has stopped. */
    static void release() {
        synchronized (LOCK) {
            if (members == 0 || --members > 0 || pool == null) {
                return;
            }
            ConcurrencyUtil.setDefaultAsyncExecutor(previous);
            pool.shutdown();
            pool = null;
            previous = null;
        }
    }
}
