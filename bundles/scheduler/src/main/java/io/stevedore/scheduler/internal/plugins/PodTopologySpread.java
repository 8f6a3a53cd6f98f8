package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.TopologySpreadConstraint;
import io.stevedore.api.LabelSelectors;
import io.stevedore.scheduler.internal.ClusterSnapshot;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Selectors;
import io.stevedore.scheduler.internal.Status;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Spreads pods over topology domains. {@code DoNotSchedule} constraints filter: placing the pod must not
 * make its domain exceed the least populated eligible domain by more than {@code maxSkew}.
 * {@code ScheduleAnyway} constraints (or, for a pod without constraints that a controller owns, Kubernetes'
 * system defaults: hostname skew 3, zone skew 5) score: fewer matching pods in the node's domains is better.
 * The system defaults select the pods of the same controller (Kubernetes derives the same set from the
 * owner's selector).
 */
public final class PodTopologySpread implements Plugin {

    static final String REASON_SKEW = "node(s) didn't match pod topology spread constraints";
    static final String REASON_LABEL = "node(s) didn't match pod topology spread constraints (missing required label)";
    static final String HOSTNAME = "kubernetes.io/hostname";
    static final String ZONE = "topology.kubernetes.io/zone";
    private static final String FILTER_KEY = "PreFilterPodTopologySpread";
    private static final String SCORE_KEY = "PreScorePodTopologySpread";

    /** One constraint, its selector resolved against the incoming pod. */
    record Constraint(String topologyKey, int maxSkew, int minDomains, Predicate<Pod> selects, boolean honorAffinity,
                      boolean honorTaints) {
    }

    /** Matching pods per domain of each DoNotSchedule constraint (copied, never changed, by what-if runs). */
    record FilterState(List<Constraint> constraints, List<Map<String, Integer>> counts) {

        long minMatch(int i) {
            Map<String, Integer> c = counts.get(i);
            if (c.size() < constraints.get(i).minDomains()) {
                return 0;
            }
            long min = Long.MAX_VALUE;
            for (int v : c.values()) {
                min = Math.min(min, v);
            }
            return min == Long.MAX_VALUE ? 0 : min;
        }

        FilterState with(Pod other, NodeInfo node, int delta) {
            List<Map<String, Integer>> copy = new ArrayList<>();
            for (int i = 0; i < constraints.size(); i++) {
                Map<String, Integer> c = new HashMap<>(counts.get(i));
                Constraint k = constraints.get(i);
                String value = node.labels().get(k.topologyKey());
                if (value != null && c.containsKey(value) && k.selects().test(other)) {
                    c.merge(value, delta, Integer::sum);
                }
                copy.add(c);
            }
            return new FilterState(constraints, copy);
        }
    }

    @Override
    public String name() {
        return "PodTopologySpread";
    }

    @Override
    public boolean filters() {
        return true;
    }

    @Override
    public boolean scores() {
        return true;
    }

    private static List<Constraint> constraints(Pod pod, String whenUnsatisfiable) {
        List<Constraint> out = new ArrayList<>();
        List<TopologySpreadConstraint> list = pod.getSpec().getTopologySpreadConstraints();
        if (list == null) {
            return out;
        }
        String ns = pod.getMetadata().getNamespace();
        for (TopologySpreadConstraint c : list) {
            if (!whenUnsatisfiable.equals(c.getWhenUnsatisfiable())) {
                continue;
            }
            LabelSelectors.Selector selector = LabelSelectors.of(c.getLabelSelector());
            if (c.getMatchLabelKeys() != null && c.getLabelSelector() != null) {
                List<LabelSelectors.Requirement> reqs = new ArrayList<>(selector.requirements());
                for (String key : c.getMatchLabelKeys()) {
                    String v = Selectors.labels(pod).get(key);
                    if (v != null) {
                        reqs.add(new LabelSelectors.Requirement(key, LabelSelectors.Op.EQUALS, List.of(v)));
                    }
                }
                selector = new LabelSelectors.Selector(reqs);
            }
            LabelSelectors.Selector s = selector;
            out.add(new Constraint(c.getTopologyKey(), c.getMaxSkew() == null ? 1 : c.getMaxSkew(),
                    c.getMinDomains() == null ? 1 : c.getMinDomains(),
                    p -> ns.equals(p.getMetadata().getNamespace()) && p.getMetadata().getDeletionTimestamp() == null
                            && s.matches(p.getMetadata().getLabels()),
                    !"Ignore".equals(c.getNodeAffinityPolicy()), "Honor".equals(c.getNodeTaintsPolicy())));
        }
        return out;
    }

    /** Kubernetes' system default constraints, for a pod with none of its own that a controller owns. */
    private static List<Constraint> systemDefaults(Pod pod) {
        if (pod.getSpec().getTopologySpreadConstraints() != null
                && !pod.getSpec().getTopologySpreadConstraints().isEmpty()) {
            return List.of();
        }
        String owner = null;
        for (OwnerReference r : pod.getMetadata().getOwnerReferences() == null ? List.<OwnerReference>of()
                : pod.getMetadata().getOwnerReferences()) {
            if (Boolean.TRUE.equals(r.getController())) {
                owner = r.getUid();
            }
        }
        if (owner == null) {
            return List.of();
        }
        String uid = owner;
        String ns = pod.getMetadata().getNamespace();
        Predicate<Pod> sameOwner = p -> ns.equals(p.getMetadata().getNamespace())
                && p.getMetadata().getDeletionTimestamp() == null && p.getMetadata().getOwnerReferences() != null
                && p.getMetadata().getOwnerReferences().stream()
                        .anyMatch(r -> Boolean.TRUE.equals(r.getController()) && uid.equals(r.getUid()));
        return List.of(new Constraint(HOSTNAME, 3, 1, sameOwner, true, false),
                new Constraint(ZONE, 5, 1, sameOwner, true, false));
    }

    private static boolean eligible(Pod pod, Constraint c, NodeInfo node) {
        if (c.honorAffinity() && !NodeAffinity.matchesRequired(pod, node.name(), node.labels())) {
            return false;
        }
        return !c.honorTaints() || TaintToleration.untolerated(pod, node) == null;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, ClusterSnapshot snapshot) {
        List<Constraint> constraints = constraints(pod, "DoNotSchedule");
        if (constraints.isEmpty()) {
            state.write(FILTER_KEY, null);
            return Status.SUCCESS;
        }
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            counts.add(new HashMap<>());
        }
        for (NodeInfo node : snapshot.nodes()) {
            if (!hasAllKeys(node, constraints)) {
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                if (!eligible(pod, c, node)) {
                    continue;
                }
                counts.get(i).merge(node.labels().get(c.topologyKey()), matching(c, node), Integer::sum);
            }
        }
        state.write(FILTER_KEY, new FilterState(constraints, counts));
        return Status.SUCCESS;
    }

    /** The pods on a node the constraint selects. */
    private static int matching(Constraint c, NodeInfo node) {
        int n = 0;
        for (Pod p : node.pods()) {
            if (c.selects().test(p)) {
                n++;
            }
        }
        return n;
    }

    private static boolean hasAllKeys(NodeInfo node, List<Constraint> constraints) {
        for (Constraint c : constraints) {
            if (!node.labels().containsKey(c.topologyKey())) {
                return false;
            }
        }
        return true;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        if (!hasAllKeys(node, s.constraints())) {
            return Status.unresolvable(REASON_LABEL);
        }
        for (int i = 0; i < s.constraints().size(); i++) {
            Constraint c = s.constraints().get(i);
            int self = c.selects().test(pod) ? 1 : 0;
            long match = s.counts().get(i).getOrDefault(node.labels().get(c.topologyKey()), 0);
            if (match + self - s.minMatch(i) > c.maxSkew()) {
                return Status.unschedulable(REASON_SKEW);
            }
        }
        return Status.SUCCESS;
    }

    @Override
    public void addPod(CycleState state, Pod pod, Pod other, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s != null) {
            state.write(FILTER_KEY, s.with(other, node, 1));
        }
    }

    @Override
    public void removePod(CycleState state, Pod pod, Pod other, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s != null) {
            state.write(FILTER_KEY, s.with(other, node, -1));
        }
    }

    /** Matching pods per domain, the weight of each constraint, and the nodes scoring ignores. */
    private record ScoreState(List<Constraint> constraints, List<Map<String, Integer>> counts, double[] weights,
                              Set<String> ignored) {
    }

    @Override
    public void preScore(CycleState state, Pod pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        List<Constraint> constraints = constraints(pod, "ScheduleAnyway");
        boolean system = false;
        if (constraints.isEmpty()) {
            constraints = systemDefaults(pod);
            system = true;
        }
        if (constraints.isEmpty()) {
            state.write(SCORE_KEY, null);
            return;
        }
        Set<String> ignored = new HashSet<>();
        List<Set<String>> domains = new ArrayList<>();
        List<Map<String, Integer>> counts = new ArrayList<>();
        for (int i = 0; i < constraints.size(); i++) {
            domains.add(new HashSet<>());
            counts.add(new HashMap<>());
        }
        for (NodeInfo node : feasible) {
            if (!system && !hasAllKeys(node, constraints)) {
                ignored.add(node.name());
                continue;
            }
            for (int i = 0; i < constraints.size(); i++) {
                String v = node.labels().get(constraints.get(i).topologyKey());
                if (v != null) {
                    domains.get(i).add(v);
                    counts.get(i).putIfAbsent(v, 0);
                }
            }
        }
        for (NodeInfo node : snapshot.nodes()) {
            for (int i = 0; i < constraints.size(); i++) {
                Constraint c = constraints.get(i);
                String v = node.labels().get(c.topologyKey());
                // hostname domains are only the feasible nodes themselves
                if (v == null || !counts.get(i).containsKey(v) || !eligible(pod, c, node)) {
                    continue;
                }
                counts.get(i).merge(v, matching(c, node), Integer::sum);
            }
        }
        double[] weights = new double[constraints.size()];
        for (int i = 0; i < weights.length; i++) {
            weights[i] = Math.log(domains.get(i).size() + 2);
        }
        state.write(SCORE_KEY, new ScoreState(constraints, counts, weights, ignored));
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        ScoreState s = state.read(SCORE_KEY);
        if (s == null || s.ignored().contains(node.name())) {
            return 0;
        }
        double score = 0;
        for (int i = 0; i < s.constraints().size(); i++) {
            Constraint c = s.constraints().get(i);
            String v = node.labels().get(c.topologyKey());
            if (v != null) {
                score += s.counts().get(i).getOrDefault(v, 0) * s.weights()[i] + (c.maxSkew() - 1);
            }
        }
        return Math.round(score);
    }

    @Override
    public void normalize(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        ScoreState s = state.read(SCORE_KEY);
        if (s == null) {
            java.util.Arrays.fill(scores, 0);
            return;
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored().contains(nodes.get(i).name())) {
                continue;
            }
            min = Math.min(min, scores[i]);
            max = Math.max(max, scores[i]);
        }
        for (int i = 0; i < scores.length; i++) {
            if (s.ignored().contains(nodes.get(i).name())) {
                scores[i] = 0;
            } else if (max == 0) {
                scores[i] = Framework.MAX_NODE_SCORE;
            } else {
                scores[i] = Framework.MAX_NODE_SCORE * (max + min - scores[i]) / max;
            }
        }
    }
}
