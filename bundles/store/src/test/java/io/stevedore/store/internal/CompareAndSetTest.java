package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import static io.stevedore.store.internal.TestSupport.bytes;
import static io.stevedore.store.internal.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Update and delete with an expected modRevision are atomic compare-and-set; create and missing keys. */
class CompareAndSetTest {

    private static final int THREADS = 8;

    @TempDir
    Path dir;
    private HazelcastStore store;

    @BeforeEach
    void start() throws Exception {
        store = HazelcastStore.start(TestSupport.standalone(dir));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void exactlyOneOfManyStaleUpdatesWins() throws Exception {
        KeyValue created = store.create("/cas/a", bytes("0"));
        List<Object> outcomes = race(i -> store.update("/cas/a", bytes("t" + i), created.modRevision()));
        List<KeyValue> wins = outcomes.stream().filter(KeyValue.class::isInstance).map(KeyValue.class::cast).toList();
        assertThat(wins).hasSize(1);
        assertThat(outcomes).filteredOn(StoreException.class::isInstance)
                .hasSize(THREADS - 1)
                .allSatisfy(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.CONFLICT));
        KeyValue now = store.get("/cas/a").orElseThrow();
        assertThat(now.modRevision()).isEqualTo(wins.get(0).modRevision());
        assertThat(text(now.value())).isEqualTo(text(wins.get(0).value()));
        assertThat(now.createRevision()).isEqualTo(created.createRevision());
    }

    @Test
    void exactlyOneOfManyStaleDeletesWins() throws Exception {
        KeyValue created = store.create("/cas/d", bytes("0"));
        List<Object> outcomes = race(i -> store.delete("/cas/d", created.modRevision()));
        assertThat(outcomes).filteredOn(KeyValue.class::isInstance).hasSize(1);
        assertThat(outcomes).filteredOn(StoreException.class::isInstance).hasSize(THREADS - 1)
                .allSatisfy(e -> assertThat(((StoreException) e).kind()).isEqualTo(StoreException.Kind.KEY_NOT_FOUND));
        assertThat(store.get("/cas/d")).isEmpty();
    }

    @Test
    void createOfExistingKeyFails() {
        store.create("/cas/x", bytes("1"));
        assertThatThrownBy(() -> store.create("/cas/x", bytes("2")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEY_EXISTS));
        assertThat(text(store.get("/cas/x").orElseThrow().value())).isEqualTo("1");
    }

    @Test
    void updateAndDeleteOfMissingKeyFail() {
        assertThatThrownBy(() -> store.update("/cas/none", bytes("1"), 0))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEY_NOT_FOUND));
        assertThatThrownBy(() -> store.delete("/cas/none", 0))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEY_NOT_FOUND));
    }

    @Test
    void staleDeleteConflictsAndUnconditionalWritesSucceed() {
        KeyValue v1 = store.create("/cas/u", bytes("1"));
        KeyValue v2 = store.update("/cas/u", bytes("2"), 0);
        assertThat(v2.modRevision()).isGreaterThan(v1.modRevision());
        assertThatThrownBy(() -> store.delete("/cas/u", v1.modRevision()))
                .isInstanceOfSatisfying(StoreException.class, e -> {
                    assertThat(e.kind()).isEqualTo(StoreException.Kind.CONFLICT);
                    assertThat(e.revision()).isEqualTo(v2.modRevision());
                });
        KeyValue deleted = store.delete("/cas/u", v2.modRevision());
        assertThat(text(deleted.value())).isEqualTo("2");
        assertThat(deleted.modRevision()).isGreaterThan(v2.modRevision());
        assertThat(store.currentRevision()).isEqualTo(deleted.modRevision());
    }

    private interface Attempt {
        KeyValue run(int i);
    }

    private List<Object> race(Attempt attempt) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        CyclicBarrier barrier = new CyclicBarrier(THREADS);
        List<Future<Object>> futures = new ArrayList<>();
        for (int i = 0; i < THREADS; i++) {
            int n = i;
            futures.add(pool.submit(() -> {
                barrier.await(10, TimeUnit.SECONDS);
                try {
                    return attempt.run(n);
                } catch (StoreException e) {
                    return e;
                }
            }));
        }
        List<Object> outcomes = new ArrayList<>();
        for (Future<Object> f : futures) {
            outcomes.add(f.get(30, TimeUnit.SECONDS));
        }
        pool.shutdown();
        return outcomes;
    }
}
