package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.TolerationBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Node lifecycle, taint eviction, node IPAM and pod GC, with their workers running on a seeded store. */
class NodeControllersTest {

    private final Fixture f = new Fixture();
    private final InformerFactory informers = f.informers;

    @AfterEach
    void close() {
        f.close();
    }

    private EventRecorder events(String component) {
        return new EventRecorder(f.seed, component, "test", Clock.systemUTC());
    }

    private void run(Controller... controllers) throws InterruptedException {
        f.run(controllers);
    }

    private Node node(String name, String ready) {
        Node n = f.seed.resources(Node.class).create(new NodeBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().endSpec().build());
        setReady(n, ready);
        heartbeat(name);
        return n;
    }

    private void setReady(Node n, String status) {
        Node cur = f.seed.resources(Node.class).get(n.getMetadata().getName()).orElseThrow();
        String now = Times.now(Clock.systemUTC());
        cur.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder().addNewCondition().withType("Ready")
                .withStatus(status).withReason("KubeletReady").withLastHeartbeatTime(now).withLastTransitionTime(now)
                .endCondition().build());
        f.seed.resources(Node.class).updateStatus(cur);
    }

    private void heartbeat(String name) {
        var leases = f.seed.resources(Lease.class).inNamespace("kube-node-lease");
        ZonedDateTime now = ZonedDateTime.now(ZoneOffset.UTC);
        Optional<Lease> l = leases.get(name);
        if (l.isPresent()) {
            l.get().getSpec().setRenewTime(now);
            leases.update(l.get());
        } else {
            leases.create(new LeaseBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                    .withHolderIdentity(name).withRenewTime(now).endSpec().build());
        }
    }

    private Node get(String name) {
        return f.seed.resources(Node.class).get(name).orElseThrow();
    }

    private static Optional<NodeCondition> ready(Node n) {
        return n.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
    }

    private static List<String> taints(Node n) {
        return n.getSpec() == null || n.getSpec().getTaints() == null ? List.of() : n.getSpec().getTaints().stream()
                .map(t -> t.getKey() + ":" + t.getEffect()).sorted().toList();
    }

    private Pod pod(String name, String node, Long tolerateUnreachableSeconds, boolean tolerate) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec()
                .withNodeName(node).addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
        Pod p = b.build();
        if (tolerate) {
            p.getSpec().setTolerations(List.of(new TolerationBuilder().withKey(NodeLifecycleController.UNREACHABLE)
                    .withOperator("Exists").withEffect("NoExecute").withTolerationSeconds(tolerateUnreachableSeconds)
                    .build(), new TolerationBuilder().withKey(NodeLifecycleController.NOT_READY).withOperator("Exists")
                    .withEffect("NoExecute").build()));
        }
        Pod created = f.res(Pod.class).create(p);
        f.markReady(x -> x.getMetadata().getName().equals(name), Instant.now());
        return created;
    }

    @Test
    void aSilentNodeTurnsUnknownIsTaintedUnreachableAndItsPodsStopBeingReady() throws Exception {
        node("quiet", "True");
        node("alive", "True");
        pod("web", "quiet", null, true);
        run(new NodeLifecycleController(f.recording, informers, new NodeLifecycleController.Settings(
                Duration.ofMillis(200), Duration.ofSeconds(2)), events("node-controller"), Clock.systemUTC()));
        Fixture.until(() -> {
            heartbeat("alive");
            return "Unknown".equals(ready(get("quiet")).orElseThrow().getStatus());
        });
        NodeCondition c = ready(get("quiet")).orElseThrow();
        assertThat(c.getReason()).isEqualTo("NodeStatusUnknown");
        assertThat(c.getMessage()).isEqualTo("Kubelet stopped posting node status.");
        assertThat(get("quiet").getStatus().getConditions()).extracting(NodeCondition::getType)
                .contains("MemoryPressure", "DiskPressure", "PIDPressure");
        Fixture.until(() -> taints(get("quiet")).equals(List.of("node.kubernetes.io/unreachable:NoExecute",
                "node.kubernetes.io/unreachable:NoSchedule")));
        assertThat(get("quiet").getSpec().getTaints()).filteredOn(t -> t.getEffect().equals("NoExecute"))
                .allMatch(t -> t.getTimeAdded() != null);
        Fixture.until(() -> !Pods.isReady(f.res(Pod.class).get("web").orElseThrow()));
        assertThat("True").isEqualTo(ready(get("alive")).orElseThrow().getStatus());
        assertThat(taints(get("alive"))).isEmpty();

        // The kubelet comes back: Ready again, the taints go.
        setReady(get("quiet"), "True");
        heartbeat("quiet");
        Fixture.until(() -> taints(get("quiet")).isEmpty());
    }

    @Test
    void aNotReadyOrCordonedNodeIsTaintedAccordingly() throws Exception {
        node("sick", "False");
        Node cordoned = node("cordoned", "True");
        cordoned = get("cordoned");
        cordoned.setSpec(new io.fabric8.kubernetes.api.model.NodeSpecBuilder().withUnschedulable(true).build());
        f.seed.resources(Node.class).update(cordoned);
        run(new NodeLifecycleController(f.recording, informers, new NodeLifecycleController.Settings(
                Duration.ofMillis(200), Duration.ofSeconds(60)), events("node-controller"), Clock.systemUTC()));
        Fixture.until(() -> taints(get("sick")).equals(List.of("node.kubernetes.io/not-ready:NoExecute",
                "node.kubernetes.io/not-ready:NoSchedule")));
        Fixture.until(() -> taints(get("cordoned")).equals(List.of("node.kubernetes.io/unschedulable:NoSchedule")));
    }

    private Pod tolerating(String name, String node, String key, Long seconds) {
        Pod p = new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().withNodeName(node)
                .addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
        if (key != null) {
            p.getSpec().setTolerations(List.of(new TolerationBuilder().withKey(key).withOperator("Exists")
                    .withEffect("NoExecute").withTolerationSeconds(seconds).build()));
        }
        return f.res(Pod.class).create(p);
    }

    private boolean evicted(String name) {
        return f.res(Pod.class).get(name).map(p -> p.getMetadata().getDeletionTimestamp() != null).orElse(true);
    }

    @Test
    void podsThatDoNotTolerateANoExecuteTaintGoAtOnceTheOthersAfterTheirTolerationSeconds() throws Exception {
        node("tainted", "True");
        String key = "example.com/maintenance";
        tolerating("intolerant", "tainted", null, null);
        tolerating("patient", "tainted", key, 1L);
        tolerating("forever", "tainted", key, null);
        run(new TaintEvictionController(f.recording, informers, events("taint-eviction-controller"),
                Clock.systemUTC()));
        Node cur = get("tainted");
        cur.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        cur.getSpec().setTaints(List.of(new Taint("NoExecute", key, Times.now(Clock.systemUTC()), null)));
        f.seed.resources(Node.class).update(cur);
        Fixture.until(() -> evicted("intolerant"));
        assertThat(evicted("patient")).isFalse();
        Fixture.until(() -> evicted("patient"));
        assertThat(evicted("forever")).isFalse();
        assertThat(f.takeActions()).contains("delete pods default/intolerant", "delete pods default/patient")
                .doesNotContain("delete pods default/forever");
        assertThat(f.res(io.fabric8.kubernetes.api.model.Event.class).list().items())
                .anyMatch(e -> "TaintManagerEviction".equals(e.getReason())
                        && "Marking for deletion Pod default/intolerant".equals(e.getMessage()));
    }

    @Test
    void evictionTimeIsTheShortestToleranceFromWhenTheTaintWasAdded() {
        Instant now = Instant.parse("2026-01-01T00:10:00Z");
        Taint t = new Taint("NoExecute", "k", "2026-01-01T00:00:00Z", null);
        var tol = new TolerationBuilder().withKey("k").withOperator("Exists").withEffect("NoExecute");
        assertThat(TaintEvictionController.evictionTime(List.of(tol.withTolerationSeconds(60L).build(),
                tol.withTolerationSeconds(30L).build()), List.of(t), now))
                .contains(Instant.parse("2026-01-01T00:00:30Z"));
        assertThat(TaintEvictionController.evictionTime(List.of(new TolerationBuilder().withOperator("Exists")
                .build()), List.of(t), now)).isEmpty();
        assertThat(TaintEvictionController.evictionTime(List.of(), List.of(t), now)).contains(now);
    }

    @Test
    void everyNodeGetsItsOwnPodCidr() throws Exception {
        node("a", "True");
        node("b", "True");
        run(new NodeIpamController(f.recording, informers, NodeIpamController.Cidrs.parse("10.244.0.0/16", 24),
                events("cidrAllocator")));
        Fixture.until(() -> get("a").getSpec().getPodCIDR() != null && get("b").getSpec().getPodCIDR() != null);
        assertThat(List.of(get("a").getSpec().getPodCIDR(), get("b").getSpec().getPodCIDR()))
                .containsExactlyInAnyOrder("10.244.0.0/24", "10.244.1.0/24");
        assertThat(get("a").getSpec().getPodCIDRs()).containsExactly(get("a").getSpec().getPodCIDR());
        assertThat(NodeIpamController.Cidrs.parse("10.96.0.0/12", 24).cidr(17)).isEqualTo("10.96.17.0/24");
        assertThatThrownBy(() -> NodeIpamController.Cidrs.parse("10.244.0.0/24", 16))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void podsOfADeletedNodeAndFinishedPodsOverTheThresholdAreCollected() throws Exception {
        f.res(Pod.class).create(new PodBuilder().withNewMetadata().withName("stranded").endMetadata().withNewSpec()
                .withNodeName("gone").addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .build());
        for (String name : List.of("done-1", "done-2", "done-3")) {
            Pod p = f.res(Pod.class).create(new PodBuilder().withNewMetadata().withName(name).endMetadata()
                    .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                    .build());
            p.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Succeeded").build());
            f.res(Pod.class).updateStatus(p);
        }
        run(new PodGarbageCollector(f.recording, informers, 1, Duration.ofMillis(200)));
        Fixture.until(() -> f.res(Pod.class).get("stranded").isEmpty()
                && f.pods().stream().filter(p -> p.getMetadata().getName().startsWith("done-")).count() == 1);
    }
}
