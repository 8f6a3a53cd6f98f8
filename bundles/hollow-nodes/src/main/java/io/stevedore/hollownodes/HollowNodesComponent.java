package io.stevedore.hollownodes;

import io.stevedore.api.client.KubeClient;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
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
 * Hollow nodes inside a running distribution (feature {@code stevedore-hollow-nodes}, never booted),
 * for tests and benchmarks that drive the cluster from outside; a change to their shape replaces
 * them, a change to {@code silentNodes} silences or revives nodes in place.
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

        @AttributeDefinition(description = "Nodes (comma-separated names) that fall silent, as lost kubelets do")
        String silentNodes() default "";
    }

    private final KubeClient client;
    private HollowNodes.Spec spec;
    private HollowNodes nodes;

    @Activate
    public HollowNodesComponent(@Reference KubeClient client, Config c) throws InterruptedException {
        this.client = client;
        modified(c);
    }

    private static HollowNodes.Spec spec(Config c) {
        return new HollowNodes.Spec(c.namePrefix(), c.count(), c.cpu(), c.memory(), c.pods(), Map.of(),
                Duration.ofSeconds(Math.max(1, c.leaseRenewSeconds())),
                Duration.ofSeconds(Math.max(1, c.statusUpdateSeconds())), 4);
    }

    /** A new shape replaces the nodes; a new silent list only silences or revives them. */
    @Modified
    synchronized void modified(Config c) throws InterruptedException {
        HollowNodes.Spec next = spec(c);
        if (!next.equals(spec)) {
            if (nodes != null) {
                nodes.close(false);
            }
            nodes = new HollowNodes(client, next, Clock.systemUTC());
            nodes.start();
            spec = next;
            LOG.info("{} hollow nodes {}0..{} running", c.count(), c.namePrefix(), c.count() - 1);
        }
        Set<String> silent = new HashSet<>();
        for (String s : c.silentNodes().split(",")) {
            if (!s.isBlank()) {
                silent.add(s.trim());
            }
        }
        for (String name : nodes.nodeNames()) {
            if (silent.contains(name)) {
                nodes.stopHeartbeats(name);
            } else {
                nodes.resumeHeartbeats(name);
            }
        }
    }

    @Deactivate
    synchronized void deactivate() {
        nodes.close(false);
    }
}
