package io.stevedore.controller.internal;

import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.LeaderElection;
import io.stevedore.api.client.LeaderElector;
import java.time.Clock;
import java.time.Duration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the controllers while this member holds the {@code kube-system/kube-controller-manager}
 * Lease (so each runs once cluster-wide). A change to {@code io.stevedore.controllermanager.cfg}
 * restarts the component with the new settings.
 */
@Component(service = {}, immediate = true, configurationPid = ControllerManagerComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = ControllerManagerComponent.Config.class)
public class ControllerManagerComponent {

    static final String PID = "io.stevedore.controllermanager";
    private static final Logger LOG = LoggerFactory.getLogger(ControllerManagerComponent.class);

    /** The controller manager's settings; see {@code io.stevedore.controllermanager.cfg}. */
    @ObjectClassDefinition(name = "Stevedore controller manager", description = "Kubernetes' workload controllers")
    public @interface Config {
        @AttributeDefinition(description = "Controllers to run: * for all, name to add, -name to leave out")
        String controllers() default "*";

        @AttributeDefinition(description = "ReplicaSets and ReplicationControllers synced at once")
        int concurrentReplicaSetSyncs() default 5;

        @AttributeDefinition(description = "Deployments synced at once")
        int concurrentDeploymentSyncs() default 5;

        @AttributeDefinition(description = "Garbage collector workers")
        int concurrentGcSyncs() default 20;

        @AttributeDefinition(description = "Seconds between looks at every node's health")
        int nodeMonitorPeriodSeconds() default 5;

        @AttributeDefinition(description = "Seconds a node may go without a heartbeat before it is Unknown")
        int nodeMonitorGracePeriodSeconds() default 50;

        @AttributeDefinition(description = "The range node pod CIDRs are taken from")
        String clusterCidr() default "10.244.0.0/16";

        @AttributeDefinition(description = "Prefix length of each node's pod CIDR")
        int nodeCidrMaskSize() default 24;

        @AttributeDefinition(description = "Finished pods kept before the oldest are deleted (0: never)")
        int terminatedPodGcThreshold() default 12500;

        @AttributeDefinition(description = "Run only while holding the kube-system/kube-controller-manager Lease")
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
    private final ControllerManager.Settings settings;
    private final String identity;
    private ControllerManager manager;
    private Thread starter;
    private LeaderElector elector;

    @Activate
    public ControllerManagerComponent(@Reference KubeClient client, Config config) {
        this.client = client;
        this.settings = new ControllerManager.Settings(ControllerManager.enabled(config.controllers()),
                Math.max(1, config.concurrentReplicaSetSyncs()), Math.max(1, config.concurrentDeploymentSyncs()),
                Math.max(1, config.concurrentGcSyncs()), Duration.ofSeconds(Math.max(1, config.nodeMonitorPeriodSeconds())),
                Duration.ofSeconds(Math.max(1, config.nodeMonitorGracePeriodSeconds())), config.clusterCidr(),
                config.nodeCidrMaskSize(), config.terminatedPodGcThreshold());
        NodeIpamController.Cidrs.parse(config.clusterCidr(), config.nodeCidrMaskSize());
        this.identity = LeaderElection.newIdentity();
        if (config.leaderElect()) {
            elector = client.newLeaderElector(LeaderElection.ofSeconds("kube-system", "kube-controller-manager", identity,
                    config.leaderElectLeaseDurationSeconds(), config.leaderElectRenewDeadlineSeconds(),
                    config.leaderElectRetryPeriodSeconds(),
                    new LeaderElection.Callbacks() {
                        @Override
                        public void startedLeading() {
                            startControllers();
                        }

                        @Override
                        public void stoppedLeading() {
                            stopControllers();
                        }
                    }));
        } else {
            startControllers();
        }
    }

    private synchronized void startControllers() {
        if (manager != null) {
            return;
        }
        ControllerManager m = new ControllerManager(client, settings, identity, Clock.systemUTC());
        manager = m;
        // Cache sync can take a while on a big cluster: never block the leader callback or activation.
        starter = new Thread(() -> {
            try {
                m.start(Duration.ofSeconds(60));
                LOG.info("controller manager started: {}", settings.enabled());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "controller-manager-start");
        starter.setDaemon(true);
        starter.start();
    }

    private synchronized void stopControllers() {
        if (manager != null) {
            starter.interrupt();
            manager.close();
            manager = null;
            LOG.info("controller manager stopped");
        }
    }

    @Deactivate
    void deactivate() {
        if (elector != null) {
            elector.close();
        }
        stopControllers();
    }
}
