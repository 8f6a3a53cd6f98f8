package io.stevedore.store.internal;

/**
 * A write sent to the sequencer.
 *
 * @param op                  what to do
 * @param key                 the key
 * @param value               the new value (null for a delete)
 * @param expectedModRevision 0 for unconditional, else the modRevision the key must have
 * @param id                  unique id: a request Hazelcast retries after a failover is applied once
 */
record WriteRequest(Op op, String key, byte[] value, long expectedModRevision, java.util.UUID id) {

    WriteRequest(Op op, String key, byte[] value, long expectedModRevision) {
        this(op, key, value, expectedModRevision, java.util.UUID.randomUUID());
    }

    enum Op { CREATE, UPDATE, DELETE }
}
