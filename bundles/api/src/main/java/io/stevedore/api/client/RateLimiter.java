package io.stevedore.api.client;

import java.time.Duration;

/**
 * Decides how long an item waits before it is retried (client-go's {@code workqueue.RateLimiter}).
 *
 * @param <K> the item type
 */
public interface RateLimiter<K> {

    /** The delay before the item's next retry; each call counts as one more failure. */
    Duration when(K item);

    /** Forgets the item's failures. */
    void forget(K item);

    /** The failures counted for the item. */
    int numRequeues(K item);
}
