package io.stevedore.api.client;

import java.time.Duration;
import java.util.Objects;

/**
 * Settings of a leader election on a {@code coordination.k8s.io/v1} Lease, with client-go's semantics and
 * defaults: a candidate takes the lease when it is free or its holder has not renewed it for
 * {@code leaseDuration} (as observed locally, so clocks need not agree), the leader renews it every
 * {@code retryPeriod} and steps down when it could not renew for {@code renewDeadline}.
 *
 * @param namespace     the Lease's namespace (components use {@code kube-system})
 * @param name          the Lease's name (for example {@code kube-scheduler})
 * @param identity      this candidate's unique identity (written as {@code holderIdentity})
 * @param leaseDuration how long a lease holds without renewal (client-go default 15 s)
 * @param renewDeadline how long the leader keeps trying to renew before it steps down (default 10 s)
 * @param retryPeriod   how often candidates try and the leader renews (default 2 s)
 * @param callbacks     what to do when this candidate starts or stops leading, or sees a new leader
 */
public record LeaderElection(String namespace, String name, String identity, Duration leaseDuration,
                             Duration renewDeadline, Duration retryPeriod, Callbacks callbacks) {

    public static final Duration DEFAULT_LEASE_DURATION = Duration.ofSeconds(15);
    public static final Duration DEFAULT_RENEW_DEADLINE = Duration.ofSeconds(10);
    public static final Duration DEFAULT_RETRY_PERIOD = Duration.ofSeconds(2);

    public LeaderElection {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(identity, "identity");
        Objects.requireNonNull(callbacks, "callbacks");
        if (identity.isEmpty()) {
            throw new IllegalArgumentException("identity must not be empty");
        }
        if (!(leaseDuration.compareTo(renewDeadline) > 0 && renewDeadline.compareTo(retryPeriod) > 0
                && !retryPeriod.isNegative() && !retryPeriod.isZero())) {
            throw new IllegalArgumentException("need leaseDuration > renewDeadline > retryPeriod > 0, got "
                    + leaseDuration + ", " + renewDeadline + ", " + retryPeriod);
        }
    }

    /**
     * What Stevedore's components (scheduler, controller manager) default to, in seconds: a standby takes a lost
     * leader's Lease within lease + 2 retries, about 12 s (Kubernetes' 15/10/2 take up to 19 s).
     */
    public static final int COMPONENT_LEASE_SECONDS = 10;
    public static final int COMPONENT_RENEW_SECONDS = 7;
    public static final int COMPONENT_RETRY_SECONDS = 1;

    /** Timings in whole seconds, as components' configurations give them. */
    public static LeaderElection ofSeconds(String namespace, String name, String identity, int leaseSeconds,
                                           int renewSeconds, int retrySeconds, Callbacks callbacks) {
        return new LeaderElection(namespace, name, identity, Duration.ofSeconds(leaseSeconds),
                Duration.ofSeconds(renewSeconds), Duration.ofSeconds(retrySeconds), callbacks);
    }

    /** A candidate identity unique to this process, as client-go's: the host name, "_", a random UUID. */
    public static String newIdentity() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.io.IOException e) {
            host = "stevedore";
        }
        return host + "_" + java.util.UUID.randomUUID();
    }

    /** client-go's defaults: 15 s lease, 10 s renew deadline, 2 s retry period. */
    public static LeaderElection of(String namespace, String name, String identity, Callbacks callbacks) {
        return new LeaderElection(namespace, name, identity, DEFAULT_LEASE_DURATION, DEFAULT_RENEW_DEADLINE,
                DEFAULT_RETRY_PERIOD, callbacks);
    }

    /**
     * Called one at a time, in order, on the elector's callback thread (never on the thread that renews the
     * lease): start the leader's work in {@link #startedLeading()} without blocking, stop it in
     * {@link #stoppedLeading()}.
     */
    public interface Callbacks {
        void startedLeading();

        void stoppedLeading();

        /** The holder this candidate observed changed (also for itself). */
        default void newLeader(String identity) {
        }
    }
}
