package io.stevedore.api.store;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The cluster state store, with etcd's contract:
 * <ol>
 *   <li>every accepted write gets the next revision of one cluster-wide, strictly increasing sequence;
 *       a list is a consistent snapshot at one revision;</li>
 *   <li>a watch from revision R delivers every later change exactly once, in revision order, while R is
 *       inside the retained window, and fails with {@link StoreException.Kind#COMPACTED} otherwise;</li>
 *   <li>update and delete with an expected modRevision are atomic compare-and-set;</li>
 *   <li>a write is acknowledged only once it is durable (disk, or synchronous backups in a grid);</li>
 *   <li>snapshots can be saved and restored.</li>
 * </ol>
 * Keys are strings; values are opaque bytes. Methods throw {@link StoreException}.
 */
public interface Store {

    /** The revision of the newest acknowledged write in the cluster. */
    long currentRevision();

    /** The oldest revision a watch may start from (the retained window's lower bound, exclusive). */
    long compactedRevision();

    /** The key's current value: linearizable (reflects every write acknowledged before the call). */
    Optional<KeyValue> get(String key);

    /**
     * The key's value as this member's cache holds it now, without first catching up with the cluster: it may
     * lag behind writes acknowledged elsewhere (as an informer's lister does). For checks that tolerate a
     * stale answer and fall back to {@link #get} when it matters, such as admission's namespace lookup.
     */
    default Optional<KeyValue> getCached(String key) {
        return get(key);
    }

    /**
     * Lists keys under {@code prefix} that sort after {@code startAfter} (null for the first page),
     * at most {@code limit} of them (0 for all).
     *
     * @param atRevision 0 for a consistent read at the current revision; otherwise the exact revision to
     *                   read at, which must lie inside the retained window (else COMPACTED) and must not
     *                   lie in the future (else FUTURE_REVISION)
     */
    ListResult list(String prefix, String startAfter, int limit, long atRevision);

    /** Creates a key; KEY_EXISTS if present. Returns the stored value with its revision. */
    KeyValue create(String key, byte[] value);

    /**
     * Replaces a key's value. {@code expectedModRevision} 0 means unconditional (the key must exist);
     * otherwise CONFLICT unless it equals the key's modRevision. KEY_NOT_FOUND if absent.
     */
    KeyValue update(String key, byte[] value, long expectedModRevision);

    /**
     * Deletes a key, with the same precondition as update. Returns the last value, with
     * modRevision set to the revision of the deletion.
     */
    KeyValue delete(String key, long expectedModRevision);

    /**
     * Watches keys under {@code prefix} for changes with revision greater than {@code afterRevision}.
     * Events already in the log are replayed first, then live ones follow, in order and without gaps.
     * {@code afterRevision} 0 means "from now".
     */
    WatchHandle watch(String prefix, long afterRevision, WatchListener listener);

    /** Writes a consistent snapshot of every key to {@code file}; returns its revision. */
    long saveSnapshot(Path file) throws IOException;

    /**
     * Replaces the whole store content with a snapshot's. Watchers see it as the writes that turn the
     * current content into the snapshot's (each at a new revision), so revisions never go backwards
     * and informers stay consistent. Returns the revision after the restore.
     */
    long restoreSnapshot(Path file) throws IOException;
}
