package io.stevedore.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClassBuilder;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.apiserver.internal.registry.Patchers;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import io.stevedore.client.internal.KubeClientComponent;
import io.stevedore.scheduler.internal.plugins.DefaultPlugins;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The scheduler against the real registry on an in-memory store: bindings, events, retries, preemption. */
class SchedulerTest {

    private final MemoryStore store = new MemoryStore();
    private final StoreRegistry registry = new StoreRegistry(store, Clock.systemUTC(), Patchers.create());
    private final KubeClient client;
    private final Scheduler scheduler;

    SchedulerTest() {
        registry.start();
        client = new KubeClientComponent(registry);
        scheduler = new Scheduler(client, "default-scheduler",
                new Framework(DefaultPlugins.create(), Framework.defaultWeights(), 0), Duration.ofMillis(100),
                Duration.ofMillis(500), Clock.systemUTC());
    }

    @AfterEach
    void stop() {
        scheduler.close();
        registry.close();
    }

    private Node node(String name, String cpu, String memory) {
        Node n = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                .endMetadata().build();
        ResourceClient<Node> nodes = client.resources(Node.class);
        Node created = nodes.create(n);
        created.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .addToAllocatable("cpu", new Quantity(cpu)).addToAllocatable("memory", new Quantity(memory))
                .addToAllocatable("pods", new Quantity("110")).addToCapacity("cpu", new Quantity(cpu))
                .addNewCondition().withType("Ready").withStatus("True").endCondition().build());
        return nodes.updateStatus(created);
    }

    private Pod pod(String name, String cpu, String priorityClass) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox")
                .withNewResources().addToRequests("cpu", new Quantity(cpu)).endResources().endContainer()
                .withPriorityClassName(priorityClass).endSpec();
        return client.resources(Pod.class).inNamespace("default").create(b.build());
    }

    private Optional<Pod> get(String name) {
        return client.resources(Pod.class).inNamespace("default").get(name);
    }

    private String nodeOf(String name) {
        return get(name).map(p -> p.getSpec().getNodeName()).orElse(null);
    }

    private List<Event> events(String pod, String reason) {
        return client.resources(Event.class).inNamespace("default").list().items().stream()
                .filter(e -> pod.equals(e.getInvolvedObject().getName()) && reason.equals(e.getReason())).toList();
    }

    @Test
    void bindsToTheNodeThatFitsAndRecordsScheduled() throws Exception {
        node("small", "1", "4Gi");
        node("big", "4", "4Gi");
        scheduler.start(Duration.ofSeconds(10));
        pod("web", "2", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "big".equals(nodeOf("web")));
        await().atMost(Duration.ofSeconds(5)).until(() -> !events("web", "Scheduled").isEmpty());
        Event e = events("web", "Scheduled").get(0);
        assertThat(e.getMessage()).isEqualTo("Successfully assigned default/web to big");
        assertThat(e.getType()).isEqualTo("Normal");
        assertThat(e.getSource().getComponent()).isEqualTo("default-scheduler");
        assertThat(get("web").orElseThrow().getStatus().getConditions())
                .anyMatch(c -> "PodScheduled".equals(c.getType()) && "True".equals(c.getStatus()));
    }

    @Test
    void aPodThatFitsNowhereGetsKubernetesMessageAndIsRetriedWhenANodeJoins() throws Exception {
        node("a", "1", "4Gi");
        Node tainted = node("b", "8", "4Gi");
        tainted.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        tainted.getSpec().setTaints(List.of(new io.fabric8.kubernetes.api.model.TaintBuilder().withKey("dedicated")
                .withValue("gpu").withEffect("NoSchedule").build()));
        client.resources(Node.class).update(tainted);
        Node cordoned = client.resources(Node.class).get("c").orElseGet(() -> node("c", "8", "4Gi"));
        cordoned.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        cordoned.getSpec().setUnschedulable(true);
        client.resources(Node.class).update(cordoned);
        scheduler.start(Duration.ofSeconds(10));
        pod("huge", "2", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> !events("huge", "FailedScheduling").isEmpty());
        Event e = events("huge", "FailedScheduling").get(0);
        assertThat(e.getType()).isEqualTo("Warning");
        assertThat(e.getMessage()).isEqualTo("0/3 nodes are available: 1 Insufficient cpu, 1 node(s) had untolerated "
                + "taint {dedicated: gpu}, 1 node(s) were unschedulable. preemption: 0/3 nodes are available: "
                + "1 No preemption victims found for incoming pod, 2 Preemption is not helpful for scheduling.");
        await().atMost(Duration.ofSeconds(5)).until(() -> get("huge").orElseThrow().getStatus().getConditions()
                .stream().anyMatch(c -> "PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && "Unschedulable".equals(c.getReason())));
        assertThat(nodeOf("huge")).isNull();

        node("d", "4", "4Gi");
        await().atMost(Duration.ofSeconds(10)).until(() -> "d".equals(nodeOf("huge")));
    }

    @Test
    void aHigherPriorityPodPreemptsALowerOne() throws Exception {
        client.resources(io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class).create(
                new PriorityClassBuilder().withNewMetadata().withName("high").endMetadata().withValue(1000).build());
        node("only", "2", "4Gi");
        scheduler.start(Duration.ofSeconds(10));
        pod("low", "1500m", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "only".equals(nodeOf("low")));
        pod("urgent", "1500m", "high");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("low").orElseThrow().getMetadata()
                .getDeletionTimestamp() != null);
        Pod victim = get("low").orElseThrow();
        assertThat(victim.getStatus().getConditions()).anyMatch(c -> "DisruptionTarget".equals(c.getType())
                && "PreemptionByScheduler".equals(c.getReason()));
        await().atMost(Duration.ofSeconds(10)).until(() -> "only".equals(get("urgent").orElseThrow().getStatus()
                .getNominatedNodeName()));
        // the victim still holds its share until it is gone (its kubelet would end it); then the pod is bound
        assertThat(nodeOf("urgent")).isNull();
        client.resources(Pod.class).inNamespace("default").delete("low",
                new io.stevedore.api.registry.DeleteOptions(0L, null, null, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> "only".equals(nodeOf("urgent")));
        assertThat(events("low", "Preempted")).singleElement().satisfies(e -> assertThat(e.getMessage())
                .isEqualTo("Preempted by pod " + get("urgent").orElseThrow().getMetadata().getUid()
                        + " on node only"));
    }

    @Test
    void podsForAnotherSchedulerAreLeftAlone() throws Exception {
        node("n", "4", "4Gi");
        scheduler.start(Duration.ofSeconds(10));
        client.resources(Pod.class).inNamespace("default").create(new PodBuilder().withNewMetadata()
                .withName("other").endMetadata().withNewSpec().withSchedulerName("my-scheduler").addNewContainer()
                .withName("c").withImage("busybox").endContainer().endSpec().build());
        pod("mine", "100m", null);
        await().atMost(Duration.ofSeconds(10)).until(() -> "n".equals(nodeOf("mine")));
        assertThat(nodeOf("other")).isNull();
        assertThat(events("other", "FailedScheduling")).isEmpty();
    }
}
