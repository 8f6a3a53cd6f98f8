package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.client.RateLimiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class RateLimiterTest {

    @Test
    void perItemBackoffDoublesFromFiveMillisToTheCapAndForgetResets() {
        ItemExponentialFailureRateLimiter<String> limiter =
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(20));
        assertThat(limiter.when("b")).as("per item").isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.numRequeues("a")).isEqualTo(3);
        for (int i = 0; i < 100; i++) {
            limiter.when("a");
        }
        assertThat(limiter.when("a")).isEqualTo(Duration.ofSeconds(1000));
        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
    }

    @Test
    void bucketAllowsTheBurstThenTenPerSecond() {
        AtomicLong now = new AtomicLong(1_000_000_000L);
        BucketRateLimiter<String> bucket = new BucketRateLimiter<>(10, 100, now::get);
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.when("k" + i)).isZero();
        }
        assertThat(bucket.when("x")).isEqualTo(Duration.ofMillis(100));
        assertThat(bucket.when("y")).isEqualTo(Duration.ofMillis(200));
        now.addAndGet(Duration.ofSeconds(1).toNanos());
        assertThat(bucket.when("z")).as("10 tokens back, 2 were owed").isZero();
        now.addAndGet(Duration.ofHours(1).toNanos());
        for (int i = 0; i < 100; i++) {
            assertThat(bucket.when("k" + i)).isZero();
        }
        assertThat(bucket.when("over")).isPositive();
    }

    @Test
    void defaultControllerLimiterTakesTheLongerOfBothDelays() {
        AtomicLong now = new AtomicLong();
        RateLimiter<String> limiter = new MaxOfRateLimiter<>(List.of(
                new ItemExponentialFailureRateLimiter<>(Duration.ofMillis(5), Duration.ofSeconds(1000)),
                new BucketRateLimiter<>(10, 100, now::get)));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(5));
        assertThat(limiter.when("a")).isEqualTo(Duration.ofMillis(10));
        for (int i = 0; i < 98; i++) {
            limiter.when("other" + i);
        }
        assertThat(limiter.when("fresh")).as("bucket empty: 100 ms beats 5 ms").isEqualTo(Duration.ofMillis(100));
        assertThat(limiter.numRequeues("a")).isEqualTo(2);
        limiter.forget("a");
        assertThat(limiter.numRequeues("a")).isZero();
        assertThat(MaxOfRateLimiter.<String>defaultController().when("k")).isEqualTo(Duration.ofMillis(5));
    }
}
