package io.stevedore.api.client;

import java.util.Optional;

/**
 * A running candidacy for one Lease ({@link KubeClient#newLeaderElector}). Closing it ends the candidacy: a
 * leader calls {@link LeaderElection.Callbacks#stoppedLeading()} and releases the lease, so a standby takes
 * over at its next try instead of after the lease expires.
 */
public interface LeaderElector extends AutoCloseable {

    /** Whether this candidate holds the lease now. */
    boolean isLeader();

    /** The holder this candidate last observed (itself included), if any. */
    Optional<String> leader();

    @Override
    void close();
}
