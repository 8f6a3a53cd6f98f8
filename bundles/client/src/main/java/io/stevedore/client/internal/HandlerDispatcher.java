package io.stevedore.client.internal;

import io.stevedore.api.client.ResourceEventHandler;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Calls an informer's handlers on one thread, in the order notifications were posted. The handler
 * list is confined to that thread; registrations travel through the same queue as notifications,
 * so a new handler sees its snapshot and then exactly the changes after it.
 */
final class HandlerDispatcher<T> {

    private static final Logger LOG = LoggerFactory.getLogger(HandlerDispatcher.class);
    private static final Runnable POISON = () -> { };

    private final String name;
    private final BlockingQueue<Runnable> tasks = new LinkedBlockingQueue<>();
    private final List<ResourceEventHandler<T>> handlers = new ArrayList<>();
    private Thread thread;

    HandlerDispatcher(String name) {
        this.name = name;
    }

    synchronized void start() {
        if (thread == null) {
            thread = new Thread(this::run, name);
            thread.setDaemon(true);
            thread.start();
        }
    }

    /** Stops after the notifications already posted are delivered, waiting at most the timeout. */
    void stop(long timeoutMillis) throws InterruptedException {
        Thread t;
        synchronized (this) {
            t = thread;
        }
        tasks.add(POISON);
        if (t != null && t != Thread.currentThread()) {
            t.join(timeoutMillis);
            if (t.isAlive()) {
                t.interrupt();
                t.join(timeoutMillis);
            }
        }
    }

    /** Posts a notification for every registered handler. */
    void notify(Consumer<ResourceEventHandler<T>> call) {
        tasks.add(() -> {
            for (ResourceEventHandler<T> h : handlers) {
                deliver(h, call);
            }
        });
    }

    /** Registers a handler, which first gets onAdd for each object of the snapshot. */
    void register(ResourceEventHandler<T> handler, List<T> snapshot) {
        tasks.add(() -> {
            handlers.add(handler);
            for (T obj : snapshot) {
                deliver(handler, h -> h.onAdd(obj));
            }
        });
    }

    void unregister(ResourceEventHandler<T> handler) {
        tasks.add(() -> handlers.remove(handler));
    }

    private void deliver(ResourceEventHandler<T> handler, Consumer<ResourceEventHandler<T>> call) {
        try {
            call.accept(handler);
        } catch (RuntimeException e) {
            LOG.warn("{}: event handler {} failed", name, handler, e);
        }
    }

    private void run() {
        try {
            while (true) {
                Runnable task = tasks.take();
                if (task == POISON) {
                    return;
                }
                task.run();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
