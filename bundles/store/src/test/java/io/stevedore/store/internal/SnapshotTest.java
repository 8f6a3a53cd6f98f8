package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.WatchHandle;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.stevedore.store.internal.TestSupport.bytes;
import static io.stevedore.store.internal.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** saveSnapshot / restoreSnapshot round-trip, seen by a watcher as ordinary writes. */
class SnapshotTest {

    @TempDir
    Path dir;

    private static Map<String, String> values(List<KeyValue> items) {
        Map<String, String> m = new TreeMap<>();
        items.forEach(kv -> m.put(kv.key(), text(kv.value())));
        return m;
    }

    @Test
    void restoreTurnsTheContentBackIntoTheSnapshotsAndWatchersFollow() throws Exception {
        Path file = dir.resolve("backup.snap");
        try (HazelcastStore store = HazelcastStore.start(TestSupport.standalone(dir.resolve("a")))) {
            for (int i = 0; i < 50; i++) {
                store.create("/s/" + i, bytes("v" + i));
            }
            long saved = store.saveSnapshot(file);
            assertThat(saved).isEqualTo(50);
            Map<String, String> snapshot = values(store.list("", null, 0, saved).items());

            store.update("/s/1", bytes("changed"), 0);
            store.delete("/s/2", 0);
            store.create("/s/new", bytes("new"));
            long beforeRestore = store.currentRevision();

            ListResult now = store.list("", null, 0, 0);
            TestSupport.Mirror watcher = new TestSupport.Mirror(now.items(), now.revision());
            try (WatchHandle h = store.watch("", now.revision(), watcher)) {
                long restored = store.restoreSnapshot(file);
                assertThat(restored).isEqualTo(beforeRestore + 3);
                ListResult after = store.list("", null, 0, 0);
                assertThat(values(after.items())).isEqualTo(snapshot);
                assertThat(after.items()).allSatisfy(kv -> assertThat(kv.modRevision()).isLessThanOrEqualTo(restored));
                await().atMost(Duration.ofSeconds(10)).until(() -> watcher.revision == restored);
                assertThat(watcher.violations).isEmpty();
                assertThat(watcher.events).hasSize(3);
                assertThat(watcher.summary()).isEqualTo(TestSupport.summary(after.items()));
            }
        }
        // and into a fresh store elsewhere
        try (HazelcastStore fresh = HazelcastStore.start(TestSupport.standalone(dir.resolve("b")))) {
            fresh.create("/unrelated", bytes("gone after restore"));
            long rev = fresh.restoreSnapshot(file);
            assertThat(rev).isEqualTo(52);
            ListResult all = fresh.list("", null, 0, 0);
            assertThat(all.items()).hasSize(50);
            assertThat(text(fresh.get("/s/7").orElseThrow().value())).isEqualTo("v7");
        }
    }

    @Test
    void aDamagedSnapshotIsRejected() throws Exception {
        Path file = dir.resolve("bad.snap");
        try (HazelcastStore store = HazelcastStore.start(TestSupport.standalone(dir.resolve("c")))) {
            store.create("/x", bytes("1"));
            store.saveSnapshot(file);
            byte[] content = Files.readAllBytes(file);
            content[content.length - 12] ^= 0x55;
            Files.write(file, content);
            assertThatThrownBy(() -> store.restoreSnapshot(file)).isInstanceOf(java.io.IOException.class);
            assertThat(store.get("/x")).isPresent();
        }
    }
}
