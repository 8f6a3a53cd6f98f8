package io.stevedore.scheduler.internal.plugins;

import io.stevedore.scheduler.internal.Plugin;
import java.util.List;

/** Kubernetes' default plugin set, in its order (filters run in this order; the first failure is reported). */
public final class DefaultPlugins {

    private DefaultPlugins() {
    }

    public static List<Plugin> create() {
        return List.of(new NodeUnschedulable(), new NodeName(), new TaintToleration(), new NodeAffinity(),
                new NodePorts(), new NodeResourcesFit(), new VolumeBinding(), new PodTopologySpread(),
                new InterPodAffinity(),
                new BalancedAllocation(), new ImageLocality());
    }
}
