package io.stevedore.bench;

import org.junit.jupiter.api.Test;

import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LatencyRecorderTest {

    @Test
    void percentilesOfRecordedValues() {
        LatencyRecorder r = new LatencyRecorder();
        for (int ms = 1; ms <= 100; ms++) {
            r.record(TimeUnit.MILLISECONDS.toNanos(ms));
        }
        assertThat(r.count()).isEqualTo(100);
        assertThat(r.percentileMillis(50)).isCloseTo(50, within(0.1));
        assertThat(r.percentileMillis(99)).isCloseTo(99, within(0.1));
        assertThat(r.maxMillis()).isCloseTo(100, within(0.1));
    }

    @Test
    void errorsAreCountedApartFromLatencies() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(TimeUnit.MICROSECONDS.toNanos(500));
        r.error();
        r.error();
        LatencyRecorder.Stats s = r.stats(2.0);
        assertThat(s.ops()).isEqualTo(1);
        assertThat(s.errors()).isEqualTo(2);
        assertThat(s.throughput()).isEqualTo(0.5);
        assertThat(s.p99()).isCloseTo(0.5, within(0.01));
    }

    @Test
    void outOfRangeValuesAreClampedNotLost() {
        LatencyRecorder r = new LatencyRecorder();
        r.record(-5);
        r.record(TimeUnit.HOURS.toNanos(2));
        assertThat(r.count()).isEqualTo(2);
        assertThat(r.maxMillis()).isGreaterThanOrEqualTo(TimeUnit.MINUTES.toMillis(5) * 0.99);
    }

    @Test
    void emptyRecorderReportsZeros() {
        LatencyRecorder r = new LatencyRecorder();
        assertThat(r.percentileMillis(99)).isZero();
        assertThat(r.stats(1).throughput()).isZero();
    }
}
