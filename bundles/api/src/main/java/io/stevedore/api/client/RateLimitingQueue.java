package io.stevedore.api.client;

/**
 * A delaying queue that re-queues failed items with backoff from a {@link RateLimiter}.
 *
 * @param <K> the item type
 */
public interface RateLimitingQueue<K> extends DelayingQueue<K> {

    /** Adds the item after the delay the rate limiter gives it (which grows with each failure). */
    void addRateLimited(K item);

    /** Forgets the item's failures: call it when the item was processed successfully. */
    void forget(K item);

    /** How many times the item has been re-queued with {@link #addRateLimited}. */
    int numRequeues(K item);
}
