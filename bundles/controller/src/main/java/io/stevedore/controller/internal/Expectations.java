package io.stevedore.controller.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What a controller is still waiting to see in its cache after its own creates and deletes, so a
 * lagging cache never makes it create or delete twice. A controller syncs a key only once its
 * expectations are met or have expired (five minutes, as in Kubernetes, so a lost watch event
 * cannot wedge it). Deletions are tracked by pod key, so the same deletion seen twice counts once.
 */
public final class Expectations {

    static final Duration TTL = Duration.ofMinutes(5);

    private final Clock clock;
    private final Map<String, Record> records = new ConcurrentHashMap<>();

    public Expectations(Clock clock) {
        this.clock = clock;
    }

    private static final class Record {
        int adds;
        final Set<String> deletes = new HashSet<>();
        Instant since;
    }

    /** True when nothing is awaited for the key, or what was awaited is older than the TTL. */
    public boolean satisfied(String key) {
        Record r = records.get(key);
        if (r == null) {
            return true;
        }
        synchronized (r) {
            return (r.adds <= 0 && r.deletes.isEmpty())
                    || Duration.between(r.since, clock.instant()).compareTo(TTL) > 0;
        }
    }

    public void expectCreations(String key, int adds) {
        Record r = new Record();
        r.adds = adds;
        r.since = clock.instant();
        records.put(key, r);
    }

    public void expectDeletions(String key, Set<String> podKeys) {
        Record r = new Record();
        r.deletes.addAll(podKeys);
        r.since = clock.instant();
        records.put(key, r);
    }

    public void creationObserved(String key) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.adds--;
            }
        }
    }

    /** A create that was expected will never come (it failed or was skipped). */
    public void lowerCreations(String key, int count) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.adds -= count;
            }
        }
    }

    public void deletionObserved(String key, String podKey) {
        Record r = records.get(key);
        if (r != null) {
            synchronized (r) {
                r.deletes.remove(podKey);
            }
        }
    }

    public void forget(String key) {
        records.remove(key);
    }
}
