package io.stevedore.supervisor.internal;

import io.stevedore.api.runtime.KubeletHealth;
import io.stevedore.api.runtime.RuntimeProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The node's supervisor (the seed's supervisord, in the JVM): on every check it asks the container
 * runtime whether it answers and the kubelet whether its pod lifecycle loop still runs; a kubelet
 * whose loop stalled while its runtime answers is restarted (at most once per back-off), and both
 * findings go to the node as conditions, with node-problem-detector's names: ContainerRuntimeUnhealthy
 * and KubeletUnhealthy.
 */
final class Supervisor {

    private static final Logger LOG = LoggerFactory.getLogger(Supervisor.class);

    /** Writes one condition to a node's status. */
    interface Conditions {
        void write(String node, String type, boolean status, String reason, String message);
    }

    /** How long the kubelet's loop may stall, and how often it may be restarted. */
    record Settings(Duration stallThreshold, Duration restartBackOff) {
    }

    private final Supplier<List<KubeletHealth>> kubelets;
    private final Function<String, Optional<RuntimeProvider>> providers;
    private final Conditions conditions;
    private final Clock clock;
    private volatile Settings settings;
    private final Map<String, Instant> lastRestart = new ConcurrentHashMap<>();
    private final Map<String, String> written = new ConcurrentHashMap<>();
    private final Map<String, Instant> writtenAt = new ConcurrentHashMap<>();

    Supervisor(Supplier<List<KubeletHealth>> kubelets, Function<String, Optional<RuntimeProvider>> providers,
               Conditions conditions, Clock clock, Settings settings) {
        this.kubelets = kubelets;
        this.providers = providers;
        this.conditions = conditions;
        this.clock = clock;
        this.settings = settings;
    }

    void configure(Settings s) {
        this.settings = s;
    }

    /** One round over the node's kubelets. */
    void check() {
        for (KubeletHealth k : kubelets.get()) {
            try {
                check(k);
            } catch (RuntimeException e) {
                LOG.warn("supervisor: checking the kubelet of {} failed: {}", k.nodeName(), e.toString());
            }
        }
    }

    private void check(KubeletHealth k) {
        Instant now = clock.instant();
        String node = k.nodeName();
        Optional<String> down = providers.apply(k.runtimeName()).map(RuntimeProvider::unavailable)
                .orElse(Optional.of("the " + k.runtimeName() + " runtime is not installed"));
        write(node, "ContainerRuntimeUnhealthy", down.isPresent(), down.isPresent() ? "ContainerRuntimeUnhealthy"
                : "ContainerRuntimeIsHealthy", down.map(d -> "Container runtime on the node is not functioning: " + d)
                .orElse("Container runtime on the node is functioning properly"), now);
        Duration stalled = Duration.between(k.lastRelist(), now);
        Settings s = settings;
        if (down.isEmpty() && stalled.compareTo(s.stallThreshold()) > 0) {
            Instant last = lastRestart.get(node);
            if (last == null || Duration.between(last, now).compareTo(s.restartBackOff()) >= 0) {
                lastRestart.put(node, now);
                LOG.warn("supervisor: the kubelet of {} has not listed its runtime for {} s; restarting it", node,
                        stalled.toSeconds());
                write(node, "KubeletUnhealthy", true, "KubeletUnhealthy", "kubelet's pod lifecycle loop stalled for "
                        + stalled.toSeconds() + "s; the supervisor restarted it", now);
                k.restart();
            }
            return;
        }
        if (down.isEmpty()) {
            write(node, "KubeletUnhealthy", false, "KubeletIsHealthy", "kubelet on the node is functioning properly",
                    now);
        }
    }

    /** Writes a condition when it changed, or when the last write is a minute old (its heartbeat). */
    private void write(String node, String type, boolean status, String reason, String message, Instant now) {
        String key = node + "/" + type;
        String value = status + "/" + reason + "/" + message;
        Instant at = writtenAt.get(key);
        if (value.equals(written.get(key)) && at != null && Duration.between(at, now).toSeconds() < 60) {
            return;
        }
        conditions.write(node, type, status, reason, message);
        written.put(key, value);
        writtenAt.put(key, now);
    }
}
