package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Resources;

/**
 * NodeResourcesBalancedAllocation: prefers nodes whose CPU and memory would be used in equal shares after
 * placing the pod (score = (1 - standard deviation of the two fractions) x 100, on actual requests).
 */
public final class BalancedAllocation implements Plugin {

    @Override
    public String name() {
        return "NodeResourcesBalancedAllocation";
    }

    @Override
    public boolean scores() {
        return true;
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Resources req = NodeResourcesFit.requests(state, pod).actual();
        Resources used = node.requested();
        Resources alloc = node.allocatable();
        double cpu = fraction(used.milliCpu + req.milliCpu, alloc.milliCpu);
        double memory = fraction(used.memory + req.memory, alloc.memory);
        double std = Math.abs(cpu - memory) / 2;
        return (long) ((1 - std) * Framework.MAX_NODE_SCORE);
    }

    private static double fraction(long requested, long capacity) {
        if (capacity == 0) {
            return 1;
        }
        return Math.min(1.0, (double) requested / capacity);
    }
}
