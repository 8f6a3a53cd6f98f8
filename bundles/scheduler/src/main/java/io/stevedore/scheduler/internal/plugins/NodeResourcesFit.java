package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.scheduler.internal.ClusterSnapshot;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Resources;
import io.stevedore.scheduler.internal.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The pod's requests must fit what the node has left of its allocatable (pod count included); the score
 * is LeastAllocated: the free share of CPU and memory after placing the pod, weighted equally.
 */
public final class NodeResourcesFit implements Plugin {

    private static final String KEY = "PreFilterNodeResourcesFit";

    @Override
    public String name() {
        return "NodeResourcesFit";
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
        state.write(KEY, new Requests(Resources.requests(pod, false), Resources.requests(pod, true)));
        return Status.SUCCESS;
    }

    record Requests(Resources actual, Resources nonZero) {
    }

    static Requests requests(CycleState state, Pod pod) {
        Requests r = state.read(KEY);
        return r != null ? r : new Requests(Resources.requests(pod, false), Resources.requests(pod, true));
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Resources req = requests(state, pod).actual();
        if (fits(req, node, null)) {
            return Status.SUCCESS; // the common case, without building reasons
        }
        List<String> reasons = new ArrayList<>();
        fits(req, node, reasons);
        return Status.unschedulable(reasons.toArray(String[]::new));
    }

    /**
     * Whether the pod fits on the node. With {@code reasons} every reason it does not is added, in Kubernetes' order
     * (pods, cpu, memory, storage, extended resources by name); without, the first one ends the check.
     */
    static boolean fits(Resources req, NodeInfo node, List<String> reasons) {
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        int before = reasons == null ? 0 : reasons.size();
        if (node.podCount() + 1 > alloc.pods && lacks(reasons, "Too many pods")) {
            return false;
        }
        if (!req.isZero()) {
            if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu && lacks(reasons, "Insufficient cpu")) {
                return false;
            }
            if (req.memory > 0 && req.memory > alloc.memory - used.memory && lacks(reasons, "Insufficient memory")) {
                return false;
            }
            if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage
                    && lacks(reasons, "Insufficient ephemeral-storage")) {
                return false;
            }
            Map<String, Long> scalar = reasons == null ? req.scalar : new java.util.TreeMap<>(req.scalar);
            for (Map.Entry<String, Long> e : scalar.entrySet()) {
                if (e.getValue() > 0 && e.getValue() > alloc.scalar.getOrDefault(e.getKey(), 0L)
                        - used.scalar.getOrDefault(e.getKey(), 0L) && lacks(reasons, "Insufficient " + e.getKey())) {
                    return false;
                }
            }
        }
        return reasons == null || reasons.size() == before;
    }

    /** Notes why the pod does not fit; true when only the verdict is wanted, so the check ends here. */
    private static boolean lacks(List<String> reasons, String reason) {
        if (reasons == null) {
            return true;
        }
        reasons.add(reason);
        return false;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Resources req = requests(state, pod).nonZero();
        Resources used = node.nonZeroRequested();
        Resources alloc = node.allocatable();
        long cpu = leastAllocated(used.milliCpu + req.milliCpu, alloc.milliCpu);
        long memory = leastAllocated(used.memory + req.memory, alloc.memory);
        return (cpu + memory) / 2;
    }

    private static long leastAllocated(long requested, long capacity) {
        if (capacity == 0 || requested > capacity) {
            return 0;
        }
        return (capacity - requested) * Framework.MAX_NODE_SCORE / capacity;
    }
}
