package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * The nodes a scheduling cycle sees, as the cache holds them under its read lock: every node with a Node
 * object, in a stable order, and by name; the labels of namespaces (for affinity namespace selectors); how
 * many nodes report each image; whether any counted pod has pod (anti-)affinity terms; and the claims and
 * volumes pods use (from informers, looked up by namespace and name, and by name); and the pods preemption
 * nominated to each node.
 */
public record ClusterSnapshot(List<NodeInfo> nodes, Map<String, NodeInfo> byName,
                              Function<String, Map<String, String>> namespaceLabels,
                              Map<String, Integer> imageNodeCounts, boolean anyPodWithAffinity,
                              BiFunction<String, String, Optional<PersistentVolumeClaim>> claims,
                              Function<String, Optional<PersistentVolume>> volumes,
                              Function<String, Collection<Pod>> nominated) {

    /** Pending pods nominated to the node by preemption. */
    public Collection<Pod> nominatedOn(String node) {
        return nominated.apply(node);
    }

    public Optional<PersistentVolumeClaim> claim(String namespace, String name) {
        return claims.apply(namespace, name);
    }

    public Optional<PersistentVolume> volume(String name) {
        return volumes.apply(name);
    }

    public NodeInfo get(String name) {
        return byName.get(name);
    }
}
