package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodAffinity;
import io.fabric8.kubernetes.api.model.PodAffinityTerm;
import io.fabric8.kubernetes.api.model.PodAntiAffinity;
import io.fabric8.kubernetes.api.model.WeightedPodAffinityTerm;
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
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * Pod affinity and anti-affinity. Filters: the pod's required affinity needs a matching pod in the node's
 * domain (or, for the first pod of a group that matches its own terms, none anywhere); its required
 * anti-affinity needs none there; and no existing pod's required anti-affinity may match it there. Scores:
 * the weights of preferred terms (the pod's, and existing pods' towards it) summed per domain, scaled from
 * the lowest to the highest node.
 */
public final class InterPodAffinity implements Plugin {

    static final String REASON_AFFINITY = "node(s) didn't match pod affinity rules";
    static final String REASON_ANTI_AFFINITY = "node(s) didn't match pod anti-affinity rules";
    static final String REASON_EXISTING = "node(s) didn't satisfy existing pods anti-affinity rules";
    /** The weight an existing pod's required affinity towards the incoming pod adds to scores (hardPodAffinityWeight). */
    static final int HARD_POD_AFFINITY_WEIGHT = 1;
    private static final String FILTER_KEY = "PreFilterInterPodAffinity";
    private static final String SCORE_KEY = "PreScoreInterPodAffinity";

    /** A term with its namespaces and selector resolved: which pods it selects. */
    record Term(String topologyKey, LabelSelectors.Selector selector, Set<String> namespaces,
                LabelSelectors.Selector namespaceSelector, Function<String, Map<String, String>> nsLabels) {

        boolean selects(Pod p) {
            String ns = p.getMetadata().getNamespace();
            boolean inNamespace = namespaces.contains(ns)
                    || (namespaceSelector != null && namespaceSelector.matches(nsLabels.apply(ns)));
            return inNamespace && selector.matches(p.getMetadata().getLabels());
        }
    }

    static Term term(PodAffinityTerm t, Pod owner, Function<String, Map<String, String>> nsLabels) {
        Set<String> namespaces = new java.util.HashSet<>(t.getNamespaces() == null ? List.of() : t.getNamespaces());
        LabelSelectors.Selector nsSelector = t.getNamespaceSelector() == null ? null
                : LabelSelectors.of(t.getNamespaceSelector());
        if (namespaces.isEmpty() && nsSelector == null) {
            namespaces.add(owner.getMetadata().getNamespace());
        }
        LabelSelectors.Selector selector = LabelSelectors.of(t.getLabelSelector());
        if (t.getMatchLabelKeys() != null || t.getMismatchLabelKeys() != null) {
            List<LabelSelectors.Requirement> reqs = new ArrayList<>(selector.requirements());
            Map<String, String> labels = Selectors.labels(owner);
            for (String k : t.getMatchLabelKeys() == null ? List.<String>of() : t.getMatchLabelKeys()) {
                if (labels.containsKey(k)) {
                    reqs.add(new LabelSelectors.Requirement(k, LabelSelectors.Op.IN, List.of(labels.get(k))));
                }
            }
            for (String k : t.getMismatchLabelKeys() == null ? List.<String>of() : t.getMismatchLabelKeys()) {
                if (labels.containsKey(k)) {
                    reqs.add(new LabelSelectors.Requirement(k, LabelSelectors.Op.NOT_IN, List.of(labels.get(k))));
                }
            }
            selector = new LabelSelectors.Selector(reqs);
        }
        return new Term(t.getTopologyKey(), selector, namespaces, nsSelector, nsLabels);
    }

    private static Optional<Affinity> affinity(Pod p) {
        return Optional.ofNullable(p.getSpec().getAffinity());
    }

    private static List<PodAffinityTerm> requiredAffinity(Pod p) {
        return affinity(p).map(Affinity::getPodAffinity)
                .map(PodAffinity::getRequiredDuringSchedulingIgnoredDuringExecution).orElse(List.of());
    }

    private static List<PodAffinityTerm> requiredAntiAffinity(Pod p) {
        return affinity(p).map(Affinity::getPodAntiAffinity)
                .map(PodAntiAffinity::getRequiredDuringSchedulingIgnoredDuringExecution).orElse(List.of());
    }

    private static List<WeightedPodAffinityTerm> preferredAffinity(Pod p) {
        return affinity(p).map(Affinity::getPodAffinity)
                .map(PodAffinity::getPreferredDuringSchedulingIgnoredDuringExecution).orElse(List.of());
    }

    private static List<WeightedPodAffinityTerm> preferredAntiAffinity(Pod p) {
        return affinity(p).map(Affinity::getPodAntiAffinity)
                .map(PodAntiAffinity::getPreferredDuringSchedulingIgnoredDuringExecution).orElse(List.of());
    }

    /** Counts per topology pair "key\0value" (copied, never changed, by what-if runs). */
    record FilterState(List<Term> affinity, List<Term> antiAffinity, Map<String, Integer> existingAnti,
                       Map<String, Integer> affinityCounts, Map<String, Integer> antiCounts,
                       Function<String, Map<String, String>> nsLabels) {
    }

    private static String pair(String key, String value) {
        return key + '\0' + value;
    }

    @Override
    public String name() {
        return "InterPodAffinity";
    }

    @Override
    public boolean filters() {
        return true;
    }

    @Override
    public boolean scores() {
        return true;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, ClusterSnapshot snapshot) {
        List<Term> affinity = requiredAffinity(pod).stream().map(t -> term(t, pod, snapshot.namespaceLabels())).toList();
        List<Term> anti = requiredAntiAffinity(pod).stream().map(t -> term(t, pod, snapshot.namespaceLabels())).toList();
        if (affinity.isEmpty() && anti.isEmpty() && !snapshot.anyPodWithAffinity()) {
            state.write(FILTER_KEY, null);
            return Status.SUCCESS;
        }
        FilterState s = new FilterState(affinity, anti, new HashMap<>(), new HashMap<>(), new HashMap<>(),
                snapshot.namespaceLabels());
        for (NodeInfo node : snapshot.nodes()) {
            count(s, pod, node, node.pods(), node.podsWithAffinity(), 1, snapshot.namespaceLabels());
        }
        state.write(FILTER_KEY, s);
        return Status.SUCCESS;
    }

    private static void count(FilterState s, Pod pod, NodeInfo node, Iterable<Pod> pods, Iterable<Pod> withAffinity,
                              int delta, Function<String, Map<String, String>> nsLabels) {
        Map<String, String> labels = node.labels();
        for (Pod existing : withAffinity) {
            for (PodAffinityTerm t : requiredAntiAffinity(existing)) {
                String v = labels.get(t.getTopologyKey());
                if (v != null && term(t, existing, nsLabels).selects(pod)) {
                    s.existingAnti().merge(pair(t.getTopologyKey(), v), delta, Integer::sum);
                }
            }
        }
        if (s.affinity().isEmpty() && s.antiAffinity().isEmpty()) {
            return;
        }
        for (Pod existing : pods) {
            if (!s.affinity().isEmpty() && s.affinity().stream().allMatch(t -> t.selects(existing))) {
                for (Term t : s.affinity()) {
                    String v = labels.get(t.topologyKey());
                    if (v != null) {
                        s.affinityCounts().merge(pair(t.topologyKey(), v), delta, Integer::sum);
                    }
                }
            }
            for (Term t : s.antiAffinity()) {
                String v = labels.get(t.topologyKey());
                if (v != null && t.selects(existing)) {
                    s.antiCounts().merge(pair(t.topologyKey(), v), delta, Integer::sum);
                }
            }
        }
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return Status.SUCCESS;
        }
        Map<String, String> labels = node.labels();
        for (Map.Entry<String, String> l : labels.entrySet()) {
            if (s.existingAnti().getOrDefault(pair(l.getKey(), l.getValue()), 0) > 0) {
                return Status.unschedulable(REASON_EXISTING);
            }
        }
        if (!s.affinity().isEmpty()) {
            boolean satisfied = true;
            for (Term t : s.affinity()) {
                String v = labels.get(t.topologyKey());
                if (v == null || s.affinityCounts().getOrDefault(pair(t.topologyKey(), v), 0) <= 0) {
                    satisfied = false;
                    break;
                }
            }
            if (!satisfied) {
                boolean noneAnywhere = s.affinityCounts().values().stream().allMatch(c -> c <= 0);
                boolean selfMatch = s.affinity().stream().allMatch(t -> t.selects(pod));
                boolean hasKeys = s.affinity().stream().allMatch(t -> labels.containsKey(t.topologyKey()));
                if (!(noneAnywhere && selfMatch && hasKeys)) {
                    return Status.unresolvable(REASON_AFFINITY);
                }
            }
        }
        for (Term t : s.antiAffinity()) {
            String v = labels.get(t.topologyKey());
            if (v != null && s.antiCounts().getOrDefault(pair(t.topologyKey(), v), 0) > 0) {
                return Status.unschedulable(REASON_ANTI_AFFINITY);
            }
        }
        return Status.SUCCESS;
    }

    private static FilterState copy(FilterState s) {
        return new FilterState(s.affinity(), s.antiAffinity(), new HashMap<>(s.existingAnti()),
                new HashMap<>(s.affinityCounts()), new HashMap<>(s.antiCounts()), s.nsLabels());
    }

    @Override
    public void addPod(CycleState state, Pod pod, Pod other, NodeInfo node) {
        update(state, pod, other, node, 1);
    }

    @Override
    public void removePod(CycleState state, Pod pod, Pod other, NodeInfo node) {
        update(state, pod, other, node, -1);
    }

    private void update(CycleState state, Pod pod, Pod other, NodeInfo node, int delta) {
        FilterState s = state.read(FILTER_KEY);
        if (s == null) {
            return;
        }
        FilterState c = copy(s);
        List<Pod> one = List.of(other);
        count(c, pod, node, one, NodeInfo.hasPodAffinity(other) ? one : List.of(), delta, c.nsLabels());
        state.write(FILTER_KEY, c);
    }

    @Override
    public void preScore(CycleState state, Pod pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        List<WeightedPodAffinityTerm> pref = preferredAffinity(pod);
        List<WeightedPodAffinityTerm> prefAnti = preferredAntiAffinity(pod);
        boolean own = !pref.isEmpty() || !prefAnti.isEmpty();
        if (!own && !snapshot.anyPodWithAffinity()) {
            state.write(SCORE_KEY, null);
            return;
        }
        Function<String, Map<String, String>> nsLabels = snapshot.namespaceLabels();
        List<Term> prefTerms = pref.stream().map(w -> term(w.getPodAffinityTerm(), pod, nsLabels)).toList();
        List<Term> antiTerms = prefAnti.stream().map(w -> term(w.getPodAffinityTerm(), pod, nsLabels)).toList();
        Map<String, Long> byPair = new HashMap<>();
        for (NodeInfo node : snapshot.nodes()) {
            Map<String, String> labels = node.labels();
            for (Pod existing : own ? node.pods() : node.podsWithAffinity()) {
                for (int i = 0; i < prefTerms.size(); i++) {
                    add(byPair, labels, prefTerms.get(i).topologyKey(), prefTerms.get(i).selects(existing),
                            pref.get(i).getWeight());
                }
                for (int i = 0; i < antiTerms.size(); i++) {
                    add(byPair, labels, antiTerms.get(i).topologyKey(), antiTerms.get(i).selects(existing),
                            -prefAnti.get(i).getWeight());
                }
                for (PodAffinityTerm t : requiredAffinity(existing)) {
                    add(byPair, labels, t.getTopologyKey(), term(t, existing, nsLabels).selects(pod),
                            HARD_POD_AFFINITY_WEIGHT);
                }
                for (WeightedPodAffinityTerm w : preferredAffinity(existing)) {
                    add(byPair, labels, w.getPodAffinityTerm().getTopologyKey(),
                            term(w.getPodAffinityTerm(), existing, nsLabels).selects(pod), w.getWeight());
                }
                for (WeightedPodAffinityTerm w : preferredAntiAffinity(existing)) {
                    add(byPair, labels, w.getPodAffinityTerm().getTopologyKey(),
                            term(w.getPodAffinityTerm(), existing, nsLabels).selects(pod), -w.getWeight());
                }
            }
        }
        state.write(SCORE_KEY, byPair);
    }

    private static void add(Map<String, Long> byPair, Map<String, String> labels, String key, boolean matches,
                            Integer weight) {
        String v = labels.get(key);
        if (matches && v != null && weight != null && weight != 0) {
            byPair.merge(pair(key, v), (long) weight, Long::sum);
        }
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Map<String, Long> byPair = state.read(SCORE_KEY);
        if (byPair == null || byPair.isEmpty()) {
            return 0;
        }
        long sum = 0;
        for (Map.Entry<String, String> l : node.labels().entrySet()) {
            sum += byPair.getOrDefault(pair(l.getKey(), l.getValue()), 0L);
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (long s : scores) {
            min = Math.min(min, s);
            max = Math.max(max, s);
        }
        long diff = max - min;
        for (int i = 0; i < scores.length; i++) {
            scores[i] = diff > 0 ? (long) (Framework.MAX_NODE_SCORE * ((double) (scores[i] - min) / diff)) : 0;
        }
    }
}
