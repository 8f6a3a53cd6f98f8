package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Status;
import java.util.List;

/** A pod's host ports must be free on the node (same protocol and port on an overlapping host IP conflict). */
public final class NodePorts implements Plugin {

    static final String REASON = "node(s) didn't have free ports for the requested pod ports";
    private static final String KEY = "PreFilterNodePorts";

    @Override
    public String name() {
        return "NodePorts";
    }

    @Override
    public boolean filters() {
        return true;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, io.stevedore.scheduler.internal.ClusterSnapshot snapshot) {
        state.write(KEY, NodeInfo.hostPorts(pod));
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        List<NodeInfo.HostPort> wanted = state.read(KEY);
        if (wanted == null) {
            wanted = NodeInfo.hostPorts(pod);
        }
        for (NodeInfo.HostPort w : wanted) {
            for (NodeInfo.HostPort used : node.usedPorts()) {
                if (w.conflicts(used)) {
                    return Status.unschedulable(REASON);
                }
            }
        }
        return Status.SUCCESS;
    }
}
