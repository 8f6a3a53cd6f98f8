package io.stevedore.runtime.docker.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;

/**
 * A bounded in-memory pipe between a writer thread (docker-java's callback) and a reader (the
 * stream the API server pumps), unlike {@link java.io.PipedInputStream} indifferent to which threads
 * use it: the writer blocks while the buffer is full, the reader while it is empty, and closing
 * either end ends the other.
 */
final class BytePipe {

    private final byte[] buf;
    private int head;
    private int size;
    private boolean writerClosed;
    private boolean readerClosed;

    BytePipe(int capacity) {
        this.buf = new byte[capacity];
    }

    final OutputStream sink = new OutputStream() {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            synchronized (BytePipe.this) {
                while (len > 0) {
                    while (size == buf.length && !readerClosed) {
                        await();
                    }
                    if (readerClosed) {
                        throw new IOException("pipe reader closed");
                    }
                    if (writerClosed) {
                        throw new IOException("pipe closed");
                    }
                    int tail = (head + size) % buf.length;
                    int n = Math.min(len, Math.min(buf.length - size, buf.length - tail));
                    System.arraycopy(b, off, buf, tail, n);
                    size += n;
                    off += n;
                    len -= n;
                    BytePipe.this.notifyAll();
                }
            }
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                writerClosed = true;
                BytePipe.this.notifyAll();
            }
        }
    };

    final InputStream source = new InputStream() {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            synchronized (BytePipe.this) {
                while (size == 0 && !writerClosed && !readerClosed) {
                    await();
                }
                if (size == 0) {
                    return -1;
                }
                int n = Math.min(len, Math.min(size, buf.length - head));
                System.arraycopy(buf, head, b, off, n);
                head = (head + n) % buf.length;
                size -= n;
                BytePipe.this.notifyAll();
                return n;
            }
        }

        @Override
        public int available() {
            synchronized (BytePipe.this) {
                return size;
            }
        }

        @Override
        public void close() {
            synchronized (BytePipe.this) {
                readerClosed = true;
                BytePipe.this.notifyAll();
            }
        }
    };

    /** Ends the writing side: the reader sees the end once it has read what is buffered. */
    synchronized void closeSink() {
        writerClosed = true;
        notifyAll();
    }

    private void await() throws InterruptedIOException {
        try {
            wait();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException();
        }
    }
}
