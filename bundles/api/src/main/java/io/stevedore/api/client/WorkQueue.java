package io.stevedore.api.client;

/**
 * A work queue with client-go semantics. Items are deduplicated while waiting; an item is never
 * handed to two workers at once; an item added again while it is being processed is handed out
 * again after {@link #done}. Items must have proper {@code equals}/{@code hashCode}
 * (controllers use {@code namespace/name} strings, see {@link ObjectKeys}).
 *
 * <pre>{@code
 * for (String key; (key = queue.get()) != null; ) {
 *     try { reconcile(key); queue.forget(key); }
 *     catch (RuntimeException e) { queue.addRateLimited(key); }
 *     finally { queue.done(key); }
 * }
 * }</pre>
 *
 * @param <K> the item type
 */
public interface WorkQueue<K> {

    /** Queues an item unless it is already waiting; ignored after shut down. */
    void add(K item);

    /**
     * Takes the next item, blocking while the queue is empty. After {@link #shutDown()} the items
     * still waiting are handed out, then it returns null.
     *
     * @return the item (the caller must call {@link #done}), or null when shut down and empty
     */
    K get() throws InterruptedException;

    /** Marks an item as processed; if it was added meanwhile it is queued again. */
    void done(K item);

    /** The number of items waiting (not those being processed nor those delayed). */
    int len();

    /** Stops accepting items and wakes every blocked {@link #get()}. */
    void shutDown();

    /** Like {@link #shutDown()}, then waits until every item handed out is {@link #done}. */
    void shutDownWithDrain() throws InterruptedException;

    boolean isShuttingDown();

    /** The name the queue was created with (for logs and metrics). */
    String name();
}
