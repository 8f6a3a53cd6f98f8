package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import static io.stevedore.store.internal.TestSupport.bytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A request delivered twice (Hazelcast retries a task after a failover) is applied once. */
class SequencerRetryTest {

    @TempDir
    Path dir;

    @Test
    void aRetriedRequestGetsItsFirstOutcome() throws Exception {
        try (HazelcastStore store = HazelcastStore.start(TestSupport.standalone(dir))) {
            WriteRequest create = new WriteRequest(WriteRequest.Op.CREATE, "/r/a", bytes("1"), 0);
            KeyValue first = store.sequencer().submit(create).get(10, TimeUnit.SECONDS);
            KeyValue again = store.sequencer().submit(create).get(10, TimeUnit.SECONDS);
            assertThat(again).usingRecursiveComparison().isEqualTo(first);

            WriteRequest delete = new WriteRequest(WriteRequest.Op.DELETE, "/r/a", null, first.modRevision());
            KeyValue deleted = store.sequencer().submit(delete).get(10, TimeUnit.SECONDS);
            assertThat(store.sequencer().submit(delete).get(10, TimeUnit.SECONDS).modRevision())
                    .isEqualTo(deleted.modRevision());
            assertThat(store.currentRevision()).isEqualTo(deleted.modRevision());

            // a different request for the same change is not a retry
            WriteRequest other = new WriteRequest(WriteRequest.Op.DELETE, "/r/a", null, first.modRevision());
            assertThatThrownBy(() -> store.sequencer().submit(other).get(10, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class)
                    .cause().isInstanceOfSatisfying(StoreException.class,
                            e -> assertThat(e.kind()).isEqualTo(StoreException.Kind.KEY_NOT_FOUND));
        }
    }
}
