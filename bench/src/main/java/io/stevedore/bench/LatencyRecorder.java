package io.stevedore.bench;

import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Records latencies (nanoseconds, 1 microsecond to 5 minutes, 3 significant digits) from any number of threads,
 * and counts failed operations. Values above the range are clamped to its top so that nothing is lost.
 */
public final class LatencyRecorder {

    private static final long LOWEST = TimeUnit.MICROSECONDS.toNanos(1);
    private static final long HIGHEST = TimeUnit.MINUTES.toNanos(5);

    private final Histogram histogram = new ConcurrentHistogram(LOWEST, HIGHEST, 3);
    private final LongAdder errors = new LongAdder();

    /** Records one operation's latency; negative values (clock oddities) count as zero. */
    public void record(long nanos) {
        histogram.recordValue(Math.min(Math.max(nanos, 0), HIGHEST));
    }

    /** Counts one failed operation (its latency is not recorded). */
    public void error() {
        errors.increment();
    }

    public long count() {
        return histogram.getTotalCount();
    }

    public long errors() {
        return errors.sum();
    }

    /** The latency at {@code percentile} (0..100), in milliseconds; 0 when nothing was recorded. */
    public double percentileMillis(double percentile) {
        return count() == 0 ? 0 : histogram.getValueAtPercentile(percentile) / 1e6;
    }

    public double maxMillis() {
        return count() == 0 ? 0 : histogram.getMaxValue() / 1e6;
    }

    public double meanMillis() {
        return count() == 0 ? 0 : histogram.getMean() / 1e6;
    }

    /** A snapshot of this recorder's figures over {@code seconds} of measurement. */
    public Stats stats(double seconds) {
        return new Stats(count(), errors(), seconds, count() / seconds, percentileMillis(50), percentileMillis(99),
                percentileMillis(99.9), maxMillis());
    }

    /**
     * The figures of one run.
     *
     * @param ops        operations completed (and recorded)
     * @param errors     operations that failed
     * @param seconds    length of the measured interval
     * @param throughput completed operations per second
     */
    public record Stats(long ops, long errors, double seconds, double throughput, double p50, double p99,
                        double p999, double max) {
    }
}
