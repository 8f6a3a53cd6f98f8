package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Status;

/** A pod that names its node fits only there. */
public final class NodeName implements Plugin {

    static final String REASON = "node(s) didn't match the requested node name";

    @Override
    public String name() {
        return "NodeName";
    }

    @Override
    public boolean filters() {
        return true;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        String wanted = pod.getSpec().getNodeName();
        if (wanted != null && !wanted.isEmpty() && !wanted.equals(node.name())) {
            return Status.unresolvable(REASON);
        }
        return Status.SUCCESS;
    }
}
