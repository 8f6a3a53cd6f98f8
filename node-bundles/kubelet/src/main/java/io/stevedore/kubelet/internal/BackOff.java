package io.stevedore.kubelet.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The kubelet's crash-loop back-off: per pod container, 10 s doubling to 5 min, counted from the
 * end of the last run; forgotten once a container has run well for twice the maximum.
 */
final class BackOff {

    static final Duration INITIAL = Duration.ofSeconds(10);
    static final Duration MAX = Duration.ofMinutes(5);

    private record Entry(Duration delay, Instant updated) {
    }

    private final Map<String, Entry> entries = new ConcurrentHashMap<>();
    private final Clock clock;
    private final Duration initial;
    private final Duration max;

    BackOff(Clock clock, Duration initial, Duration max) {
        this.clock = clock;
        this.initial = initial;
        this.max = max;
    }

    /** How long the restart must still wait after a run that ended at {@code finishedAt}; zero when it may go. */
    Duration remaining(String key, Instant finishedAt) {
        Entry e = entries.get(key);
        if (e == null || finishedAt == null) {
            return Duration.ZERO;
        }
        Instant now = clock.instant();
        if (Duration.between(e.updated(), now).compareTo(max.multipliedBy(2)) > 0) {
            entries.remove(key);
            return Duration.ZERO;
        }
        Duration left = Duration.between(now, finishedAt.plus(e.delay()));
        return left.isNegative() ? Duration.ZERO : left;
    }

    /** The current delay for the key (for messages). */
    Duration delay(String key) {
        Entry e = entries.get(key);
        return e == null ? initial : e.delay();
    }

    /** A restart happens now: the next one waits twice as long. */
    void next(String key) {
        Instant now = clock.instant();
        entries.compute(key, (k, e) -> {
            if (e == null || Duration.between(e.updated(), now).compareTo(max.multipliedBy(2)) > 0) {
                return new Entry(initial, now);
            }
            Duration d = e.delay().multipliedBy(2);
            return new Entry(d.compareTo(max) > 0 ? max : d, now);
        });
    }

    void forget(String prefix) {
        entries.keySet().removeIf(k -> k.startsWith(prefix));
    }
}
