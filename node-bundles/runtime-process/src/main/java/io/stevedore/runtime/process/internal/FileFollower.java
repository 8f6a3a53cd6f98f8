package io.stevedore.runtime.process.internal;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * Reads a file from an offset, and with {@code follow} keeps reading what is appended to it (as
 * {@code tail -f} does, polling) for as long as its writer lives. Once the writer is gone the file is
 * drained and the stream ends, as it does when closed, from any thread.
 */
final class FileFollower extends InputStream {

    private final Path file;
    private final boolean follow;
    private final BooleanSupplier writerAlive;
    private final long pollMillis;
    private long position;
    private FileChannel channel;
    private volatile boolean closed;

    FileFollower(Path file, long offset, boolean follow, BooleanSupplier writerAlive, Duration poll) {
        this.file = file;
        this.position = offset;
        this.follow = follow;
        this.writerAlive = writerAlive;
        this.pollMillis = poll.toMillis();
    }

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
        while (!closed) {
            int n = readNow(b, off, len);
            if (n > 0) {
                return n;
            }
            if (!follow) {
                return -1;
            }
            if (!writerAlive.getAsBoolean()) {
                // what the writer wrote before it ended is all in the file now
                n = readNow(b, off, len);
                return n > 0 ? n : -1;
            }
            try {
                Thread.sleep(pollMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("interrupted while following " + file);
            }
        }
        return -1;
    }

    private int readNow(byte[] b, int off, int len) throws IOException {
        try {
            if (channel == null) {
                if (!Files.exists(file)) {
                    return 0;
                }
                channel = FileChannel.open(file, StandardOpenOption.READ);
            }
            int n = channel.read(ByteBuffer.wrap(b, off, len), position);
            if (n > 0) {
                position += n;
            }
            return Math.max(n, 0);
        } catch (ClosedChannelException e) {
            if (closed) {
                return 0;
            }
            throw e;
        }
    }

    @Override
    public void close() throws IOException {
        closed = true;
        FileChannel c = channel;
        if (c != null) {
            c.close();
        }
    }
}
