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
    public long score(CycleState state, Pod pod, NodeInfo node) {
        List<Toleration> tolerations = pod.getSpec().getTolerations() == null ? List.of()
                : pod.getSpec().getTolerations().stream()
                        .filter(t -> t.getEffect() == null || t.getEffect().isEmpty()
                                || "PreferNoSchedule".equals(t.getEffect()))
                        .toList();
        long count = 0;
        for (Taint t : taints(node)) {
            if ("PreferNoSchedule".equals(t.getEffect())
                    && tolerations.stream().noneMatch(tol -> Tolerations.tolerates(tol, t.getKey(), t.getValue(),
                            t.getEffect()))) {
                count++;
            }
        }
        return count;
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
