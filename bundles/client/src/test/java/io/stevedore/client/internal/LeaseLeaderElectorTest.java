package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.LeaderElection;
import io.stevedore.api.client.LeaderElector;
import io.stevedore.api.client.ResourceClient;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Leader election on a Lease: one leader at a time, release and expiry hand-overs, stepping down. */
class LeaseLeaderElectorTest {

    private static final Duration LEASE = Duration.ofMillis(1000);
    private static final Duration RENEW = Duration.ofMillis(600);
    private static final Duration RETRY = Duration.ofMillis(100);

    private final FakeRegistry registry = new FakeRegistry();
    private final KubeClient client = new KubeClientComponent(registry);
    private final ResourceClient<Lease> leases = client.resources(Lease.class).inNamespace("kube-system");
    private final List<LeaderElector> electors = new ArrayList<>();

    /** Callbacks that record what happened, in order. */
    static final class Recorder implements LeaderElection.Callbacks {
        final List<String> calls = new CopyOnWriteArrayList<>();

        @Override
        public void startedLeading() {
            calls.add("started");
        }

        @Override
        public void stoppedLeading() {
            calls.add("stopped");
        }

        @Override
        public void newLeader(String identity) {
            calls.add("leader:" + identity);
        }
    }

    private LeaderElector candidate(String identity, Recorder recorder) {
        LeaderElector e = client.newLeaderElector(new LeaderElection("kube-system", "kube-scheduler", identity,
                LEASE, RENEW, RETRY, recorder));
        electors.add(e);
        return e;
    }

    private Lease lease() {
        return leases.get("kube-scheduler").orElseThrow();
    }

    @AfterEach
    void stop() {
        electors.forEach(LeaderElector::close);
    }

    @Test
    void aSingleCandidateCreatesTheLeaseLeadsAndRenews() {
        Recorder r = new Recorder();
        LeaderElector a = candidate("a", r);
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        Lease first = lease();
        assertThat(first.getSpec().getHolderIdentity()).isEqualTo("a");
        assertThat(first.getSpec().getLeaseDurationSeconds()).isEqualTo(1);
        assertThat(first.getSpec().getLeaseTransitions()).isZero();
        await().atMost(Duration.ofSeconds(5)).until(() -> lease().getSpec().getRenewTime()
                .isAfter(first.getSpec().getRenewTime()));
        assertThat(lease().getSpec().getAcquireTime()).isEqualTo(first.getSpec().getAcquireTime());
        assertThat(a.leader()).contains("a");
        await().atMost(Duration.ofSeconds(5)).until(() -> r.calls.contains("started"));
        assertThat(r.calls).containsSubsequence("leader:a", "started");
    }

    @Test
    void oneLeaderAtATimeAndTheStandbyTakesOverWhenTheLeaderReleases() throws Exception {
        Recorder ra = new Recorder();
        Recorder rb = new Recorder();
        LeaderElector a = candidate("a", ra);
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        LeaderElector b = candidate("b", rb);
        AtomicBoolean both = new AtomicBoolean();
        long end = System.nanoTime() + Duration.ofMillis(1500).toNanos();
        while (System.nanoTime() < end) { // b keeps trying for longer than a lease lasts
            both.compareAndSet(false, a.isLeader() && b.isLeader());
            Thread.sleep(10);
        }
        assertThat(both).as("never two leaders").isFalse();
        assertThat(b.isLeader()).isFalse();
        assertThat(b.leader()).contains("a");

        long closed = System.nanoTime();
        a.close();
        await().atMost(Duration.ofSeconds(5)).until(b::isLeader);
        assertThat(Duration.ofNanos(System.nanoTime() - closed)).as("a released lease is taken at once")
                .isLessThan(LEASE);
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
        assertThat(lease().getSpec().getLeaseTransitions()).isEqualTo(1);
        assertThat(ra.calls).containsSubsequence("started", "stopped");
    }

    @Test
    void aVanishedLeadersLeaseIsTakenAfterItExpires() {
        LeaderElector a = candidate("a", new Recorder());
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        LeaderElector b = candidate("b", new Recorder());
        ((LeaseLeaderElector) a).stop(false); // a crash: no release
        long crashed = System.nanoTime();
        await().atMost(Duration.ofSeconds(10)).until(b::isLeader);
        assertThat(Duration.ofNanos(System.nanoTime() - crashed)).as("not before the lease expired")
                .isGreaterThanOrEqualTo(LEASE.minus(RETRY.multipliedBy(3)));
        assertThat(lease().getSpec().getHolderIdentity()).isEqualTo("b");
    }

    @Test
    void aLeaderThatCannotRenewStepsDown() {
        Recorder r = new Recorder();
        LeaderElector a = candidate("a", r);
        await().atMost(Duration.ofSeconds(5)).until(a::isLeader);
        // another holder takes the lease and keeps renewing it: a's renewals all fail
        AtomicBoolean thief = new AtomicBoolean(true);
        Thread t = new Thread(() -> {
            while (thief.get()) {
                try {
                    Lease l = lease();
                    leases.update(new LeaseBuilder(l).editSpec().withHolderIdentity("thief").withRenewTime(
                            ZonedDateTime.now(ZoneOffset.UTC)).endSpec().build());
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException e) {
                    // lost a compare-and-set to a: try again
                }
            }
        });
        t.start();
        try {
            await().atMost(Duration.ofSeconds(10)).until(() -> !a.isLeader());
            await().atMost(Duration.ofSeconds(5)).until(() -> r.calls.contains("stopped"));
            assertThat(a.leader()).contains("thief");
        } finally {
            thief.set(false);
            t.interrupt();
        }
    }
}
