package io.stevedore.bench;

/**
 * Something a load driver writes 1 KiB objects to: the store, etcd, the registry or the HTTP API. Each write
 * carries {@code stampNanos} (a {@link System#nanoTime()} of this JVM) inside the object, for watch latency.
 * Every method is called by one driver thread at a time per key; implementations are thread-safe.
 */
public interface WriteTarget extends AutoCloseable {

    /** Object size the targets write (the value bytes, or a ConfigMap's data). */
    int OBJECT_BYTES = 1024;

    /** Short name for reports. */
    String name();

    /** Creates {@code key} (fails if it exists); returns the new modRevision / resourceVersion. */
    long create(String key, long stampNanos) throws Exception;

    /** Replaces {@code key} if its modRevision is {@code expected}; returns the new modRevision. */
    long update(String key, long stampNanos, long expected) throws Exception;

    /** The current modRevision of {@code key}, 0 when absent (to recover after a failed write). */
    long revisionOf(String key) throws Exception;

    @Override
    void close() throws Exception;
}
