package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The scheduler's view of nodes and of the pods bound to them, fed by the informers, plus the pods it has
 * assumed onto a node before their binding is written (so the next cycle already counts them). A cycle
 * reads it under the read lock; informer events and assumptions change it under the write lock.
 */
public final class SchedulerCache {

    private final ReentrantReadWriteLock lock = new ReentrantReadWriteLock();
    private final Map<String, NodeInfo> nodes = new HashMap<>();
    /** Pod key to the node it is counted on. */
    private final Map<String, String> podNodes = new HashMap<>();
    private final Map<String, Pod> assumed = new HashMap<>();
    private List<NodeInfo> ordered = List.of();
    private Map<String, NodeInfo> byName = Map.of();
    private Function<String, Map<String, String>> namespaceLabels = ns -> Map.of();

    public void setNamespaceLabels(Function<String, Map<String, String>> labels) {
        namespaceLabels = labels;
    }

    public void addOrUpdateNode(Node node) {
        lock.writeLock().lock();
        try {
            String name = node.getMetadata().getName();
            NodeInfo info = nodes.computeIfAbsent(name, NodeInfo::new);
            boolean isNew = info.node() == null;
            info.setNode(node);
            if (isNew) {
                reorder();
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public void removeNode(String name) {
        lock.writeLock().lock();
        try {
            NodeInfo info = nodes.get(name);
            if (info == null) {
                return;
            }
            // Pods bound to a deleted node stay counted there until they go (pod GC deletes them).
            if (info.podCount() == 0) {
                nodes.remove(name);
            } else {
                info.setNodeGone();
            }
            reorder();
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void reorder() {
        List<NodeInfo> list = new ArrayList<>();
        Map<String, NodeInfo> map = new HashMap<>();
        nodes.values().stream().filter(n -> n.node() != null)
                .sorted(java.util.Comparator.comparing(NodeInfo::name)).forEach(n -> {
                    list.add(n);
                    map.put(n.name(), n);
                });
        ordered = List.copyOf(list);
        byName = map;
    }

    /** A pod bound to a node (from the informer): counted there, and an assumption of it confirmed. */
    public void addOrUpdatePod(String key, Pod pod) {
        lock.writeLock().lock();
        try {
            assumed.remove(key);
            placeLocked(key, pod, pod.getSpec().getNodeName());
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void placeLocked(String key, Pod pod, String nodeName) {
        String previous = podNodes.get(key);
        if (previous != null && !previous.equals(nodeName)) {
            removeLocked(key);
        }
        nodes.computeIfAbsent(nodeName, NodeInfo::new).addPod(key, pod);
        podNodes.put(key, nodeName);
    }

    public void removePod(String key) {
        lock.writeLock().lock();
        try {
            assumed.remove(key);
            removeLocked(key);
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void removeLocked(String key) {
        String nodeName = podNodes.remove(key);
        if (nodeName == null) {
            return;
        }
        NodeInfo info = nodes.get(nodeName);
        if (info != null) {
            info.removePod(key);
            if (info.isEmpty()) {
                nodes.remove(nodeName);
            }
        }
    }

    /** Counts a pod on the node chosen for it before the binding is written. */
    public void assume(String key, Pod pod, String nodeName) {
        lock.writeLock().lock();
        try {
            assumed.put(key, pod);
            placeLocked(key, pod, nodeName);
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** The binding failed: the assumption is withdrawn (unless the informer has confirmed the pod meanwhile). */
    public void forget(String key) {
        lock.writeLock().lock();
        try {
            if (assumed.remove(key) != null) {
                removeLocked(key);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    public boolean isAssumed(String key) {
        lock.readLock().lock();
        try {
            return assumed.containsKey(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    /** Runs a read of the cluster (a scheduling cycle) on a consistent view. */
    public <T> T read(Function<ClusterSnapshot, T> cycle) {
        lock.readLock().lock();
        try {
            return cycle.apply(new ClusterSnapshot(ordered, byName, namespaceLabels));
        } finally {
            lock.readLock().unlock();
        }
    }

    /** The same, for callers that need no snapshot. */
    public <T> T locked(Supplier<T> read) {
        lock.readLock().lock();
        try {
            return read.get();
        } finally {
            lock.readLock().unlock();
        }
    }

    public int nodeCount() {
        return locked(() -> ordered.size());
    }
}
