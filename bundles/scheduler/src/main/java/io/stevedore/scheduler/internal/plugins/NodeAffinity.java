package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Affinity;
import io.fabric8.kubernetes.api.model.NodeSelector;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PreferredSchedulingTerm;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Selectors;
import io.stevedore.scheduler.internal.Status;
import java.util.List;
import java.util.Map;

/**
 * {@code nodeSelector} and required node affinity filter nodes; preferred node affinity scores them by the
 * weights of the terms they match.
 */
public final class NodeAffinity implements Plugin {

    static final String REASON = "node(s) didn't match Pod's node affinity/selector";

    @Override
    public String name() {
        return "NodeAffinity";
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
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        return matchesRequired(pod, node.name(), node.labels()) ? Status.SUCCESS : Status.unresolvable(REASON);
    }

    /** Whether a node satisfies the pod's nodeSelector and required node affinity (also used by topology spread). */
    public static boolean matchesRequired(Pod pod, String nodeName, Map<String, String> labels) {
        Map<String, String> selector = pod.getSpec().getNodeSelector();
        if (selector != null) {
            for (Map.Entry<String, String> e : selector.entrySet()) {
                if (!e.getValue().equals(labels.get(e.getKey()))) {
                    return false;
                }
            }
        }
        NodeSelector required = required(pod);
        if (required == null || required.getNodeSelectorTerms() == null) {
            return true;
        }
        for (NodeSelectorTerm term : required.getNodeSelectorTerms()) {
            if (Selectors.matches(term, nodeName, labels)) {
                return true;
            }
        }
        return false;
    }

    private static NodeSelector required(Pod pod) {
        Affinity a = pod.getSpec().getAffinity();
        return a == null || a.getNodeAffinity() == null ? null
                : a.getNodeAffinity().getRequiredDuringSchedulingIgnoredDuringExecution();
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Affinity a = pod.getSpec().getAffinity();
        if (a == null || a.getNodeAffinity() == null
                || a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution() == null) {
            return 0;
        }
        long sum = 0;
        for (PreferredSchedulingTerm t : a.getNodeAffinity().getPreferredDuringSchedulingIgnoredDuringExecution()) {
            if (t.getWeight() != null && t.getWeight() != 0 && t.getPreference() != null
                    && Selectors.matches(t.getPreference(), node.name(), node.labels())) {
                sum += t.getWeight();
            }
        }
        return sum;
    }

    @Override
    public void normalize(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        Plugin.defaultNormalize(Framework.MAX_NODE_SCORE, false, scores);
    }
}
