package io.stevedore.apiserver.internal.streams;

import io.stevedore.api.runtime.KubeletStreams;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * The kubelets the API server routes pod streams to, by node name. A node served twice (a kubelet bundle
 * being updated) is served by the newest registration until it goes.
 */
public final class Kubelets {

    private final Map<String, Deque<KubeletStreams>> byNode = new HashMap<>();

    /** The node a kubelet service serves: its {@value KubeletStreams#NODE_PROPERTY} property, else its own word. */
    public static String nodeOf(KubeletStreams kubelet, Map<String, ?> properties) {
        Object node = properties == null ? null : properties.get(KubeletStreams.NODE_PROPERTY);
        if (node instanceof String s && !s.isEmpty()) {
            return s;
        }
        return kubelet.nodeName();
    }

    public synchronized void add(String node, KubeletStreams kubelet) {
        Deque<KubeletStreams> all = byNode.computeIfAbsent(node, n -> new ArrayDeque<>());
        all.remove(kubelet);
        all.addFirst(kubelet);
    }

    public synchronized void remove(String node, KubeletStreams kubelet) {
        Deque<KubeletStreams> all = byNode.get(node);
        if (all != null && all.remove(kubelet) && all.isEmpty()) {
            byNode.remove(node);
        }
    }

    /** Forgets a kubelet under whatever node it was added (its node property may have changed since). */
    public synchronized void removeEverywhere(KubeletStreams kubelet) {
        byNode.values().removeIf(all -> all.remove(kubelet) && all.isEmpty());
    }

    /** The kubelet of a node, or null when none serves it. */
    public synchronized KubeletStreams get(String node) {
        Deque<KubeletStreams> all = byNode.get(node);
        return all == null ? null : all.peekFirst();
    }
}
