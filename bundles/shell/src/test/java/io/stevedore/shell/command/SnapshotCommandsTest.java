package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.Store;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnapshotCommandsTest {

    @TempDir
    Path dir;

    /** A store that only saves and restores snapshots: a file with its revision in it. */
    static final class SnapshotStore implements Store {
        long revision = 42;

        @Override
        public long saveSnapshot(Path file) throws IOException {
            Files.writeString(file, Long.toString(revision));
            return revision;
        }

        @Override
        public long restoreSnapshot(Path file) throws IOException {
            revision = revision + Long.parseLong(Files.readString(file));
            return revision;
        }

        @Override public long currentRevision() { return revision; }
        @Override public long compactedRevision() { return 0; }
        @Override public Optional<KeyValue> get(String key) { throw new UnsupportedOperationException(); }
        @Override public ListResult list(String prefix, String startAfter, int limit, long atRevision) {
            throw new UnsupportedOperationException();
        }
        @Override public KeyValue create(String key, byte[] value) { throw new UnsupportedOperationException(); }
        @Override public KeyValue update(String key, byte[] value, long rev) { throw new UnsupportedOperationException(); }
        @Override public KeyValue delete(String key, long rev) { throw new UnsupportedOperationException(); }
        @Override public WatchHandle watch(String prefix, long after, WatchListener l) {
            throw new UnsupportedOperationException();
        }
    }

    @Test
    void saveThenRestorePrintsRevisions() throws Exception {
        SnapshotStore store = new SnapshotStore();
        Path file = dir.resolve("snap.db");
        SnapshotSaveCommand save = new SnapshotSaveCommand();
        save.store = store;
        save.file = file.toString();
        assertThat(Outputs.capture(save::execute)).isEqualTo("Snapshot saved at " + file + " (revision 42)\n");
        assertThat(file).hasContent("42");

        SnapshotRestoreCommand restore = new SnapshotRestoreCommand();
        restore.store = store;
        restore.file = file.toString();
        assertThat(Outputs.capture(restore::execute)).isEqualTo("Snapshot " + file + " restored (revision 84)\n");
    }

    @Test
    void restoringAMissingFileIsAnError() {
        SnapshotRestoreCommand restore = new SnapshotRestoreCommand();
        restore.store = new SnapshotStore();
        restore.file = dir.resolve("nope").toString();
        assertThatThrownBy(() -> Outputs.capture(restore::execute))
                .hasMessage("error: snapshot file \"" + dir.resolve("nope") + "\" does not exist");
    }

    @Test
    void withoutAStoreTheCommandsSaySo() {
        SnapshotSaveCommand save = new SnapshotSaveCommand();
        save.file = dir.resolve("x").toString();
        assertThatThrownBy(() -> Outputs.capture(save::execute))
                .hasMessage("error: no cluster state store is available in this container");
    }
}
