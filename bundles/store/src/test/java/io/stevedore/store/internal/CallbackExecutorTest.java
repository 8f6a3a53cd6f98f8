package io.stevedore.store.internal;

import static io.stevedore.store.internal.TestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import com.hazelcast.internal.util.ConcurrencyUtil;
import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Writes do not start a thread per Hazelcast callback (what Hazelcast does on a JVM whose common pool has one
 * thread, i.e. any 2-core machine), and the store leaves Hazelcast's default executor as it found it.
 */
class CallbackExecutorTest {

    @TempDir
    Path dir;

    @Test
    void writesStartNoThreadPerCallback() throws Exception {
        java.util.concurrent.Executor before = ConcurrencyUtil.getDefaultAsyncExecutor();
        long started;
        int writes = 2_000;
        try (HazelcastStore store = HazelcastStore.start(TestSupport.standalone(dir))) {
            if (ForkJoinPool.getCommonPoolParallelism() <= 1) {
                assertThat(ConcurrencyUtil.getDefaultAsyncExecutor()).as("our pool while a member runs")
                        .isNotSameAs(before);
            }
            ExecutorService writers = Executors.newFixedThreadPool(4);
            try {
                store.create("/warm/up", bytes("x")); // the member's own threads exist from here on
                long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
                List<Future<?>> done = new ArrayList<>();
                for (int w = 0; w < 4; w++) {
                    int writer = w;
                    done.add(writers.submit(() -> {
                        for (int i = 0; i < writes / 4; i++) {
                            store.create("/cb/" + writer + "/" + i, bytes("v" + i));
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get(120, TimeUnit.SECONDS);
                }
                started = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
            } finally {
                writers.shutdownNow();
            }
        }
        // a pool's worth of threads (and Hazelcast's own lazily started ones) at most, never one per write batch
        assertThat(started).as("threads started during %d writes", writes).isLessThan(100);
        assertThat(ConcurrencyUtil.getDefaultAsyncExecutor()).as("restored after the member stopped")
                .isSameAs(before);
    }
}
