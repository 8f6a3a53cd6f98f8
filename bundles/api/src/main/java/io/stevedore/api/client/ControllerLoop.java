package io.stevedore.api.client;

import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Workers that take keys from a rate-limited queue and reconcile them (every controller, the hollow
 * kubelets): the queue never hands the same key to two workers at once; a failure requeues the key
 * with back-off, a success forgets it.
 */
public final class ControllerLoop implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerLoop.class);
    /** After this many failed passes in a row the key is dropped (and logged) until its next event. */
    static final int MAX_RETRIES = 15;

    private final String name;
    private final RateLimitingQueue<String> queue;
    private final Reconciler reconciler;
    private final List<Thread> workers = new ArrayList<>();

    public ControllerLoop(String name, RateLimitingQueue<String> queue, Reconciler reconciler) {
        this.name = name;
        this.queue = queue;
        this.reconciler = reconciler;
    }

    public RateLimitingQueue<String> queue() {
        return queue;
    }

    public synchronized void start(int workerCount) {
        for (int i = 0; i < workerCount; i++) {
            Thread t = new Thread(this::work, name + "-worker-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    private void work() {
        while (!queue.isShuttingDown()) {
            String key;
            try {
                key = queue.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (key == null) {
                return;
            }
            processOne(key);
        }
    }

    /** One pass over one key. */
    private void processOne(String key) {
        try {
            Reconciler.Result result = reconciler.reconcile(key);
            queue.forget(key);
            if (result.requeueAfter() != null) {
                queue.addAfter(key, result.requeueAfter());
            }
        } catch (Exception | LinkageError e) {
            if (queue.numRequeues(key) < MAX_RETRIES) {
                LOG.debug("{}: error syncing {}, requeued: {}", name, key, e.toString());
                queue.addRateLimited(key);
            } else {
                LOG.warn("{}: dropping {} out of the queue after {} failures", name, key, MAX_RETRIES, e);
                queue.forget(key);
            }
        } finally {
            queue.done(key);
        }
    }

    @Override
    public synchronized void close() {
        queue.shutDown();
        for (Thread t : workers) {
            t.interrupt();
        }
        for (Thread t : workers) {
            try {
                t.join(5_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        workers.clear();
    }
}
