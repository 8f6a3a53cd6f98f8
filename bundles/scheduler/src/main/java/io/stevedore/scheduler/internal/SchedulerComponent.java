package io.stevedore.scheduler.internal;

import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.LeaderElection;
import io.stevedore.api.client.LeaderElector;
import io.stevedore.scheduler.internal.plugins.DefaultPlugins;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the scheduler while this member holds the {@code kube-system/kube-scheduler} Lease (so it runs once
 * cluster-wide); score weights and the node-score percentage apply live from {@code io.stevedore.scheduler.cfg}.
 */
@Component(service = {}, immediate = true, configurationPid = SchedulerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SchedulerComponent.Config.class)
public class SchedulerComponent {

    static final String PID = "io.stevedore.scheduler";
    private static final Logger LOG = LoggerFactory.getLogger(SchedulerComponent.class);

    /** The scheduler's settings; see {@code io.stevedore.scheduler.cfg}. */
    @ObjectClassDefinition(name = "Stevedore scheduler", description = "Kubernetes' default scheduler plugins")
    public @interface Config {
        @AttributeDefinition(description = "Pods whose spec.schedulerName is this are scheduled here")
        String schedulerName() default "default-scheduler";

        @AttributeDefinition(description = "Share of nodes to find feasible before scoring; 0 for adaptive")
        int percentageOfNodesToScore() default 0;

        @AttributeDefinition(description = "Score weight of TaintToleration")
        int taintTolerationWeight() default 3;

        @AttributeDefinition(description = "Score weight of NodeAffinity")
        int nodeAffinityWeight() default 2;

        @AttributeDefinition(description = "Score weight of PodTopologySpread")
        int podTopologySpreadWeight() default 2;

        @AttributeDefinition(description = "Score weight of InterPodAffinity")
        int interPodAffinityWeight() default 2;

        @AttributeDefinition(description = "Score weight of NodeResourcesFit (LeastAllocated)")
        int nodeResourcesFitWeight() default 1;

        @AttributeDefinition(description = "Score weight of NodeResourcesBalancedAllocation")
        int balancedAllocationWeight() default 1;

        @AttributeDefinition(description = "Score weight of ImageLocality")
        int imageLocalityWeight() default 1;

        @AttributeDefinition(description = "First back-off of a pod that failed, in seconds (doubles per attempt)")
        int podInitialBackoffSeconds() default 1;

        @AttributeDefinition(description = "Longest back-off, in seconds")
        int podMaxBackoffSeconds() default 10;

        @AttributeDefinition(description = "Threads that filter and score nodes for one pod (kube-scheduler's "
                + "parallelism); 0: half the processors, at least 1 and at most 16")
        int parallelism() default 0;

        @AttributeDefinition(description = "Run only while holding the kube-system/kube-scheduler Lease")
        boolean leaderElect() default true;

        @AttributeDefinition(description = "Seconds a leader's Lease holds without renewal before a standby takes it "
                + "(--leader-elect-lease-duration)")
        int leaderElectLeaseDurationSeconds() default LeaderElection.COMPONENT_LEASE_SECONDS;

        @AttributeDefinition(description = "Seconds the leader keeps trying to renew before it steps down "
                + "(--leader-elect-renew-deadline); less than the lease duration")
        int leaderElectRenewDeadlineSeconds() default LeaderElection.COMPONENT_RENEW_SECONDS;

        @AttributeDefinition(description = "Seconds between attempts to acquire or renew (--leader-elect-retry-period)")
        int leaderElectRetryPeriodSeconds() default LeaderElection.COMPONENT_RETRY_SECONDS;
    }

    private final KubeClient client;
    private final Framework framework;
    private final Config initial;
    private volatile Scheduler scheduler;
    private LeaderElector elector;

    @Activate
    public SchedulerComponent(@Reference KubeClient client, Config config) {
        this.client = client;
        this.initial = config;
        this.framework = new Framework(DefaultPlugins.create(), weights(config), config.percentageOfNodesToScore(),
                config.parallelism() > 0 ? config.parallelism() : Framework.defaultParallelism());
        if (config.leaderElect()) {
            String identity = LeaderElection.newIdentity();
            elector = client.newLeaderElector(LeaderElection.ofSeconds("kube-system", "kube-scheduler", identity,
                    config.leaderElectLeaseDurationSeconds(), config.leaderElectRenewDeadlineSeconds(),
                    config.leaderElectRetryPeriodSeconds(),
                    new LeaderElection.Callbacks() {
                        @Override
                        public void startedLeading() {
                            startScheduler();
                        }

                        @Override
                        public void stoppedLeading() {
                            stopScheduler();
                        }
                    }));
        } else {
            startScheduler();
        }
    }

    static Map<String, Integer> weights(Config c) {
        return Map.of("TaintToleration", c.taintTolerationWeight(), "NodeAffinity", c.nodeAffinityWeight(),
                "PodTopologySpread", c.podTopologySpreadWeight(), "InterPodAffinity", c.interPodAffinityWeight(),
                "NodeResourcesFit", c.nodeResourcesFitWeight(),
                "NodeResourcesBalancedAllocation", c.balancedAllocationWeight(),
                "ImageLocality", c.imageLocalityWeight());
    }

    private synchronized void startScheduler() {
        if (scheduler != null) {
            return;
        }
        Scheduler s = new Scheduler(client, initial.schedulerName(), framework,
                Duration.ofSeconds(initial.podInitialBackoffSeconds()), Duration.ofSeconds(initial.podMaxBackoffSeconds()),
                Clock.systemUTC());
        s.start(Duration.ofSeconds(60));
        scheduler = s;
        LOG.info("scheduler {} started", initial.schedulerName());
    }

    private synchronized void stopScheduler() {
        if (scheduler != null) {
            scheduler.close();
            scheduler = null;
            LOG.info("scheduler {} stopped", initial.schedulerName());
        }
    }

    @Modified
    void modified(Config config) {
        framework.configure(weights(config), config.percentageOfNodesToScore());
        Scheduler s = scheduler;
        if (s != null) {
            s.queue().setBackoff(Duration.ofSeconds(config.podInitialBackoffSeconds()),
                    Duration.ofSeconds(config.podMaxBackoffSeconds()));
        }
    }

    @Deactivate
    void deactivate() {
        if (elector != null) {
            elector.close();
        }
        stopScheduler();
        framework.close();
    }
}
