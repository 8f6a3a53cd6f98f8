package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.stevedore.api.Tolerations;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Selectors;
import io.stevedore.scheduler.internal.Status;
import java.util.List;

/**
 * Filters out nodes with a NoSchedule or NoExecute taint the pod does not tolerate; scores nodes by how few
 * PreferNoSchedule taints the pod does not tolerate.
 */
public final class TaintToleration implements Plugin {

    @Override
    public String name() {
        return "TaintToleration";
    }

    @Override
    public boolean filters() {
        return true;
    }

    private static final String SCORE_KEY = "TaintToleration/prefer";

    @Override
    public boolean scores() {
        return true;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Taint t = untolerated(pod, node);
        return t == null ? Status.SUCCESS : Status.unresolvable("node(s) had untolerated taint {" + t.getKey()
                + ": " + (t.getValue() == null ? "" : t.getValue()) + "}");
    }

    /** The first NoSchedule or NoExecute taint of the node the pod does not tolerate, or null. */
    static Taint untolerated(Pod pod, NodeInfo node) {
        for (Taint t : taints(node)) {
            if (("NoSchedule".equals(t.getEffect()) || "NoExecute".equals(t.getEffect()))
                    && !Selectors.tolerated(pod, t.getKey(), t.getValue(), t.getEffect())) {
                return t;
            }
        }
        return null;
    }

    @Override
    public void preScore(CycleState state, Pod pod, List<NodeInfo> feasible,
                         io.stevedore.scheduler.internal.ClusterSnapshot snapshot) {
        List<Toleration> all = pod.getSpec().getTolerations();
        List<Toleration> prefer = new java.util.ArrayList<>();
        if (all != null) {
            for (Toleration t : all) {
                if (t.getEffect() == null || t.getEffect().isEmpty() || "PreferNoSchedule".equals(t.getEffect())) {
                    prefer.add(t);
                }
            }
        }
        state.write(SCORE_KEY, prefer);
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        List<Taint> taints = taints(node);
        if (taints.isEmpty()) {
            return 0;
        }
        List<Toleration> tolerations = state.read(SCORE_KEY);
        if (tolerations == null) { // scored without a pre-score (a single-node what-if)
            preScore(state, pod, List.of(), null);
            tolerations = state.read(SCORE_KEY);
        }
        long count = 0;
        for (Taint t : taints) {
            if ("PreferNoSchedule".equals(t.getEffect()) && !tolerated(tolerations, t)) {
                count++;
            }
        }
        return count;
    }

    private static boolean tolerated(List<Toleration> tolerations, Taint t) {
        for (Toleration tol : tolerations) {
            if (Tolerations.tolerates(tol, t.getKey(), t.getValue(), t.getEffect())) {
                return true;
            }
        }
        return false;
    }

    @Override
    public void normalize(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
        Plugin.defaultNormalize(Framework.MAX_NODE_SCORE, true, scores);
    }

    static List<Taint> taints(NodeInfo node) {
        return node.node().getSpec() == null || node.node().getSpec().getTaints() == null ? List.of()
                : node.node().getSpec().getTaints();
    }
}
