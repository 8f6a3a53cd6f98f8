package io.stevedore.api.client;

import java.time.Duration;

/**
 * A work queue that can add items after a delay.
 *
 * @param <K> the item type
 */
public interface DelayingQueue<K> extends WorkQueue<K> {

    /**
     * Adds the item once the delay has passed (at once when it is zero or negative). While an item
     * waits, a second call keeps the earlier time.
     */
    void addAfter(K item, Duration delay);
}
