package io.stevedore.scheduler.internal;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The nodes a scheduling cycle sees, as the cache holds them under its read lock: every node with a Node
 * object, in a stable order, and by name; and the labels of namespaces (for affinity namespace selectors).
 */
public record ClusterSnapshot(List<NodeInfo> nodes, Map<String, NodeInfo> byName,
                              Function<String, Map<String, String>> namespaceLabels) {

    public NodeInfo get(String name) {
        return byName.get(name);
    }

    /** Whether any node holds a pod with (anti-)affinity terms: InterPodAffinity has nothing to do otherwise. */
    public boolean anyPodWithAffinity() {
        for (NodeInfo n : nodes) {
            if (!n.podsWithAffinity().isEmpty()) {
                return true;
            }
        }
        return false;
    }
}
