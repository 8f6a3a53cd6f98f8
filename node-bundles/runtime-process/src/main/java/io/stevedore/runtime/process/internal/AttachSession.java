package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.StreamSession;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An attach to a container's main process: its output is its log followed from where it is now, and
 * its input, for a container created with stdin, goes to its stdin FIFO.
 */
final class AttachSession implements StreamSession {

    /** Waits for the container to end and returns its exit code. */
    interface ExitWaiter {
        int await() throws InterruptedException;
    }

    private final InputStream stdout;
    private final OutputStream stdin;
    private final ExitWaiter exit;

    AttachSession(InputStream stdout, OutputStream stdin, ExitWaiter exit) {
        this.stdout = stdout;
        this.stdin = stdin;
        this.exit = exit;
    }

    @Override
    public OutputStream stdin() {
        return stdin;
    }

    @Override
    public InputStream stdout() {
        return stdout;
    }

    /** Always null: the log the output comes from has stdout and stderr in one. */
    @Override
    public InputStream stderr() {
        return null;
    }

    @Override
    public void resize(int width, int height) {
        // no terminal to resize
    }

    @Override
    public int waitFor() throws InterruptedException {
        return exit.await();
    }

    @Override
    public void close() {
        ProcessSession.quietly(stdout);
        ProcessSession.quietly(stdin);
    }
}
