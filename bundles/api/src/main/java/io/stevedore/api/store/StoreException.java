package io.stevedore.api.store;

/** A store failure the registry turns into a Kubernetes Status. */
public class StoreException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public enum Kind {
        /** create of a key that exists (409 AlreadyExists) */
        KEY_EXISTS,
        /** update or delete of a key that does not exist (404) */
        KEY_NOT_FOUND,
        /** the compare-and-set precondition failed (409 Conflict) */
        CONFLICT,
        /** a revision older than the retained window (410 Expired) */
        COMPACTED,
        /** a revision newer than the store has reached (504 Timeout, ResourceVersionTooLarge) */
        FUTURE_REVISION,
        /** the store cannot accept writes now: no quorum, shutting down (503) */
        UNAVAILABLE,
        /** a watcher fell too far behind and was dropped (410 Expired on the watch) */
        WATCHER_TOO_SLOW
    }

    private final Kind kind;
    private final long revision;

    public StoreException(Kind kind, String message) {
        this(kind, message, 0, null);
    }

    public StoreException(Kind kind, String message, long revision, Throwable cause) {
        super(message, cause);
        this.kind = kind;
        this.revision = revision;
    }

    public Kind kind() {
        return kind;
    }

    /** The store's current revision when the error arose, where it matters (COMPACTED, FUTURE_REVISION). */
    public long revision() {
        return revision;
    }
}
