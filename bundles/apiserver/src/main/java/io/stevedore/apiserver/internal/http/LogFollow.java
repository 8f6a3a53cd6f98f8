package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.streams.StreamQueries.LogQuery;
import io.stevedore.apiserver.internal.streams.StreamTarget;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.glassfish.jersey.server.ChunkedOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A followed log: the kubelet writes on a stream thread of its own and every write goes out as one chunk at once,
 * while the request's thread is free (so the container keeps reading the connection and notices a client that
 * leaves). When the client goes, {@link #clientGone()} (called by the container adapter) makes every later write
 * fail with an IOException and interrupts the kubelet if it is waiting for more output, so it stops. Jersey's
 * ChunkedOutput is the one JAX-RS-implementation piece, as for watches.
 */
final class LogFollow extends ChunkedOutput<byte[]> {

    private static final Logger LOG = LoggerFactory.getLogger(LogFollow.class);
    /** How long to wait for the kubelet's first write or refusal before answering 200 (an idle log writes nothing). */
    static final long FIRST_WRITE_MILLIS = 1000;

    private final StreamTarget target;
    private final LogQuery query;
    private final CompletableFuture<Void> started = new CompletableFuture<>();
    private final CompletableFuture<Void> ended = new CompletableFuture<>();
    private final Object lock = new Object();
    private Thread writer;
    private volatile boolean gone;

    LogFollow(StreamTarget target, LogQuery query) {
        super(byte[].class);
        this.target = target;
        this.query = query;
    }

    /**
     * Starts the kubelet's follow; returns once it wrote (or ended), or after {@value #FIRST_WRITE_MILLIS} ms of
     * silence. Throws what the kubelet refused with before writing anything, so that it becomes the response.
     */
    LogFollow start(Executor executor) {
        executor.execute(this::run);
        try {
            started.get(FIRST_WRITE_MILLIS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof ApiException api) {
                throw api;
            }
            throw ApiException.internal(String.valueOf(e.getCause()));
        } catch (TimeoutException e) {
            // an idle log: answer now, lines follow when they come
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            clientGone();
        }
        return this;
    }

    private void run() {
        synchronized (lock) {
            writer = Thread.currentThread();
        }
        try {
            target.kubelet().logs(target.namespace(), target.name(), target.container(), query.previous(),
                    query.options(), new Chunks());
            started.complete(null);
        } catch (IOException e) {
            started.complete(null);
            LOG.debug("log follow of {}/{} ended: {}", target.namespace(), target.name(), e.toString());
        } catch (RuntimeException e) {
            if (!started.completeExceptionally(e)) {
                LOG.debug("log follow of {}/{} failed after output: {}", target.namespace(), target.name(), e.toString());
            }
        } finally {
            synchronized (lock) {
                writer = null;
            }
            Thread.interrupted(); // our own thread: a late interrupt must not reach the next task
            closeQuietly();
            ended.complete(null);
        }
    }

    /** The client's connection closed. */
    void clientGone() {
        synchronized (lock) {
            if (gone) {
                return;
            }
            gone = true;
            if (writer != null) {
                writer.interrupt();
            }
        }
        closeQuietly();
    }

    /** Completes when the kubelet returned. */
    CompletableFuture<Void> ended() {
        return ended;
    }

    @Override
    protected void onClose(Exception e) {
        gone = true; // a chunk could not be written: the client is gone
    }

    private void closeQuietly() {
        try {
            close();
        } catch (IOException e) {
            LOG.debug("closing log follow: {}", e.toString());
        }
    }

    /** What the kubelet writes to: one chunk per write. */
    private final class Chunks extends OutputStream {
        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (gone || isClosed()) {
                throw new IOException("the client went away");
            }
            if (len == 0) {
                return;
            }
            if (Thread.currentThread().isInterrupted()) {
                throw new InterruptedIOException("the client went away");
            }
            LogFollow.this.write(Arrays.copyOfRange(b, off, off + len));
            started.complete(null);
            if (gone) {
                // the client went while this chunk was written, and the interrupt may have been used up on the way
                Thread.currentThread().interrupt();
                throw new InterruptedIOException("the client went away");
            }
        }

        @Override
        public void flush() throws IOException {
            if (gone) {
                throw new IOException("the client went away");
            }
        }
    }
}
