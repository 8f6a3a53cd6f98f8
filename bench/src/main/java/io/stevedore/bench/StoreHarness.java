package io.stevedore.bench;

import io.stevedore.store.internal.HazelcastStore;
import io.stevedore.store.internal.StoreConfig;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

/**
 * A standalone Hazelcast store member on loopback with its own cluster name, a free port and a temporary data
 * directory (the WAL fsyncs every batch, as in production); closing it leaves the grid and deletes the directory.
 */
public final class StoreHarness implements AutoCloseable {

    private final Path dir;
    private final HazelcastStore store;

    private StoreHarness(Path dir, HazelcastStore store) {
        this.dir = dir;
        this.store = store;
    }

    public static StoreHarness start() throws IOException {
        Path dir = Files.createTempDirectory("stevedore-bench-store");
        try {
            StoreConfig config = StoreConfig.standalone(dir)
                    .withCluster("bench-" + UUID.randomUUID(), Ports.free(), List.of(), 1);
            return new StoreHarness(dir, HazelcastStore.start(config));
        } catch (IOException | RuntimeException | Error e) {
            TempDirs.deleteQuietly(dir);
            throw e;
        }
    }

    public HazelcastStore store() {
        return store;
    }

    @Override
    public void close() {
        try {
            store.close();
        } finally {
            TempDirs.deleteQuietly(dir);
        }
    }
}
