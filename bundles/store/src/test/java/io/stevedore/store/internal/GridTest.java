package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static io.stevedore.store.internal.TestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** A 3-member grid: losing the sequencing member loses nothing acknowledged; a lone member refuses writes. */
class GridTest {

    @TempDir
    Path dir;
    private final List<HazelcastStore> stores = new ArrayList<>();

    @AfterEach
    void stop() {
        stores.forEach(HazelcastStore::close);
    }

    private List<HazelcastStore> startGrid(int size, int minClusterSize) throws Exception {
        String cluster = "grid-" + UUID.randomUUID();
        List<Integer> ports = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            ports.add(TestSupport.freePort());
        }
        List<String> members = ports.stream().map(p -> "127.0.0.1:" + p).toList();
        ExecutorService pool = Executors.newFixedThreadPool(size);
        List<Future<HazelcastStore>> starting = new ArrayList<>();
        for (int i = 0; i < size; i++) {
            StoreConfig cfg = TestSupport.standalone(dir.resolve("m" + i))
                    .withCluster(cluster, ports.get(i), members, minClusterSize);
            starting.add(pool.submit(() -> HazelcastStore.start(cfg)));
            if (i == 0) {
                // the first member forms the grid, the others join it (no two clusters to merge later)
                int first = ports.get(0);
                await().atMost(Duration.ofSeconds(60)).until(() -> listening(first));
            }
        }
        List<HazelcastStore> grid = new ArrayList<>();
        for (Future<HazelcastStore> f : starting) {
            HazelcastStore s = f.get(120, TimeUnit.SECONDS);
            grid.add(s);
            stores.add(s);
        }
        pool.shutdown();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> grid.stream().allMatch(s -> s.hazelcast().getCluster().getMembers().size() == size));
        return grid;
    }

    private static boolean listening(int port) {
        try (java.net.Socket s = new java.net.Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    @Test
    void aJoiningMemberServesTheGridsContentAndForwardsItsWrites() throws Exception {
        String cluster = "join-" + UUID.randomUUID();
        int p0 = TestSupport.freePort();
        int p1 = TestSupport.freePort();
        List<String> members = List.of("127.0.0.1:" + p0, "127.0.0.1:" + p1);
        HazelcastStore first = HazelcastStore.start(TestSupport.standalone(dir.resolve("j0"))
                .withCluster(cluster, p0, members, 1));
        stores.add(first);
        KeyValue a = first.create("/j/a", bytes("1"));
        first.update("/j/a", bytes("2"), a.modRevision());
        first.create("/j/b", bytes("3"));
        first.delete("/j/b", 0);
        first.create("/j/c", bytes("4"));
        long before = first.currentRevision();

        HazelcastStore second = HazelcastStore.start(TestSupport.standalone(dir.resolve("j1"))
                .withCluster(cluster, p1, members, 1));
        stores.add(second);
        await().atMost(Duration.ofSeconds(60)).until(() -> second.hazelcast().getCluster().getMembers().size() == 2);
        assertThat(second.currentRevision()).isEqualTo(before);
        assertThat(TestSupport.summary(second.list("/j/", null, 0, 0).items()))
                .isEqualTo(TestSupport.summary(first.list("/j/", null, 0, 0).items()));
        // the joiner's window reaches back to where the grid started: lists at older revisions work there too
        assertThat(TestSupport.summary(second.list("/j/", null, 0, 2).items()))
                .isEqualTo(TestSupport.summary(first.list("/j/", null, 0, 2).items()));

        ListResult now = first.list("/j/", null, 0, 0);
        TestSupport.Mirror watcher = new TestSupport.Mirror(now.items(), now.revision());
        try (WatchHandle h = first.watch("/j/", now.revision(), watcher)) {
            KeyValue d = second.create("/j/d", bytes("5"));
            KeyValue c = second.update("/j/c", bytes("6"), 0);
            assertThat(d.modRevision()).isGreaterThan(before);
            assertThat(c.modRevision()).isGreaterThan(d.modRevision());
            assertThatThrownBy(() -> second.create("/j/d", bytes("again")))
                    .isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEY_EXISTS));
            await().atMost(Duration.ofSeconds(10)).until(() -> watcher.revision == c.modRevision());
            assertThat(watcher.violations).isEmpty();
            assertThat(watcher.summary()).isEqualTo(TestSupport.summary(second.list("/j/", null, 0, 0).items()));
        }
    }

    @Test
    void losingTheSequencerUnderWritesLosesNothingAcknowledged() throws Exception {
        List<HazelcastStore> grid = startGrid(3, 2);
        grid.get(0).create("/g/warmup", bytes("w"));
        HazelcastStore sequencer = grid.stream().filter(s -> s.sequencer().isActive()).findFirst().orElseThrow();
        List<HazelcastStore> survivors = grid.stream().filter(s -> s != sequencer).toList();

        ListResult start = survivors.get(0).list("/g/", null, 0, 0);
        TestSupport.Mirror watcher = new TestSupport.Mirror(start.items(), start.revision());
        WatchHandle handle = survivors.get(0).watch("/g/", start.revision(), watcher);

        Map<String, Long> acked = new ConcurrentHashMap<>();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicInteger afterKill = new AtomicInteger();
        AtomicBoolean killed = new AtomicBoolean();
        List<String> orderViolations = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        List<Future<?>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
            int writer = w;
            HazelcastStore via = survivors.get(w % 2);
            writers.add(pool.submit(() -> {
                long last = 0;
                for (int i = 0; !stop.get(); i++) {
                    String key = "/g/w" + writer + "-" + i;
                    try {
                        KeyValue kv = via.create(key, bytes("v" + i));
                        if (kv.modRevision() <= last) {
                            synchronized (orderViolations) {
                                orderViolations.add(key + " at " + kv.modRevision() + " after " + last);
                            }
                        }
                        last = kv.modRevision();
                        acked.put(key, kv.modRevision());
                        if (killed.get()) {
                            afterKill.incrementAndGet();
                        }
                    } catch (StoreException e) {
                        assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE);
                    }
                }
                return null;
            }));
        }
        await().atMost(Duration.ofSeconds(60)).until(() -> acked.size() >= 300);
        sequencer.hazelcast().getLifecycleService().terminate();
        killed.set(true);
        await().atMost(Duration.ofSeconds(60)).until(() -> afterKill.get() >= 300);
        stop.set(true);
        for (Future<?> f : writers) {
            f.get(60, TimeUnit.SECONDS);
        }
        pool.shutdown();

        assertThat(orderViolations).isEmpty();
        assertThat(new HashSet<>(acked.values())).as("revisions are unique").hasSize(acked.size());
        for (HazelcastStore s : survivors) {
            Map<String, String> listed = TestSupport.summary(s.list("/g/", null, 0, 0).items());
            for (Map.Entry<String, Long> a : acked.entrySet()) {
                assertThat(listed.get(a.getKey())).as("acknowledged %s", a.getKey())
                        .startsWith(a.getValue() + "/" + a.getValue() + ":");
            }
        }
        ListResult end = survivors.get(1).list("/g/", null, 0, 0);
        await().atMost(Duration.ofSeconds(30)).until(() -> watcher.revision >= end.revision());
        assertThat(watcher.violations).isEmpty();
        assertThat(watcher.errors).isEmpty();
        assertThat(watcher.summary()).isEqualTo(TestSupport.summary(end.items()));
        Set<String> seen = new HashSet<>();
        watcher.events.stream().map(StoreEvent::key).forEach(seen::add);
        assertThat(seen).containsAll(acked.keySet());
        handle.close();

        // the survivors alone: one more leaves, the last refuses writes (minClusterSize 2) but still reads
        survivors.get(1).close();
        HazelcastStore alone = survivors.get(0);
        await().atMost(Duration.ofSeconds(30)).until(() -> alone.hazelcast().getCluster().getMembers().size() == 1);
        assertThatThrownBy(() -> alone.create("/g/minority", bytes("x")))
                .isInstanceOfSatisfying(StoreException.class,
                        e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.UNAVAILABLE));
        assertThat(alone.get("/g/minority")).isEmpty();
        assertThat(alone.list("/g/", null, 0, 0).items()).hasSize(end.items().size());
    }
}
