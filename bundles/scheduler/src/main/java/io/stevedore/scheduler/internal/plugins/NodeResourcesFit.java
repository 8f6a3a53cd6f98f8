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
        if (fits(req, node)) {
            return Status.SUCCESS; // the common case, without building reasons
        }
        List<String> reasons = insufficient(req, node);
        return reasons.isEmpty() ? Status.SUCCESS
                : Status.unschedulable(reasons.toArray(String[]::new));
    }

    /** Whether the pod fits, as {@link #insufficient} is empty, without allocating. */
    static boolean fits(Resources req, NodeInfo node) {
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        if (node.podCount() + 1 > alloc.pods) {
            return false;
        }
        if (req.isZero()) {
            return true;
        }
        if ((req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu)
                || (req.memory > 0 && req.memory > alloc.memory - used.memory)
                || (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage)) {
            return false;
        }
        for (Map.Entry<String, Long> e : req.scalar.entrySet()) {
            if (e.getValue() > 0 && e.getValue() > alloc.scalar.getOrDefault(e.getKey(), 0L)
                    - used.scalar.getOrDefault(e.getKey(), 0L)) {
                return false;
            }
        }
        return true;
    }

    /** The reasons a pod does not fit, in Kubernetes' order (pods, cpu, memory, storage, extended resources). */
    static List<String> insufficient(Resources req, NodeInfo node) {
        List<String> reasons = new ArrayList<>();
        Resources alloc = node.allocatable();
        Resources used = node.requested();
        if (node.podCount() + 1 > alloc.pods) {
            reasons.add("Too many pods");
        }
        if (req.isZero()) {
            return reasons;
        }
        if (req.milliCpu > 0 && req.milliCpu > alloc.milliCpu - used.milliCpu) {
            reasons.add("Insufficient cpu");
        }
        if (req.memory > 0 && req.memory > alloc.memory - used.memory) {
            reasons.add("Insufficient memory");
        }
        if (req.ephemeralStorage > 0 && req.ephemeralStorage > alloc.ephemeralStorage - used.ephemeralStorage) {
            reasons.add("Insufficient ephemeral-storage");
        }
        for (Map.Entry<String, Long> e : new java.util.TreeMap<>(req.scalar).entrySet()) {
            if (e.getValue() > 0 && e.getValue() > alloc.scalar.getOrDefault(e.getKey(), 0L)
                    - used.scalar.getOrDefault(e.getKey(), 0L)) {
                reasons.add("Insufficient " + e.getKey());
            }
        }
        return reasons;
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
