package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WorkQueueTest {

    private final DefaultRateLimitingQueue<String> queue =
            new DefaultRateLimitingQueue<>("test", MaxOfRateLimiter.defaultController());
    private final ExecutorService pool = Executors.newFixedThreadPool(4);

    @AfterEach
    void tearDown() throws Exception {
        queue.shutDown();
        pool.shutdownNow();
        assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void deduplicatesWhileQueuedAndKeepsOrder() throws Exception {
        queue.add("a");
        queue.add("b");
        queue.add("a");
        assertThat(queue.len()).isEqualTo(2);
        assertThat(queue.get()).isEqualTo("a");
        assertThat(queue.get()).isEqualTo("b");
        assertThat(queue.len()).isZero();
    }

    @Test
    void anItemAddedWhileProcessingIsHandedOutAgainOnlyAfterDone() throws Exception {
        queue.add("a");
        assertThat(queue.get()).isEqualTo("a");
        queue.add("a");
        queue.add("a");
        assertThat(queue.len()).as("not queued while processing").isZero();

        Future<String> second = pool.submit(queue::get);
        queue.add("b");
        assertThat(second.get(10, TimeUnit.SECONDS)).as("another worker gets b, not a").isEqualTo("b");

        queue.done("a");
        assertThat(queue.len()).isEqualTo(1);
        assertThat(queue.get()).isEqualTo("a");
        queue.done("a");
        queue.done("b");
        assertThat(queue.len()).isZero();
    }

    @Test
    void neverProcessesOneKeyInTwoWorkersAtOnce() throws Exception {
        Map<String, AtomicInteger> inFlight = new ConcurrentHashMap<>();
        AtomicBoolean overlap = new AtomicBoolean();
        AtomicInteger processed = new AtomicInteger();
        List<Future<?>> workers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            workers.add(pool.submit(() -> {
                for (String key; (key = queue.get()) != null; ) {
                    if (inFlight.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet() > 1) {
                        overlap.set(true);
                    }
                    Thread.yield();
                    inFlight.get(key).decrementAndGet();
                    processed.incrementAndGet();
                    queue.done(key);
                }
                return null;
            }));
        }
        for (int i = 0; i < 2_000; i++) {
            queue.add("k" + (i % 5));
        }
        await().until(() -> queue.len() == 0 && inFlight.values().stream().allMatch(c -> c.get() == 0));
        queue.shutDownWithDrain();
        for (Future<?> w : workers) {
            w.get(10, TimeUnit.SECONDS);
        }
        assertThat(overlap).isFalse();
        assertThat(processed.get()).isBetween(5, 2_000);
    }

    @Test
    void shutDownUnblocksGettersAfterHandingOutWhatIsLeft() throws Exception {
        List<Future<String>> getters = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            getters.add(pool.submit(queue::get));
        }
        queue.shutDown();
        for (Future<String> g : getters) {
            assertThat(g.get(10, TimeUnit.SECONDS)).isNull();
        }
        queue.add("ignored");
        assertThat(queue.len()).isZero();
        assertThat(queue.isShuttingDown()).isTrue();
    }

    @Test
    void shutDownStillDrainsQueuedItems() throws Exception {
        DefaultWorkQueue<String> q = new DefaultWorkQueue<>("drain");
        q.add("a");
        q.add("b");
        q.shutDown();
        assertThat(q.get()).isEqualTo("a");
        assertThat(q.get()).isEqualTo("b");
        assertThat(q.get()).isNull();
    }

    @Test
    void shutDownWithDrainWaitsForItemsInProcessing() throws Exception {
        queue.add("a");
        assertThat(queue.get()).isEqualTo("a");
        Future<?> drain = pool.submit(() -> {
            queue.shutDownWithDrain();
            return null;
        });
        assertThat(drain.isDone()).isFalse();
        queue.done("a");
        drain.get(10, TimeUnit.SECONDS);
        assertThat(queue.get()).isNull();
    }

    @Test
    void addAfterDeliversLaterAndKeepsTheEarlierTime() throws Exception {
        queue.addAfter("late", Duration.ofHours(1));
        queue.addAfter("late", Duration.ofMillis(20));
        queue.addAfter("late", Duration.ofHours(2));
        assertThat(queue.waitingCount()).isEqualTo(1);
        Future<String> got = pool.submit(queue::get);
        assertThat(got.get(10, TimeUnit.SECONDS)).isEqualTo("late");
        assertThat(queue.waitingCount()).isZero();
        queue.addAfter("now", Duration.ZERO);
        assertThat(queue.len()).isEqualTo(1);
    }

    @Test
    void shutDownDropsDelayedItems() throws Exception {
        queue.addAfter("x", Duration.ofHours(1));
        queue.shutDown();
        assertThat(queue.waitingCount()).isZero();
        assertThat(queue.get()).isNull();
    }

    @Test
    void rateLimitedItemsComeBackAndForgetResetsTheCount() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        queue.addRateLimited("r");
        queue.addRateLimited("r");
        assertThat(queue.numRequeues("r")).isEqualTo(2);
        seen.add(pool.submit(queue::get).get(10, TimeUnit.SECONDS));
        assertThat(seen).containsExactly("r");
        queue.forget("r");
        queue.done("r");
        assertThat(queue.numRequeues("r")).isZero();
    }
}
