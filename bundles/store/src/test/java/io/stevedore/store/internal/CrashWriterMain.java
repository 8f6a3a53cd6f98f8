package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link DurabilityTest}: starts a standalone store on {@code args[0]}, then creates keys as
 * fast as it can and prints {@code ACK key revision} for each acknowledged write, until it is killed.
 */
public final class CrashWriterMain {

    private CrashWriterMain() {
    }

    public static void main(String[] args) throws Exception {
        StoreConfig cfg = TestSupport.standalone(Path.of(args[0])).withSnapshotEvery(Integer.parseInt(args[1]));
        HazelcastStore store = HazelcastStore.start(cfg);
        System.out.println("READY " + store.currentRevision());
        System.out.flush();
        for (long i = 0; ; i++) {
            KeyValue kv = store.create("/crash/" + i, ("value-" + i).getBytes(StandardCharsets.UTF_8));
            System.out.println("ACK " + kv.key() + " " + kv.modRevision());
            System.out.flush();
        }
    }
}
