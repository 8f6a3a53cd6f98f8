package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static io.stevedore.store.internal.TestSupport.bytes;
import static io.stevedore.store.internal.TestSupport.text;
import static org.assertj.core.api.Assertions.assertThat;

/** Acknowledged writes survive a clean restart and a SIGKILL of the process. */
class DurabilityTest {

    @TempDir
    Path dir;

    @Test
    void everythingSurvivesARestartAndRevisionsKeepIncreasing() throws Exception {
        StoreConfig cfg = TestSupport.standalone(dir).withSnapshotEvery(50);
        Map<String, String> before;
        long revision;
        try (HazelcastStore store = HazelcastStore.start(cfg)) {
            Map<String, KeyValue> live = new HashMap<>();
            for (int i = 0; i < 400; i++) {
                String key = "/d/" + (i % 70);
                KeyValue cur = live.get(key);
                if (cur == null) {
                    live.put(key, store.create(key, bytes("v" + i)));
                } else if (i % 5 == 0) {
                    store.delete(key, cur.modRevision());
                    live.remove(key);
                } else {
                    live.put(key, store.update(key, bytes("v" + i), cur.modRevision()));
                }
            }
            ListResult all = store.list("", null, 0, 0);
            before = TestSupport.summary(all.items());
            revision = all.revision();
            assertThat(revision).isEqualTo(400);
        }
        try (HazelcastStore store = HazelcastStore.start(cfg.withCluster("again-" + System.nanoTime(),
                TestSupport.freePort(), java.util.List.of(), 1))) {
            ListResult all = store.list("", null, 0, 0);
            assertThat(all.revision()).isEqualTo(revision);
            assertThat(TestSupport.summary(all.items())).isEqualTo(before);
            assertThat(store.compactedRevision()).isEqualTo(revision);
            KeyValue next = store.create("/d/new", bytes("after restart"));
            assertThat(next.modRevision()).isEqualTo(revision + 1);
        }
    }

    private static String readLine(BufferedReader in) {
        try {
            return in.readLine();
        } catch (java.io.IOException e) {
            return null; // the pipe went away with the process
        }
    }

    @Test
    void acknowledgedWritesSurviveSigkill() throws Exception {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        ProcessBuilder pb = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
                CrashWriterMain.class.getName(), dir.toString(), "300")
                .redirectError(ProcessBuilder.Redirect.DISCARD);
        Process child = pb.start();
        Map<String, Long> acked = new LinkedHashMap<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = readLine(out)) != null) {
                if (line.startsWith("ACK ")) {
                    String[] parts = line.split(" ");
                    acked.put(parts[1], Long.parseLong(parts[2]));
                    if (acked.size() == 1500) {
                        child.toHandle().destroyForcibly(); // SIGKILL mid-run; keep reading what it printed
                    }
                }
            }
        } finally {
            child.destroyForcibly();
            assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
        }
        assertThat(acked).hasSizeGreaterThanOrEqualTo(1500);
        long lastAcked = acked.values().stream().mapToLong(Long::longValue).max().orElseThrow();
        try (HazelcastStore store = HazelcastStore.start(TestSupport.standalone(dir))) {
            Map<String, KeyValue> found = new HashMap<>();
            store.list("/crash/", null, 0, 0).items().forEach(kv -> found.put(kv.key(), kv));
            for (Map.Entry<String, Long> a : acked.entrySet()) {
                KeyValue kv = found.get(a.getKey());
                assertThat(kv).as("acknowledged %s", a.getKey()).isNotNull();
                assertThat(kv.modRevision()).isEqualTo(a.getValue());
                assertThat(text(kv.value())).isEqualTo("value-" + a.getKey().substring("/crash/".length()));
            }
            assertThat(store.currentRevision()).isGreaterThanOrEqualTo(lastAcked);
            KeyValue next = store.create("/crash/after", bytes("x"));
            assertThat(next.modRevision()).isGreaterThan(store.list("/crash/", null, 0, 0).items().stream()
                    .filter(kv -> !kv.key().equals("/crash/after"))
                    .mapToLong(KeyValue::modRevision).max().orElseThrow());
        }
    }
}
