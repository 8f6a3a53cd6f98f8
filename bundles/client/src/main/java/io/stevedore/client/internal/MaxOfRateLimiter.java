package io.stevedore.client.internal;

import io.stevedore.api.client.RateLimiter;
import java.time.Duration;
import java.util.List;

/** The longest delay of several limiters; each of them counts every call. */
final class MaxOfRateLimiter<K> implements RateLimiter<K> {

    private final List<RateLimiter<K>> limiters;

    MaxOfRateLimiter(List<RateLimiter<K>> limiters) {
        this.limiters = List.copyOf(limiters);
    }

    @Override
    public Duration when(K item) {
        Duration max = Duration.ZERO;
        for (RateLimiter<K> l : limiters) {
            Duration d = l.when(item);
            if (d.compareTo(max) > 0) {
                max = d;
            }
        }
        return max;
    }

    @Override
    public void forget(K item) {
        for (RateLimiter<K> l : limiters) {
            l.forget(item);
        }
    }

    @Override
    public int numRequeues(K item) {
        int max = 0;
        for (RateLimiter<K> l : limiters) {
            max = Math.max(max, l.numRequeues(item));
        }
        return max;
    }

    /** client-go's {@code DefaultControllerRateLimiter}: 5 ms doubling to 1000 s per item, and 10 qps / 100 burst overall. */
    static <K> RateLimiter<K> defaultController() {
        return new MaxOfRateLimiter<>(List.of(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter<>(10, 100)));
    }
}
