package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Selectors;
import io.stevedore.scheduler.internal.Status;

/** Cordoned nodes ({@code spec.unschedulable}) take only pods that tolerate the unschedulable taint. */
public final class NodeUnschedulable implements Plugin {

    static final String REASON = "node(s) were unschedulable";
    static final String TAINT = "node.kubernetes.io/unschedulable";

    @Override
    public String name() {
        return "NodeUnschedulable";
    }

    @Override
    public boolean filters() {
        return true;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        boolean cordoned = node.node().getSpec() != null && Boolean.TRUE.equals(node.node().getSpec().getUnschedulable());
        if (cordoned && !Selectors.tolerated(pod, TAINT, "", "NoSchedule")) {
            return Status.unresolvable(REASON);
        }
        return Status.SUCCESS;
    }
}
