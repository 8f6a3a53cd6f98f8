package io.stevedore.store.internal;

import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * One watch: a bounded queue of events (and progress marks) fed by the cache's tailing thread, drained in order
 * by a shared dispatcher pool, at most one thread at a time per watcher. A watcher whose queue overflows gets
 * {@link StoreException.Kind#WATCHER_TOO_SLOW} and is dropped, so a slow listener never blocks the tailer.
 */
final class Watcher implements WatchHandle, Runnable {

    private static final Logger LOG = LoggerFactory.getLogger(Watcher.class);
    private static final int DRAIN_PER_RUN = 256;

    private final String prefix;
    private final WatchListener listener;
    private final Executor dispatcher;
    private final Consumer<Watcher> onClose;
    private final int capacity;
    private final ArrayDeque<Object> queue = new ArrayDeque<>();
    private boolean scheduled;
    private boolean closed;
    private boolean failed;
    private volatile long lastEnqueuedNanos = System.nanoTime();

    Watcher(String prefix, WatchListener listener, List<LogEvent> replay, int maxQueued, Executor dispatcher,
            Consumer<Watcher> onClose) {
        this.prefix = prefix;
        this.listener = listener;
        this.dispatcher = dispatcher;
        this.onClose = onClose;
        this.capacity = replay.size() + maxQueued;
        queue.addAll(replay);
    }

    /** Starts delivering the replayed events, if any. */
    synchronized void start() {
        if (!queue.isEmpty()) {
            scheduleLocked();
        }
    }

    boolean matches(String key) {
        return key.startsWith(prefix);
    }

    /** Queues a live event; called with the cache's lock held, never blocks. */
    void offer(LogEvent e) {
        if (!matches(e.key())) {
            return;
        }
        synchronized (this) {
            if (closed || failed) {
                return;
            }
            if (queue.size() >= capacity) {
                queue.clear();
                failLocked(new StoreException(StoreException.Kind.WATCHER_TOO_SLOW,
                        "watcher fell too far behind at revision " + e.revision(), e.revision(), null));
                return;
            }
            queue.addLast(e);
            lastEnqueuedNanos = System.nanoTime();
            scheduleLocked();
        }
    }

    /** Queues a progress mark when nothing was queued for {@code idleNanos}. */
    void offerProgress(long revision, long idleNanos) {
        synchronized (this) {
            if (closed || failed || !queue.isEmpty() || System.nanoTime() - lastEnqueuedNanos < idleNanos) {
                return;
            }
            queue.addLast(revision);
            lastEnqueuedNanos = System.nanoTime();
            scheduleLocked();
        }
    }

    /** Ends the watch with an error, after the events already queued. */
    void fail(StoreException error) {
        synchronized (this) {
            failLocked(error);
        }
    }

    private void failLocked(StoreException error) {
        if (closed || failed) {
            return;
        }
        failed = true;
        queue.addLast(error);
        scheduleLocked();
    }

    boolean done() {
        synchronized (this) {
            return closed || failed;
        }
    }

    private void scheduleLocked() {
        if (!scheduled) {
            scheduled = true;
            try {
                dispatcher.execute(this);
            } catch (RuntimeException e) {
                scheduled = false;
                closed = true;
            }
        }
    }

    @Override
    public void run() {
        for (int i = 0; i < DRAIN_PER_RUN; i++) {
            Object item;
            synchronized (this) {
                item = closed ? null : queue.pollFirst();
                if (item == null) {
                    scheduled = false;
                    return;
                }
            }
            deliver(item);
        }
        synchronized (this) {
            scheduled = false;
            if (!queue.isEmpty() && !closed) {
                scheduleLocked();
            }
        }
    }

    private void deliver(Object item) {
        try {
            if (item instanceof LogEvent e) {
                listener.onEvent(e.toStoreEvent());
            } else if (item instanceof Long rev) {
                listener.onProgress(rev);
            } else if (item instanceof StoreException err) {
                synchronized (this) {
                    closed = true;
                    queue.clear();
                }
                onClose.accept(this);
                listener.onError(err);
            }
        } catch (RuntimeException ex) {
            LOG.warn("Watch listener on '{}' threw", prefix, ex);
        }
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            queue.clear();
        }
        onClose.accept(this);
    }
}
