package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerImage;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the scheduler knows about one node: the Node, the pods bound (or assumed) to it and what they
 * request, the host ports they use and the images the node reports. Changed only by the cache, under its lock.
 */
public final class NodeInfo {

    /** A host port in use: protocol, host IP ("0.0.0.0" for all) and port. */
    public record HostPort(String protocol, String ip, int port) {
        public boolean conflicts(HostPort other) {
            return port == other.port && protocol.equals(other.protocol)
                    && (ip.equals(other.ip) || ip.equals(ANY_IP) || other.ip.equals(ANY_IP));
        }
    }

    static final String ANY_IP = "0.0.0.0";

    private final String name;
    private Node node;
    private Resources allocatable = new Resources();
    private final Map<String, Pod> pods = new LinkedHashMap<>();
    private final Map<String, PodAccount> accounts = new LinkedHashMap<>();
    private final Resources requested = new Resources();
    private final Resources nonZeroRequested = new Resources();
    private final List<HostPort> usedPorts = new ArrayList<>();
    private final Map<String, Pod> podsWithAffinity = new LinkedHashMap<>();
    private Map<String, Long> imageSizes = Map.of();

    NodeInfo(String name) {
        this.name = name;
    }

    public String name() {
        return name;
    }

    /** The Node, or null while only pods bound to a node not (yet) seen are known. */
    public Node node() {
        return node;
    }

    public Resources allocatable() {
        return allocatable;
    }

    public Resources requested() {
        return requested;
    }

    public Resources nonZeroRequested() {
        return nonZeroRequested;
    }

    public Collection<Pod> pods() {
        return pods.values();
    }

    public int podCount() {
        return pods.size();
    }

    /** The pods on the node with pod affinity or anti-affinity terms. */
    public Collection<Pod> podsWithAffinity() {
        return podsWithAffinity.values();
    }

    public List<HostPort> usedPorts() {
        return usedPorts;
    }

    /** Size in bytes of each image the node reports, under every name it is known by. */
    public Map<String, Long> imageSizes() {
        return imageSizes;
    }

    public Map<String, String> labels() {
        return node == null || node.getMetadata().getLabels() == null ? Map.of() : node.getMetadata().getLabels();
    }

    void setNode(Node n) {
        node = n;
        allocatable = Resources.of(n.getStatus() == null ? null
                : n.getStatus().getAllocatable() != null && !n.getStatus().getAllocatable().isEmpty()
                ? n.getStatus().getAllocatable() : n.getStatus().getCapacity());
        Map<String, Long> images = new HashMap<>();
        if (n.getStatus() != null && n.getStatus().getImages() != null) {
            for (ContainerImage image : n.getStatus().getImages()) {
                long size = image.getSizeBytes() == null ? 0 : image.getSizeBytes();
                for (String imageName : image.getNames() == null ? List.<String>of() : image.getNames()) {
                    images.put(normalizedImageName(imageName), size);
                }
            }
        }
        imageSizes = images;
    }

    /** The Node was deleted while pods are still counted on it: it takes no new pods. */
    void setNodeGone() {
        node = null;
    }

    /** What a pod takes on its node, computed once per version of the pod. */
    record PodAccount(Pod pod, Resources requested, Resources nonZeroRequested, List<HostPort> ports,
                      boolean affinity) {

        static PodAccount of(Pod pod) {
            return new PodAccount(pod, Resources.requests(pod, false), Resources.requests(pod, true), hostPorts(pod),
                    hasPodAffinity(pod));
        }
    }

    void addPod(String key, Pod pod) {
        add(key, PodAccount.of(pod));
    }

    /** Counts a pod on the node (replacing its earlier version); returns the replaced account, if any. */
    PodAccount add(String key, PodAccount account) {
        PodAccount old = removePod(key);
        pods.put(key, account.pod());
        accounts.put(key, account);
        requested.add(account.requested());
        nonZeroRequested.add(account.nonZeroRequested());
        usedPorts.addAll(account.ports());
        if (account.affinity()) {
            podsWithAffinity.put(key, account.pod());
        }
        return old;
    }

    /** Stops counting a pod; returns its account, or null when it was not counted here. */
    PodAccount removePod(String key) {
        PodAccount old = accounts.remove(key);
        if (old == null) {
            return null;
        }
        pods.remove(key);
        podsWithAffinity.remove(key);
        requested.subtract(old.requested());
        nonZeroRequested.subtract(old.nonZeroRequested());
        for (HostPort p : old.ports()) {
            usedPorts.remove(p);
        }
        return old;
    }

    boolean isEmpty() {
        return node == null && pods.isEmpty();
    }

    public static boolean hasPodAffinity(Pod pod) {
        var a = pod.getSpec() == null ? null : pod.getSpec().getAffinity();
        return a != null && (a.getPodAffinity() != null || a.getPodAntiAffinity() != null);
    }

    /** A copy for a what-if run (preemption): same node, same pods, its own accounting. */
    NodeInfo copy() {
        NodeInfo c = new NodeInfo(name);
        c.node = node;
        c.allocatable = allocatable;
        c.imageSizes = imageSizes;
        accounts.forEach(c::add);
        return c;
    }

    /** The host ports a pod asks for (containers' ports with a hostPort), with Kubernetes' defaults. */
    public static List<HostPort> hostPorts(Pod pod) {
        List<HostPort> out = new ArrayList<>();
        if (pod.getSpec() == null) {
            return out;
        }
        List<Container> all = new ArrayList<>(pod.getSpec().getContainers() == null ? List.of()
                : pod.getSpec().getContainers());
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if ("Always".equals(c.getRestartPolicy())) {
                    all.add(c);
                }
            }
        }
        for (Container c : all) {
            for (ContainerPort p : c.getPorts() == null ? List.<ContainerPort>of() : c.getPorts()) {
                if (p.getHostPort() != null && p.getHostPort() > 0) {
                    String ip = p.getHostIP() == null || p.getHostIP().isEmpty() ? ANY_IP : p.getHostIP();
                    String protocol = p.getProtocol() == null || p.getProtocol().isEmpty() ? "TCP" : p.getProtocol();
                    out.add(new HostPort(protocol, ip, p.getHostPort()));
                }
            }
        }
        return out;
    }

    /** An image name with its implied tag ("busybox" is "busybox:latest"), as ImageLocality compares them. */
    public static String normalizedImageName(String image) {
        int slash = image.lastIndexOf('/');
        String last = image.substring(slash + 1);
        if (!last.contains(":") && !last.contains("@")) {
            return image + ":latest";
        }
        return image;
    }
}
