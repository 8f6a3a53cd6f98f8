package io.stevedore.hollownodes;

import io.stevedore.api.client.KubeClient;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
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
 * Hollow nodes inside a running distribution (feature {@code stevedore-hollow-nodes}, never booted),
 * for tests and benchmarks that drive the cluster from outside; a change to the configuration
 * replaces them.
 */
@Component(service = {}, immediate = true, configurationPid = HollowNodesComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = HollowNodesComponent.Config.class)
public class HollowNodesComponent {

    static final String PID = "io.stevedore.hollownodes";
    private static final Logger LOG = LoggerFactory.getLogger(HollowNodesComponent.class);

    /** The hollow nodes to run; see {@code io.stevedore.hollownodes.cfg}. */
    @ObjectClassDefinition(name = "Stevedore hollow nodes", description = "Simulated kubelets for tests and benchmarks")
    public @interface Config {
        @AttributeDefinition(description = "Node names are this prefix and a number from 0")
        String namePrefix() default "hollow-";

        @AttributeDefinition(description = "How many nodes")
        int count() default 3;

        @AttributeDefinition(description = "CPU capacity of each node")
        String cpu() default "4";

        @AttributeDefinition(description = "Memory capacity of each node")
        String memory() default "16Gi";

        @AttributeDefinition(description = "Pods per node")
        int pods() default 110;

        @AttributeDefinition(description = "Seconds between Lease renewals")
        int leaseRenewSeconds() default 10;

        @AttributeDefinition(description = "Seconds between node status reports")
        int statusUpdateSeconds() default 60;
    }

    private final HollowNodes nodes;

    @Activate
    public HollowNodesComponent(@Reference KubeClient client, Config c) throws InterruptedException {
        nodes = new HollowNodes(client, new HollowNodes.Spec(c.namePrefix(), c.count(), c.cpu(), c.memory(), c.pods(),
                Map.of(), Duration.ofSeconds(Math.max(1, c.leaseRenewSeconds())),
                Duration.ofSeconds(Math.max(1, c.statusUpdateSeconds())), 4), Clock.systemUTC());
        nodes.start();
        LOG.info("{} hollow nodes {}0..{} running", c.count(), c.namePrefix(), c.count() - 1);
    }

    @Deactivate
    void deactivate() {
        nodes.close(false);
    }
}
