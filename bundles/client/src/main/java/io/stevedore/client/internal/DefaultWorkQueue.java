package io.stevedore.client.internal;

import io.stevedore.api.client.WorkQueue;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * client-go's work queue: {@code dirty} holds the items that need processing, {@code processing}
 * the ones handed out; an item in both is queued again by {@link #done}.
 */
class DefaultWorkQueue<K> implements WorkQueue<K> {

    private final String name;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final Deque<K> queue = new ArrayDeque<>();
    private final Set<K> dirty = new HashSet<>();
    private final Set<K> processing = new HashSet<>();
    private boolean shuttingDown;

    DefaultWorkQueue(String name) {
        this.name = name;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public void add(K item) {
        lock.lock();
        try {
            if (shuttingDown || !dirty.add(item)) {
                return;
            }
            if (processing.contains(item)) {
                return;
            }
            queue.addLast(item);
            changed.signal();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public K get() throws InterruptedException {
        lock.lock();
        try {
            while (queue.isEmpty() && !shuttingDown) {
                changed.await();
            }
            if (queue.isEmpty()) {
                return null;
            }
            K item = queue.pollFirst();
            processing.add(item);
            dirty.remove(item);
            return item;
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void done(K item) {
        lock.lock();
        try {
            processing.remove(item);
            if (dirty.contains(item)) {
                queue.addLast(item);
                changed.signal();
            } else if (processing.isEmpty()) {
                changed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public int len() {
        lock.lock();
        try {
            return queue.size();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutDown() {
        lock.lock();
        try {
            shuttingDown = true;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    @Override
    public void shutDownWithDrain() throws InterruptedException {
        shutDown();
        lock.lock();
        try {
            while (!processing.isEmpty()) {
                changed.await();
            }
        } finally {
            lock.unlock();
        }
    }

    @Override
    public boolean isShuttingDown() {
        lock.lock();
        try {
            return shuttingDown;
        } finally {
            lock.unlock();
        }
    }
}
