package io.stevedore.runtime.process.internal;

import java.io.FileOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;

/**
 * Writes to a container's stdin FIFO. The FIFO is opened on the first write, and only while its keeper
 * holds it open (opening a FIFO nobody reads would block). Closing it closes this writer; for a
 * {@code stdinOnce} container it also ends the keeper, so the command reads end-of-file.
 */
final class FifoInput extends OutputStream {

    private final Path fifo;
    private final BooleanSupplier open;
    private final Runnable closeStdin;
    private OutputStream out;
    private boolean closed;

    /**
     * @param open       whether the container's stdin is still open (its keeper lives)
     * @param closeStdin what closing does beyond closing this writer (ending the keeper), or null
     */
    FifoInput(Path fifo, BooleanSupplier open, Runnable closeStdin) {
        this.fifo = fifo;
        this.open = open;
        this.closeStdin = closeStdin;
    }

    @Override
    public void write(int b) throws IOException {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) throws IOException {
        if (closed) {
            throw new IOException("process runtime: attach stdin is closed");
        }
        if (out == null) {
            if (!open.getAsBoolean()) {
                throw new IOException("process runtime: the container's stdin is closed");
            }
            out = new FileOutputStream(fifo.toFile());
        }
        out.write(b, off, len);
    }

    @Override
    public synchronized void flush() throws IOException {
        if (out != null) {
            out.flush();
        }
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (out != null) {
                out.close();
            }
        } finally {
            if (closeStdin != null) {
                closeStdin.run();
            }
        }
    }
}
