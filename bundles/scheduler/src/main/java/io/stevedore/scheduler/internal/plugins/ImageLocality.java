package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.scheduler.internal.ClusterSnapshot;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Prefers nodes that already have the pod's images: the sizes of the present images, each scaled by the
 * share of nodes that have it (so an image everywhere does not pull pods together), between 23 MB and
 * 1000 MB per container.
 */
public final class ImageLocality implements Plugin {

    private static final long MB = 1024L * 1024;
    static final long MIN_THRESHOLD = 23 * MB;
    static final long MAX_CONTAINER_THRESHOLD = 1000 * MB;
    private static final String KEY = "PreScoreImageLocality";

    @Override
    public String name() {
        return "ImageLocality";
    }

    @Override
    public boolean scores() {
        return true;
    }

    @Override
    public void preScore(CycleState state, Pod pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        state.write(KEY, new Spread(images(pod), snapshot.imageNodeCounts(), snapshot.nodes().size()));
    }

    private record Spread(List<String> images, Map<String, Integer> nodesWith, int totalNodes) {
    }

    @Override
    public long score(CycleState state, Pod pod, NodeInfo node) {
        Spread spread = state.read(KEY);
        long sum = 0;
        for (String image : spread.images()) {
            Long size = node.imageSizes().get(image);
            if (size != null) {
                sum += (long) (size * ((double) spread.nodesWith().getOrDefault(image, 0) / spread.totalNodes()));
            }
        }
        int containers = spread.images().size();
        long max = MAX_CONTAINER_THRESHOLD * Math.max(1, containers);
        sum = Math.max(MIN_THRESHOLD, Math.min(max, sum));
        return Framework.MAX_NODE_SCORE * (sum - MIN_THRESHOLD) / (max - MIN_THRESHOLD);
    }

    private static List<String> images(Pod pod) {
        List<String> out = new ArrayList<>();
        List<Container> all = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            all.addAll(pod.getSpec().getInitContainers());
        }
        if (pod.getSpec().getContainers() != null) {
            all.addAll(pod.getSpec().getContainers());
        }
        for (Container c : all) {
            if (c.getImage() != null) {
                out.add(NodeInfo.normalizedImageName(c.getImage()));
            }
        }
        return out;
    }
}
