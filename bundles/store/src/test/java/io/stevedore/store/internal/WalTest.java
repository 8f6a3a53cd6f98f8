package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

import static io.stevedore.store.internal.TestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;

/** Write-ahead log recovery: snapshot plus segments, torn tails cut off. */
class WalTest {

    @TempDir
    Path dir;

    private static LogEvent created(String key, long rev) {
        return new LogEvent(StoreEvent.Type.CREATED, key, rev, rev, 0, bytes("v" + rev), null);
    }

    @Test
    void recoversSnapshotAndSegmentsAndCutsATornTail() throws Exception {
        try (Wal wal = new Wal(dir)) {
            wal.checkpoint(0, List.of());
            wal.append(List.of(created("/a", 1), created("/b", 2)));
            wal.checkpoint(2, List.of(new KeyValue("/a", bytes("v1"), 1, 1), new KeyValue("/b", bytes("v2"), 2, 2)));
            wal.append(List.of(new LogEvent(StoreEvent.Type.DELETED, "/a", 3, 1, 1, bytes("v1"), bytes("v1"))));
            wal.append(List.of(created("/c", 4)));
        }
        Path segment;
        try (Stream<Path> s = Files.list(dir)) {
            segment = s.filter(p -> p.getFileName().toString().startsWith("wal-")).findFirst().orElseThrow();
        }
        Files.write(segment, new byte[] {0, 0, 1, 0, 9, 9, 9}, StandardOpenOption.APPEND);
        long torn = Files.size(segment);

        Wal.Recovered r = new Wal(dir).recover();
        assertThat(r.revision()).isEqualTo(4);
        assertThat(r.state()).containsOnlyKeys("/b", "/c");
        assertThat(r.state().get("/c").modRevision()).isEqualTo(4);
        assertThat(Files.size(segment)).isEqualTo(torn - 7);
        try (Stream<Path> s = Files.list(dir)) {
            assertThat(s.filter(p -> p.getFileName().toString().startsWith("snap-")).count()).isEqualTo(1);
        }
    }
}
