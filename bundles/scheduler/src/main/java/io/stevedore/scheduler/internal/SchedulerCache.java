package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;

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
    /** The node order needs rebuilding (nodes came or went); done once, at the next read, not per node event. */
    private boolean stale; // read under the read lock, written under the write lock
    private Map<String, NodeInfo> byName = Map.of();
    private Function<String, Map<String, String>> namespaceLabels = ns -> Map.of();
    private BiFunction<String, String, Optional<PersistentVolumeClaim>> claims = (ns, name) -> Optional.empty();
    private Function<String, Optional<PersistentVolume>> volumes = name -> Optional.empty();
    /** How many nodes report each image (ImageLocality's spread), kept as nodes change. */
    private final Map<String, Integer> imageNodes = new HashMap<>();
    /** Pending pods nominated to a node by preemption: node name to pod key to pod (the queue's nominator). */
    private final Map<String, Map<String, Pod>> nominated = new HashMap<>();
    private final Map<String, String> nominatedNode = new HashMap<>();
    /** How many counted pods have pod (anti-)affinity terms (InterPodAffinity has nothing to do at 0). */
    private int podsWithAffinity;

    public void setNamespaceLabels(Function<String, Map<String, String>> labels) {
        namespaceLabels = labels;
    }

    /** Where cycles look up claims (namespace, name) and volumes (name): the scheduler's informers. */
    public void setVolumes(BiFunction<String, String, Optional<PersistentVolumeClaim>> claimLookup,
                           Function<String, Optional<PersistentVolume>> volumeLookup) {
        claims = claimLookup;
        volumes = volumeLookup;
    }

    public void addOrUpdateNode(Node node) {
        lock.writeLock().lock();
        try {
            String name = node.getMetadata().getName();
            NodeInfo info = nodes.computeIfAbsent(name, NodeInfo::new);
            boolean isNew = info.node() == null;
            countImages(info, -1);
            info.setNode(node);
            countImages(info, 1);
            if (isNew) {
                stale = true;
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
            countImages(info, -1);
            // Pods bound to a deleted node stay counted there until they go (pod GC deletes them).
            if (info.podCount() == 0) {
                nodes.remove(name);
            } else {
                info.setNodeGone();
            }
            stale = true;
        } finally {
            lock.writeLock().unlock();
        }
    }

    private void countImages(NodeInfo info, int delta) {
        if (info.node() == null) {
            return;
        }
        for (String image : info.imageSizes().keySet()) {
            if (imageNodes.merge(image, delta, Integer::sum) <= 0) {
                imageNodes.remove(image);
            }
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
        NodeInfo.PodAccount account = NodeInfo.PodAccount.of(pod);
        NodeInfo.PodAccount old = nodes.computeIfAbsent(nodeName, NodeInfo::new).add(key, account);
        podsWithAffinity += (account.affinity() ? 1 : 0) - (old != null && old.affinity() ? 1 : 0);
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
            NodeInfo.PodAccount old = info.removePod(key);
            if (old != null && old.affinity()) {
                podsWithAffinity--;
            }
            if (info.isEmpty()) {
                nodes.remove(nodeName);
            }
        }
    }

    /** Counts a pod on the node chosen for it before the binding is written. */
    public void assume(String key, Pod pod, String nodeName) {
        lock.writeLock().lock();
        try {
            unnominateLocked(key); // counted as assumed now, not also as nominated (DeleteNominatedPodIfExists)
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

    /**
     * A pending pod is nominated to {@code node} (its status.nominatedNodeName, or the scheduler's own preemption
     * before that status is written); null or empty withdraws the nomination.
     */
    public void nominate(String key, Pod pod, String node) {
        lock.writeLock().lock();
        try {
            unnominateLocked(key);
            if (node != null && !node.isEmpty()) {
                nominated.computeIfAbsent(node, n -> new HashMap<>()).put(key, pod);
                nominatedNode.put(key, node);
            }
        } finally {
            lock.writeLock().unlock();
        }
    }

    /** Whether the scheduler holds a nomination for the pod. */
    public boolean nominated(String key) {
        lock.readLock().lock();
        try {
            return nominatedNode.containsKey(key);
        } finally {
            lock.readLock().unlock();
        }
    }

    private void unnominateLocked(String key) {
        String before = nominatedNode.remove(key);
        if (before != null) {
            Map<String, Pod> on = nominated.get(before);
            if (on != null) {
                on.remove(key);
                if (on.isEmpty()) {
                    nominated.remove(before);
                }
            }
        }
    }

    /** The pods nominated to a node (read under the cycle's read lock). */
    private Collection<Pod> nominatedOn(String node) {
        Map<String, Pod> on = nominated.get(node);
        return on == null ? List.of() : on.values();
    }

    /** Runs a read of the cluster (a scheduling cycle) on a consistent view. */
    public <T> T read(Function<ClusterSnapshot, T> cycle) {
        lock.readLock().lock();
        while (stale) { // checked under the read lock: no writer can make it stale while the cycle runs
            lock.readLock().unlock();
            lock.writeLock().lock();
            try {
                if (stale) {
                    reorder();
                    stale = false;
                }
                lock.readLock().lock(); // downgrade: the cycle reads while informer events wait
            } finally {
                lock.writeLock().unlock();
            }
        }
        try {
            return cycle.apply(new ClusterSnapshot(ordered, byName, namespaceLabels, imageNodes, podsWithAffinity > 0,
                    claims, volumes, this::nominatedOn));
        } finally {
            lock.readLock().unlock();
        }
    }
}
