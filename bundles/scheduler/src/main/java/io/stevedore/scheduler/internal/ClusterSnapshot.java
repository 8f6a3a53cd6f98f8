package io.stevedore.scheduler.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nodes a scheduling cycle sees, as the cache holds them under its read lock: every node with a Node
 * object, in a stable order, and by name; the labels of namespaces (for affinity namespace selectors); how
 * many nodes report each image; and whether any counted pod has pod (anti-)affinity terms.
 */
public record ClusterSnapshot(List<NodeInfo> nodes, Map<String, NodeInfo> byName,
                              Function<String, Map<String, String>> namespaceLabels,
                              Map<String, Integer> imageNodeCounts, boolean anyPodWithAffinity) {

    public NodeInfo get(String name) {
        return byName.get(name);
    }
}
