package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.WatchHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static io.stevedore.store.internal.TestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Several writers and several list-then-watch readers: every reader sees every change once, in order. */
class ConcurrencyTest {

    private static final int WRITERS = 4;
    private static final int WRITES = 1500;
    private static final int READERS = 4;

    @TempDir
    Path dir;
    private HazelcastStore store;
    private final List<WatchHandle> handles = new ArrayList<>();

    @BeforeEach
    void start() throws Exception {
        store = HazelcastStore.start(TestSupport.standalone(dir));
    }

    @AfterEach
    void stop() {
        handles.forEach(WatchHandle::close);
        store.close();
    }

    @Test
    void readersSeeEveryChangeExactlyOnceInOrder() throws Exception {
        AtomicInteger done = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(WRITERS);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < WRITERS; w++) {
            int writer = w;
            writers.add(pool.submit(() -> {
                Map<String, KeyValue> mine = new HashMap<>();
                for (int i = 0; i < WRITES; i++) {
                    String key = "/k/w" + writer + "-" + (i % 100);
                    KeyValue cur = mine.get(key);
                    if (cur == null) {
                        mine.put(key, store.create(key, bytes("v" + i)));
                    } else if (i % 7 == 0) {
                        store.delete(key, cur.modRevision());
                        mine.remove(key);
                    } else {
                        KeyValue next = store.update(key, bytes("v" + i), cur.modRevision());
                        assertThat(next.modRevision()).isGreaterThan(cur.modRevision());
                        mine.put(key, next);
                    }
                    done.incrementAndGet();
                }
                return null;
            }));
        }
        List<TestSupport.Mirror> readers = new ArrayList<>();
        List<Long> starts = new ArrayList<>();
        for (int r = 0; r < READERS; r++) {
            int threshold = r * WRITERS * WRITES / (READERS + 1);
            await().atMost(Duration.ofSeconds(60)).until(() -> done.get() >= threshold);
            ListResult start = store.list("/k/", null, 0, 0);
            TestSupport.Mirror mirror = new TestSupport.Mirror(start.items(), start.revision());
            handles.add(store.watch("/k/", start.revision(), mirror));
            readers.add(mirror);
            starts.add(start.revision());
        }
        for (Future<?> f : writers) {
            f.get(120, TimeUnit.SECONDS);
        }
        pool.shutdown();
        ListResult end = store.list("/k/", null, 0, 0);
        assertThat(end.revision()).isEqualTo(store.currentRevision());
        for (int r = 0; r < READERS; r++) {
            TestSupport.Mirror mirror = readers.get(r);
            await().atMost(Duration.ofSeconds(30)).until(() -> mirror.revision >= end.revision());
            assertThat(mirror.violations).isEmpty();
            assertThat(mirror.errors).isEmpty();
            assertThat(mirror.summary()).isEqualTo(TestSupport.summary(end.items()));
            // single member, every write under /k/: the revisions are consecutive, so nothing was skipped
            List<Long> revs = mirror.revisions();
            assertThat(revs).hasSize((int) (end.revision() - starts.get(r)));
            for (int i = 0; i < revs.size(); i++) {
                assertThat(revs.get(i)).isEqualTo(starts.get(r) + 1 + i);
            }
        }
    }
}
