package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseSpec;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.LeaderElection;
import io.stevedore.api.client.LeaderElector;
import io.stevedore.api.client.ResourceClient;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Leader election on a Lease, as client-go's {@code leaderelection} package does it: try to acquire or renew
 * every retry period (with jitter while not leading), compare-and-set on the Lease's resourceVersion, judge a
 * holder's lease by when this candidate last saw it change (local monotonic time, no clock agreement needed),
 * step down after failing to renew for the renew deadline, release on close.
 */
final class LeaseLeaderElector implements LeaderElector {

    private static final Logger LOG = LoggerFactory.getLogger(LeaseLeaderElector.class);
    private static final double JITTER = 1.2;

    private final ResourceClient<Lease> leases;
    private final LeaderElection election;
    private final Thread loop;
    private final ExecutorService callbacks;
    private volatile boolean running = true;
    private volatile boolean release = true;
    private volatile boolean leading;
    private volatile String observedHolder = "";
    private String observedVersion;
    private long observedAtNanos;
    private long renewedAtNanos;

    private LeaseLeaderElector(ResourceClient<Lease> leases, LeaderElection election) {
        this.leases = leases.inNamespace(election.namespace());
        this.election = election;
        this.callbacks = Executors.newSingleThreadExecutor(r -> daemon(r, "stevedore-leader-callbacks-"
                + election.name()));
        this.loop = daemon(this::run, "stevedore-leader-election-" + election.name());
    }

    static LeaseLeaderElector start(ResourceClient<Lease> leases, LeaderElection election) {
        LeaseLeaderElector e = new LeaseLeaderElector(leases, election);
        e.loop.start();
        return e;
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    @Override
    public boolean isLeader() {
        return leading;
    }

    @Override
    public Optional<String> leader() {
        String h = observedHolder;
        return h.isEmpty() ? Optional.empty() : Optional.of(h);
    }

    private void run() {
        while (running) {
            boolean ok = tryAcquireOrRenew();
            long now = System.nanoTime();
            if (ok) {
                renewedAtNanos = now;
                if (!leading) {
                    leading = true;
                    LOG.info("{} became leader of lease {}/{}", election.identity(), election.namespace(),
                            election.name());
                    callbacks.execute(election.callbacks()::startedLeading);
                }
            } else if (leading && now - renewedAtNanos >= election.renewDeadline().toNanos()) {
                stepDown("could not renew within " + election.renewDeadline().toMillis() + " ms");
            }
            long period = election.retryPeriod().toNanos();
            if (!leading) {
                period += (long) (ThreadLocalRandom.current().nextDouble() * (JITTER - 1) * period);
            }
            try {
                TimeUnit.NANOSECONDS.sleep(period);
            } catch (InterruptedException e) {
                break;
            }
        }
        if (leading) {
            if (release) {
                release();
            }
            stepDown("the candidacy ended");
        }
    }

    private void stepDown(String why) {
        leading = false;
        LOG.info("{} stopped leading lease {}/{}: {}", election.identity(), election.namespace(), election.name(),
                why);
        callbacks.execute(election.callbacks()::stoppedLeading);
    }

    /** One attempt; true when this candidate holds the lease afterwards. Never throws. */
    boolean tryAcquireOrRenew() {
        ZonedDateTime now = now();
        int seconds = (int) Math.max(1, election.leaseDuration().toSeconds());
        try {
            Optional<Lease> current = leases.get(election.name());
            if (current.isEmpty()) {
                Lease created = leases.create(new LeaseBuilder().withNewMetadata().withName(election.name())
                        .withNamespace(election.namespace()).endMetadata().withNewSpec()
                        .withHolderIdentity(election.identity()).withLeaseDurationSeconds(seconds)
                        .withAcquireTime(now).withRenewTime(now).withLeaseTransitions(0).endSpec().build());
                observe(created);
                return true;
            }
            Lease lease = current.get();
            observe(lease);
            LeaseSpec spec = lease.getSpec() == null ? new LeaseSpec() : lease.getSpec();
            String holder = holderOf(lease);
            boolean mine = holder.equals(election.identity());
            long held = spec.getLeaseDurationSeconds() == null ? election.leaseDuration().toNanos()
                    : TimeUnit.SECONDS.toNanos(spec.getLeaseDurationSeconds());
            if (!holder.isEmpty() && !mine && System.nanoTime() - observedAtNanos < held) {
                return false; // someone else holds a lease that has not expired as far as we have seen
            }
            Lease next = new LeaseBuilder(lease).editSpec().withHolderIdentity(election.identity())
                    .withLeaseDurationSeconds(seconds).withRenewTime(now).endSpec().build();
            if (!mine || !leading) {
                int transitions = spec.getLeaseTransitions() == null ? 0 : spec.getLeaseTransitions();
                next.getSpec().setAcquireTime(now);
                next.getSpec().setLeaseTransitions(mine ? transitions : transitions + 1);
            }
            observe(leases.update(next)); // carries the resourceVersion read above: compare-and-set
            return true;
        } catch (ApiException e) {
            if (e.code() != 409) {
                LOG.debug("Lease {}/{}: {}", election.namespace(), election.name(), e.getMessage());
            }
            return false;
        } catch (RuntimeException e) {
            LOG.warn("Lease {}/{}: attempt failed", election.namespace(), election.name(), e);
            return false;
        }
    }

    private static String holderOf(Lease lease) {
        return lease.getSpec() == null ? "" : Objects.requireNonNullElse(lease.getSpec().getHolderIdentity(), "");
    }

    /** Now, at the MicroTime precision a Lease's times have on the wire. */
    private static ZonedDateTime now() {
        return ZonedDateTime.ofInstant(Instant.now().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
    }

    private void observe(Lease lease) {
        String version = lease.getMetadata().getResourceVersion();
        if (!Objects.equals(version, observedVersion)) {
            observedVersion = version;
            observedAtNanos = System.nanoTime();
        }
        String holder = holderOf(lease);
        if (!holder.equals(observedHolder)) {
            observedHolder = holder;
            if (!holder.isEmpty()) {
                callbacks.execute(() -> election.callbacks().newLeader(holder));
            }
        }
    }

    /** Gives the lease up (client-go's ReleaseOnCancel): no holder, so a standby takes it at its next try. */
    private void release() {
        try {
            Optional<Lease> current = leases.get(election.name());
            if (current.isPresent() && holderOf(current.get()).equals(election.identity())) {
                ZonedDateTime now = now();
                leases.update(new LeaseBuilder(current.get()).editSpec().withHolderIdentity("")
                        .withLeaseDurationSeconds(1).withRenewTime(now).withAcquireTime(now).endSpec().build());
            }
        } catch (RuntimeException e) {
            LOG.info("Lease {}/{}: release failed ({}); it expires instead", election.namespace(), election.name(),
                    e.getMessage());
        }
    }

    @Override
    public void close() {
        stop(true);
    }

    /** Ends the candidacy; {@code release} false leaves the lease to expire, as a crashed leader would. */
    void stop(boolean releaseLease) {
        release = releaseLease;
        running = false;
        loop.interrupt();
        try {
            loop.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        callbacks.shutdown();
        try {
            callbacks.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
