package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.StreamSession;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * An exec'd command's streams. There is no terminal: with {@code tty} its stderr is merged into its
 * stdout and resizing does nothing. Closing the session closes the streams, not the process.
 */
final class ProcessSession implements StreamSession {

    private final Process process;
    private final boolean stdin;
    private final boolean tty;

    ProcessSession(Process process, boolean stdin, boolean tty) {
        this.process = process;
        this.stdin = stdin;
        this.tty = tty;
    }

    @Override
    public OutputStream stdin() {
        return stdin ? process.getOutputStream() : null;
    }

    @Override
    public InputStream stdout() {
        return process.getInputStream();
    }

    @Override
    public InputStream stderr() {
        return tty ? null : process.getErrorStream();
    }

    @Override
    public void resize(int width, int height) {
        // no terminal to resize
    }

    @Override
    public int waitFor() throws InterruptedException {
        return process.waitFor();
    }

    @Override
    public void close() {
        quietly(process.getOutputStream());
        quietly(process.getInputStream());
        quietly(process.getErrorStream());
    }

    static void quietly(Closeable c) {
        if (c == null) {
            return;
        }
        try {
            c.close();
        } catch (IOException e) {
            // closing is all that is asked
        }
    }
}
