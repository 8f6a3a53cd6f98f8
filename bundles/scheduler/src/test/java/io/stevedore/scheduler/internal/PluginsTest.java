package io.stevedore.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.LabelSelectorBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stevedore.scheduler.internal.plugins.DefaultPlugins;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.Test;

/** The table of filters and scores: each plugin's verdict on small clusters, through the framework. */
class PluginsTest {

    private final SchedulerCache cache = new SchedulerCache();
    private final Framework framework = new Framework(DefaultPlugins.create(), Framework.defaultWeights(), 100);
    private int pods;

    private void node(String name, String cpu, UnaryOperator<NodeBuilder> edit) {
        NodeBuilder b = new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                .endMetadata().withNewSpec().endSpec().withNewStatus().addToAllocatable("cpu", new Quantity(cpu))
                .addToAllocatable("memory", new Quantity("4Gi")).addToAllocatable("pods", new Quantity("110"))
                .endStatus();
        cache.addOrUpdateNode(edit.apply(b).build());
    }

    private static Pod pod(String cpu, UnaryOperator<PodBuilder> edit) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName("p").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").withNewResources()
                .addToRequests("cpu", new Quantity(cpu)).endResources().endContainer().endSpec();
        return edit.apply(b).build();
    }

    private void bound(String node, String cpu, UnaryOperator<PodBuilder> edit) {
        Pod p = pod(cpu, edit);
        p.getMetadata().setName("existing-" + pods++);
        p.getSpec().setNodeName(node);
        cache.addOrUpdatePod("default/" + p.getMetadata().getName(), p);
    }

    /** The node the pod goes to, or the FailedScheduling message (without preemption). */
    private String schedule(Pod pod) {
        return cache.read(s -> {
            try {
                return framework.schedule(new CycleState(), pod, s).node().name();
            } catch (FitError e) {
                return e.getMessage();
            }
        });
    }

    /** Each feasible node's weighted total score. */
    private Map<String, Long> scores(Pod pod) {
        return cache.read(s -> {
            CycleState state = new CycleState();
            framework.preFilter(state, pod, s);
            List<NodeInfo> feasible = new ArrayList<>();
            for (NodeInfo n : s.nodes()) {
                if (framework.filter(state, pod, n).isSuccess()) {
                    feasible.add(n);
                }
            }
            long[] totals = framework.score(state, pod, feasible, s);
            Map<String, Long> out = new HashMap<>();
            for (int i = 0; i < totals.length; i++) {
                out.put(feasible.get(i).name(), totals[i]);
            }
            return out;
        });
    }

    @Test
    void nodeResourcesFitCountsRequestsAndPods() {
        node("a", "1", b -> b);
        node("b", "2", b -> b.editStatus().addToAllocatable("pods", new Quantity("1")).endStatus());
        bound("b", "100m", b -> b);
        assertThat(schedule(pod("1500m", b -> b)))
                .isEqualTo("0/2 nodes are available: 1 Insufficient cpu, 1 Too many pods.");
        assertThat(schedule(pod("500m", b -> b))).isEqualTo("a");
    }

    @Test
    void taintsNeedTolerations() {
        node("t", "4", b -> b.editSpec().addNewTaint().withKey("k").withValue("v").withEffect("NoSchedule").endTaint()
                .endSpec());
        assertThat(schedule(pod("1", b -> b))).isEqualTo("0/1 nodes are available: 1 node(s) had untolerated taint {k: v}.");
        assertThat(schedule(pod("1", b -> b.editSpec().addNewToleration().withKey("k").withOperator("Equal")
                .withValue("v").withEffect("NoSchedule").endToleration().endSpec()))).isEqualTo("t");
        assertThat(schedule(pod("1", b -> b.editSpec().addNewToleration().withOperator("Exists").endToleration()
                .endSpec()))).isEqualTo("t");
    }

    @Test
    void preferNoScheduleTaintsScoreLower() {
        node("clean", "4", b -> b);
        node("soft", "4", b -> b.editSpec().addNewTaint().withKey("k").withEffect("PreferNoSchedule").endTaint()
                .endSpec());
        Map<String, Long> s = scores(pod("1", b -> b));
        assertThat(s.get("clean") - s.get("soft")).isEqualTo(3 * 100);
    }

    @Test
    void cordonedNodesAndNodeNames() {
        node("cordoned", "4", b -> b.editSpec().withUnschedulable(true).endSpec());
        node("open", "4", b -> b);
        assertThat(schedule(pod("1", b -> b.editSpec().withNodeName("cordoned").endSpec())))
                .isEqualTo("0/2 nodes are available: 1 node(s) didn't match the requested node name, "
                        + "1 node(s) were unschedulable.");
        assertThat(schedule(pod("1", b -> b))).isEqualTo("open");
    }

    @Test
    void nodeSelectorAndRequiredAndPreferredNodeAffinity() {
        node("ssd", "4", b -> b.editMetadata().addToLabels("disk", "ssd").addToLabels("zone", "z1").endMetadata());
        node("hdd", "4", b -> b.editMetadata().addToLabels("disk", "hdd").endMetadata());
        assertThat(schedule(pod("1", b -> b.editSpec().addToNodeSelector("disk", "ssd").endSpec()))).isEqualTo("ssd");
        assertThat(schedule(pod("1", b -> b.editSpec().addToNodeSelector("disk", "nvme").endSpec())))
                .isEqualTo("0/2 nodes are available: 2 node(s) didn't match Pod's node affinity/selector.");
        assertThat(schedule(pod("1", b -> b.editSpec().withNewAffinity().withNewNodeAffinity()
                .withNewRequiredDuringSchedulingIgnoredDuringExecution().addNewNodeSelectorTerm()
                .addNewMatchExpression().withKey("disk").withOperator("NotIn").withValues("ssd").endMatchExpression()
                .endNodeSelectorTerm().endRequiredDuringSchedulingIgnoredDuringExecution().endNodeAffinity()
                .endAffinity().endSpec()))).isEqualTo("hdd");
        Map<String, Long> s = scores(pod("1", b -> b.editSpec().withNewAffinity().withNewNodeAffinity()
                .addNewPreferredDuringSchedulingIgnoredDuringExecution().withWeight(10).withNewPreference()
                .addNewMatchExpression().withKey("zone").withOperator("Exists").endMatchExpression().endPreference()
                .endPreferredDuringSchedulingIgnoredDuringExecution().endNodeAffinity().endAffinity().endSpec()));
        assertThat(s.get("ssd") - s.get("hdd")).isEqualTo(2 * 100);
    }

    @Test
    void hostPortsMustBeFree() {
        node("n", "4", b -> b);
        bound("n", "100m", b -> b.editSpec().editFirstContainer().addNewPort().withContainerPort(80).withHostPort(8080)
                .endPort().endContainer().endSpec());
        assertThat(schedule(pod("1", b -> b.editSpec().editFirstContainer().addNewPort().withContainerPort(80)
                .withHostPort(8080).endPort().endContainer().endSpec())))
                .isEqualTo("0/1 nodes are available: 1 node(s) didn't have free ports for the requested pod ports.");
        assertThat(schedule(pod("1", b -> b.editSpec().editFirstContainer().addNewPort().withContainerPort(80)
                .withHostPort(8080).withProtocol("UDP").endPort().endContainer().endSpec()))).isEqualTo("n");
    }

    @Test
    void leastAllocatedAndBalancedAllocationPreferTheEmptierNode() {
        node("busy", "4", b -> b);
        node("idle", "4", b -> b);
        bound("busy", "3", b -> b);
        Map<String, Long> s = scores(pod("500m", b -> b));
        assertThat(s.get("idle")).isGreaterThan(s.get("busy"));
        assertThat(schedule(pod("500m", b -> b))).isEqualTo("idle");
    }

    @Test
    void imageLocalityPrefersNodesWithTheImage() {
        node("with", "4", b -> b.editStatus().addNewImage().withNames("registry/app:1").withSizeBytes(500L << 20)
                .endImage().endStatus());
        node("without", "4", b -> b);
        Map<String, Long> s = scores(pod("1", b -> b.editSpec().editFirstContainer().withImage("registry/app:1")
                .endContainer().endSpec()));
        assertThat(s.get("with")).isGreaterThan(s.get("without"));
    }

    @Test
    void topologySpreadDoNotScheduleKeepsTheSkew() {
        node("a", "8", b -> b.editMetadata().addToLabels("zone", "z1").endMetadata());
        node("b", "8", b -> b.editMetadata().addToLabels("zone", "z2").endMetadata());
        node("nolabel", "8", b -> b);
        bound("a", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        UnaryOperator<PodBuilder> spread = b -> b.editMetadata().addToLabels("app", "web").endMetadata().editSpec()
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("zone")
                .withWhenUnsatisfiable("DoNotSchedule").withLabelSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("app", "web").build()).endTopologySpreadConstraint().endSpec();
        assertThat(schedule(pod("100m", spread))).isEqualTo("b");
        bound("b", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        bound("b", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        assertThat(schedule(pod("100m", spread))).isEqualTo("a");
        bound("a", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        bound("a", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        bound("b", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        // 3 and 3: either zone; the unlabelled node never
        assertThat(schedule(pod("100m", spread))).isIn("a", "b");
        cache.removeNode("a");
        cache.removeNode("b");
        assertThat(schedule(pod("100m", spread))).isEqualTo("0/1 nodes are available: 1 node(s) didn't match pod "
                + "topology spread constraints (missing required label).");
    }

    @Test
    void topologySpreadSkewViolationIsReported() {
        node("a", "8", b -> b.editMetadata().addToLabels("zone", "z1").endMetadata());
        node("b", "8", b -> b.editMetadata().addToLabels("zone", "z2").endMetadata()
                .editSpec().withUnschedulable(true).endSpec());
        bound("a", "100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata());
        assertThat(schedule(pod("100m", b -> b.editMetadata().addToLabels("app", "web").endMetadata().editSpec()
                .addNewTopologySpreadConstraint().withMaxSkew(1).withTopologyKey("zone")
                .withWhenUnsatisfiable("DoNotSchedule").withLabelSelector(new LabelSelectorBuilder()
                        .addToMatchLabels("app", "web").build()).endTopologySpreadConstraint().endSpec())))
                .isEqualTo("0/2 nodes are available: 1 node(s) didn't match pod topology spread constraints, "
                        + "1 node(s) were unschedulable.");
    }

    @Test
    void interPodAffinityAndAntiAffinity() {
        node("a", "8", b -> b);
        node("b", "8", b -> b);
        bound("a", "100m", b -> b.editMetadata().addToLabels("app", "db").endMetadata());
        UnaryOperator<PodBuilder> nearDb = b -> b.editSpec().withNewAffinity().withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity().endAffinity().endSpec();
        assertThat(schedule(pod("100m", nearDb))).isEqualTo("a");
        UnaryOperator<PodBuilder> awayFromDb = b -> b.editSpec().withNewAffinity().withNewPodAntiAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "db").build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().endAffinity().endSpec();
        assertThat(schedule(pod("100m", awayFromDb))).isEqualTo("b");
        UnaryOperator<PodBuilder> nearCache = b -> b.editSpec().withNewAffinity().withNewPodAffinity()
                .addNewRequiredDuringSchedulingIgnoredDuringExecution().withTopologyKey("kubernetes.io/hostname")
                .withLabelSelector(new LabelSelectorBuilder().addToMatchLabels("app", "cache").build())
                .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAffinity().endAffinity().endSpec();
        assertThat(schedule(pod("100m", nearCache)))
                .isEqualTo("0/2 nodes are available: 2 node(s) didn't match pod affinity rules.");
        // the first pod of a group that matches its own affinity may go anywhere
        assertThat(schedule(pod("100m", b -> nearCache.apply(b).editMetadata().addToLabels("app", "cache")
                .endMetadata()))).isIn("a", "b");
        // an existing pod's anti-affinity keeps matching pods away from it
        bound("b", "100m", b -> awayFromDb.apply(b).editMetadata().addToLabels("app", "web").endMetadata());
        assertThat(schedule(pod("100m", b -> b.editMetadata().addToLabels("app", "db").endMetadata())))
                .isEqualTo("a");
        assertThat(schedule(pod("100m", b -> awayFromDb.apply(b).editMetadata().addToLabels("app", "db")
                .endMetadata()))).isEqualTo("0/2 nodes are available: 1 node(s) didn't match pod anti-affinity rules, "
                        + "1 node(s) didn't satisfy existing pods anti-affinity rules.");
    }

    @Test
    void weightsApplyLive() {
        node("clean", "4", b -> b);
        node("soft", "4", b -> b.editSpec().addNewTaint().withKey("k").withEffect("PreferNoSchedule").endTaint()
                .endSpec());
        Map<String, Integer> w = new HashMap<>(Framework.defaultWeights());
        w.put("TaintToleration", 0);
        framework.configure(w, 100);
        Map<String, Long> s = scores(pod("1", b -> b));
        assertThat(s.get("clean")).isEqualTo(s.get("soft"));
    }

    @Test
    void adaptiveShareOfNodesToScore() {
        Framework adaptive = new Framework(DefaultPlugins.create(), Framework.defaultWeights(), 0);
        assertThat(adaptive.numFeasibleNodesToFind(50)).isEqualTo(50);
        assertThat(adaptive.numFeasibleNodesToFind(1000)).isEqualTo(420);
        assertThat(adaptive.numFeasibleNodesToFind(5000)).isEqualTo(500);
        assertThat(adaptive.numFeasibleNodesToFind(200)).isEqualTo(100);
    }

    @Test
    void volumeBindingNeedsTheClaimsBoundAndTheVolumesOnTheNode() {
        node("a", "4", b -> b.editMetadata().addToLabels("zone", "z1").endMetadata());
        node("b", "4", b -> b.editMetadata().addToLabels("zone", "z2").endMetadata());
        Map<String, io.fabric8.kubernetes.api.model.PersistentVolumeClaim> claims = new HashMap<>();
        Map<String, io.fabric8.kubernetes.api.model.PersistentVolume> volumes = new HashMap<>();
        cache.setVolumes((ns, name) -> java.util.Optional.ofNullable(claims.get(ns + "/" + name)),
                name -> java.util.Optional.ofNullable(volumes.get(name)));
        UnaryOperator<PodBuilder> withClaim = b -> b.editSpec().addNewVolume().withName("data")
                .withNewPersistentVolumeClaim().withClaimName("data").endPersistentVolumeClaim().endVolume().endSpec();
        assertThat(schedule(pod("100m", withClaim)))
                .isEqualTo("0/2 nodes are available: persistentvolumeclaim \"data\" not found.");
        claims.put("default/data", new io.fabric8.kubernetes.api.model.PersistentVolumeClaimBuilder().withNewMetadata()
                .withName("data").withNamespace("default").endMetadata().withNewSpec().endSpec().build());
        assertThat(schedule(pod("100m", withClaim)))
                .isEqualTo("0/2 nodes are available: pod has unbound immediate PersistentVolumeClaims.");
        claims.get("default/data").getSpec().setVolumeName("pv-1");
        assertThat(schedule(pod("100m", withClaim))).isEqualTo("0/2 nodes are available: 2 node(s) unavailable due "
                + "to one or more pvc(s) bound to non-existent pv(s).");
        volumes.put("pv-1", new io.fabric8.kubernetes.api.model.PersistentVolumeBuilder().withNewMetadata()
                .withName("pv-1").endMetadata().withNewSpec().withNewNodeAffinity().withNewRequired()
                .addNewNodeSelectorTerm().addNewMatchExpression().withKey("zone").withOperator("In").withValues("z2")
                .endMatchExpression().endNodeSelectorTerm().endRequired().endNodeAffinity().endSpec().build());
        assertThat(schedule(pod("100m", withClaim))).isEqualTo("b");
        volumes.get("pv-1").getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms().get(0)
                .getMatchExpressions().get(0).setValues(List.of("z3"));
        assertThat(schedule(pod("100m", withClaim)))
                .isEqualTo("0/2 nodes are available: 2 node(s) had volume node affinity conflict.");
        assertThat(schedule(pod("100m", b -> b))).isIn("a", "b"); // no claims: nothing to check
    }

    @Test
    void roomFreedForANominatedPodIsNotTakenByALowerPriorityOne() {
        node("a", "4", b -> b);
        Pod preemptor = pod("3", b -> b.editMetadata().withName("preemptor").endMetadata().editSpec().withPriority(1000)
                .endSpec().withNewStatus().withNominatedNodeName("a").endStatus());
        cache.nominate("default/preemptor", preemptor, "a");
        // a lower-priority pod sees the nominated pod's 3 CPUs as taken
        assertThat(schedule(pod("2", b -> b.editSpec().withPriority(10).endSpec())))
                .isEqualTo("0/1 nodes are available: 1 Insufficient cpu.");
        assertThat(schedule(pod("1", b -> b.editSpec().withPriority(10).endSpec()))).isEqualTo("a");
        // one of higher priority does not wait for it; nor does the nominated pod count against itself
        assertThat(schedule(pod("2", b -> b.editSpec().withPriority(5000).endSpec()))).isEqualTo("a");
        assertThat(schedule(preemptor)).isEqualTo("a");
        // once assumed on its node it counts there as assumed, no longer also as nominated
        cache.assume("default/preemptor", preemptor, "a");
        assertThat(cache.nominated("default/preemptor")).isFalse();
        cache.forget("default/preemptor");
        assertThat(schedule(pod("2", b -> b.editSpec().withPriority(10).endSpec()))).isEqualTo("a");
    }

    @Test
    void preemptionLeavesTheRoomOfAPodAlreadyNominatedThere() {
        node("a", "4", b -> b);
        bound("a", "3", b -> b.editSpec().withPriority(1).endSpec());
        Pod first = pod("3", b -> b.editMetadata().withName("first").endMetadata().editSpec().withPriority(1000)
                .endSpec());
        Pod second = pod("2", b -> b.editMetadata().withName("second").endMetadata().editSpec().withPriority(500)
                .endSpec());
        Preemption preemption = new Preemption(framework);
        java.util.function.Function<Pod, Preemption.Outcome> preempt = p -> cache.read(s -> {
            CycleState st = new CycleState();
            try {
                framework.schedule(st, p, s);
                return null;
            } catch (FitError e) {
                return preemption.find(st, p, e, s);
            }
        });
        assertThat(preempt.apply(first).victims()).extracting(v -> v.getMetadata().getName())
                .containsExactly("existing-0");
        cache.nominate("default/first", first, "a");
        // evicting the low-priority pod would free room the nominated pod is waiting for: no victims for the second
        assertThat(preempt.apply(second).found()).isFalse();
        assertThat(preempt.apply(first).found()).isTrue();
    }
}
