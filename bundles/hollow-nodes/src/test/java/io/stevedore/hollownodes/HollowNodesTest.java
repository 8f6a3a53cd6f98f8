package io.stevedore.hollownodes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.apiserver.internal.registry.Patchers;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import io.stevedore.client.internal.KubeClientComponent;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Hollow nodes against the real registry: registration, heartbeats, pods reported running, silence. */
class HollowNodesTest {

    private final StoreRegistry registry = new StoreRegistry(new MemoryStore(), Clock.systemUTC(), Patchers.create());
    private final KubeClient client;
    private final HollowNodes nodes;

    HollowNodesTest() {
        registry.start();
        client = new KubeClientComponent(registry);
        nodes = new HollowNodes(client, HollowNodes.Spec.of("h-", 2).withCapacity("2", "8Gi", 20)
                .withIntervals(Duration.ofMillis(300), Duration.ofMillis(500)), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        nodes.close(true);
        registry.close();
    }

    private Pod bound(String name, String node) {
        return client.resources(Pod.class).inNamespace("default").create(new PodBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withNodeName(node).addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build());
    }

    private Pod get(String name) {
        return client.resources(Pod.class).inNamespace("default").get(name).orElse(null);
    }

    @Test
    void nodesRegisterReadyWithTheirCapacityAndALeaseOwnedByTheNode() throws Exception {
        nodes.start();
        Node n = client.resources(Node.class).get("h-1").orElseThrow();
        assertThat(n.getStatus().getAllocatable().get("cpu").toString()).isEqualTo("2");
        assertThat(n.getStatus().getAllocatable().get("pods").toString()).isEqualTo("20");
        assertThat(n.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        assertThat(n.getMetadata().getLabels()).containsEntry("kubernetes.io/hostname", "h-1");
        Lease lease = client.resources(Lease.class).inNamespace("kube-node-lease").get("h-1").orElseThrow();
        assertThat(lease.getSpec().getHolderIdentity()).isEqualTo("h-1");
        assertThat(lease.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(n.getMetadata().getUid());
        var first = lease.getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Lease.class).inNamespace("kube-node-lease")
                .get("h-1").orElseThrow().getSpec().getRenewTime().isAfter(first));
    }

    @Test
    void aBoundPodIsReportedRunningAndReadyAndADeletedOneIsRemoved() throws Exception {
        nodes.start();
        bound("web", "h-0");
        bound("elsewhere", "real-node");
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(get("web").getStatus().getPhase()));
        Pod p = get("web");
        assertThat(p.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        assertThat(p.getStatus().getPodIP()).startsWith("10.");
        assertThat(p.getStatus().getContainerStatuses().get(0).getReady()).isTrue();
        assertThat(get("elsewhere").getStatus().getPhase()).isNotEqualTo("Running");
        client.resources(Pod.class).inNamespace("default").delete("web");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("web") == null);
    }

    @Test
    void aSilencedNodeStopsRenewingItsLease() throws Exception {
        nodes.start();
        nodes.stopHeartbeats("h-0");
        // Once the other node has renewed after the silence began, no renewal of h-0 is still in flight.
        var silencedAt = java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC);
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Lease.class).inNamespace("kube-node-lease")
                .get("h-1").orElseThrow().getSpec().getRenewTime().isAfter(silencedAt.plusNanos(400_000_000L)));
        var before = client.resources(Lease.class).inNamespace("kube-node-lease").get("h-0").orElseThrow()
                .getSpec().getRenewTime();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Lease.class).inNamespace("kube-node-lease")
                .get("h-1").orElseThrow().getSpec().getRenewTime().isAfter(before.plusNanos(600_000_000L)));
        assertThat(client.resources(Lease.class).inNamespace("kube-node-lease").get("h-0").orElseThrow()
                .getSpec().getRenewTime()).isEqualTo(before);
    }
}
