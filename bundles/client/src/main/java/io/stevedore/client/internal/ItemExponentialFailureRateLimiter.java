package io.stevedore.client.internal;

import io.stevedore.api.client.RateLimiter;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Per-item exponential backoff: {@code base * 2^failures}, capped at {@code max}. */
final class ItemExponentialFailureRateLimiter<K> implements RateLimiter<K> {

    private final long baseNanos;
    private final long maxNanos;
    private final Map<K, Integer> failures = new HashMap<>();

    ItemExponentialFailureRateLimiter(Duration base, Duration max) {
        this.baseNanos = base.toNanos();
        this.maxNanos = max.toNanos();
    }

    @Override
    public synchronized Duration when(K item) {
        int exp = failures.merge(item, 1, Integer::sum) - 1;
        if (exp >= 62) {
            return Duration.ofNanos(maxNanos);
        }
        double backoff = baseNanos * Math.pow(2, exp);
        return Duration.ofNanos(backoff >= maxNanos ? maxNanos : (long) backoff);
    }

    @Override
    public synchronized void forget(K item) {
        failures.remove(item);
    }

    @Override
    public synchronized int numRequeues(K item) {
        return failures.getOrDefault(item, 0);
    }
}
