package io.stevedore.api.runtime;

/** A runtime call that failed; {@link #notFound()} when the object it named does not exist. */
public final class RuntimeError extends RuntimeException {

    private static final long serialVersionUID = 1L;
    private final boolean notFound;

    public RuntimeError(String message, boolean notFound, Throwable cause) {
        super(message, cause);
        this.notFound = notFound;
    }

    public RuntimeError(String message) {
        this(message, false, null);
    }

    public static RuntimeError notFound(String what) {
        return new RuntimeError(what + " not found", true, null);
    }

    public boolean notFound() {
        return notFound;
    }
}
