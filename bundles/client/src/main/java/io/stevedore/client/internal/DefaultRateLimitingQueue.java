package io.stevedore.client.internal;

import io.stevedore.api.client.RateLimiter;
import io.stevedore.api.client.RateLimitingQueue;

/** A delaying queue whose retries wait as long as its {@link RateLimiter} says. */
final class DefaultRateLimitingQueue<K> extends DefaultDelayingQueue<K> implements RateLimitingQueue<K> {

    private final RateLimiter<K> rateLimiter;

    DefaultRateLimitingQueue(String name, RateLimiter<K> rateLimiter) {
        super(name);
        this.rateLimiter = rateLimiter;
    }

    @Override
    public void addRateLimited(K item) {
        addAfter(item, rateLimiter.when(item));
    }

    @Override
    public void forget(K item) {
        rateLimiter.forget(item);
    }

    @Override
    public int numRequeues(K item) {
        return rateLimiter.numRequeues(item);
    }
}
