package io.stevedore.store.internal;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of one store member (the keys of {@code io.stevedore.store.cfg}).
 *
 * @param clusterName    Hazelcast cluster name; members with the same name join one grid
 * @param bindAddress    address the member binds to
 * @param port           first port tried (auto-incremented when taken)
 * @param members        {@code host[:port]} of members to join over TCP-IP; empty for a standalone member
 * @param watchWindow    revisions kept for watches and lists at older revisions
 * @param dataDir        directory of the write-ahead log and snapshots (absolute)
 * @param snapshotEvery  writes between internal snapshots
 * @param minClusterSize members needed to accept writes (split-brain protection); 1 disables it
 */
public record StoreConfig(String clusterName, String bindAddress, int port, List<String> members, int watchWindow,
                          Path dataDir, int snapshotEvery, int minClusterSize) {

    public StoreConfig {
        members = List.copyOf(members);
        if (watchWindow < 1 || snapshotEvery < 1 || minClusterSize < 1) {
            throw new IllegalArgumentException("watchWindow, snapshotEvery and minClusterSize must be positive");
        }
    }

    /** A standalone member on loopback with the default settings, storing under {@code dataDir}. */
    public static StoreConfig standalone(Path dataDir) {
        return new StoreConfig("stevedore", "127.0.0.1", 5701, List.of(), 20_000, dataDir, 50_000, 1);
    }

    public StoreConfig withCluster(String name, int port, List<String> members, int minClusterSize) {
        return new StoreConfig(name, bindAddress, port, members, watchWindow, dataDir, snapshotEvery, minClusterSize);
    }

    public StoreConfig withWatchWindow(int window) {
        return new StoreConfig(clusterName, bindAddress, port, members, window, dataDir, snapshotEvery, minClusterSize);
    }

    public StoreConfig withSnapshotEvery(int every) {
        return new StoreConfig(clusterName, bindAddress, port, members, watchWindow, dataDir, every, minClusterSize);
    }
}
