package io.stevedore.client.internal;

import io.stevedore.api.client.RateLimiter;
import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * An overall token bucket (client-go's {@code BucketRateLimiter}): {@code burst} tokens, refilled
 * at {@code qps}; each call reserves one token and answers how long until it is available. It
 * keeps no per-item state.
 */
final class BucketRateLimiter<K> implements RateLimiter<K> {

    private static final long SECOND = 1_000_000_000L;

    private final double qps;
    private final double burst;
    private final LongSupplier nanoClock;
    private double tokens;
    private long last;

    BucketRateLimiter(double qps, int burst, LongSupplier nanoClock) {
        this.qps = qps;
        this.burst = burst;
        this.nanoClock = nanoClock;
        this.tokens = burst;
        this.last = nanoClock.getAsLong();
    }

    BucketRateLimiter(double qps, int burst) {
        this(qps, burst, System::nanoTime);
    }

    @Override
    public synchronized Duration when(K item) {
        long now = nanoClock.getAsLong();
        long elapsed = now - last;
        last = now;
        if (elapsed > 0) {
            tokens = Math.min(burst, tokens + elapsed * qps / SECOND);
        }
        tokens -= 1;
        if (tokens >= 0) {
            return Duration.ZERO;
        }
        return Duration.ofNanos((long) Math.ceil(-tokens * SECOND / qps));
    }

    @Override
    public void forget(K item) {
    }

    @Override
    public int numRequeues(K item) {
        return 0;
    }
}
