package io.stevedore.api.runtime;

import java.io.InputStream;
import java.io.OutputStream;

/**
 * A running exec or attach: the process's streams, its terminal size and its end. With a terminal,
 * stderr is merged into stdout ({@link #stderr()} is null); streams not asked for are null.
 */
public interface StreamSession extends AutoCloseable {

    /** Where to write the process's input, or null. Closing it closes the process's stdin. */
    OutputStream stdin();

    /** The process's output, or null. */
    InputStream stdout();

    /** The process's error output, or null (always null with a terminal). */
    InputStream stderr();

    /** Resizes the terminal. */
    void resize(int width, int height);

    /** Waits for the process to end and returns its exit code. */
    int waitFor() throws InterruptedException;

    /** Ends the session (an exec'd process is not killed by Kubernetes either; its streams are closed). */
    @Override
    void close();
}
