package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.PatchType;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Node IPAM, the range allocator ({@code pkg/controller/nodeipam}): every node gets a
 * {@code spec.podCIDR} of the configured size from the cluster CIDR (10.244.0.0/16 in /24s by
 * default), the lowest one free; a deleted node's range is free again.
 */
public final class NodeIpamController extends Controller {

    static final String COMPONENT = "node-ipam-controller";

    /** An IPv4 cluster range split into per-node ranges. */
    record Cidrs(long base, int clusterPrefix, int nodePrefix) {

        static Cidrs parse(String cluster, int nodePrefix) {
            String[] parts = cluster.trim().split("/");
            String[] octets = parts[0].split("\\.");
            if (parts.length != 2 || octets.length != 4) {
                throw new IllegalArgumentException("not an IPv4 CIDR: " + cluster);
            }
            long ip = 0;
            for (String o : octets) {
                int v = Integer.parseInt(o);
                if (v < 0 || v > 255) {
                    throw new IllegalArgumentException("not an IPv4 CIDR: " + cluster);
                }
                ip = ip << 8 | v;
            }
            int prefix = Integer.parseInt(parts[1]);
            if (prefix < 0 || prefix > 32 || nodePrefix < prefix || nodePrefix > 32) {
                throw new IllegalArgumentException("node mask /" + nodePrefix + " does not fit in " + cluster);
            }
            long mask = prefix == 0 ? 0 : (0xFFFFFFFFL << (32 - prefix)) & 0xFFFFFFFFL;
            return new Cidrs(ip & mask, prefix, nodePrefix);
        }

        int size() {
            return 1 << (nodePrefix - clusterPrefix);
        }

        String cidr(int index) {
            long ip = base + ((long) index << (32 - nodePrefix));
            return ((ip >> 24) & 255) + "." + ((ip >> 16) & 255) + "." + ((ip >> 8) & 255) + "." + (ip & 255)
                    + "/" + nodePrefix;
        }

        /** The per-node range's index, when the CIDR is one of them. */
        Optional<Integer> index(String cidr) {
            try {
                Cidrs c = parse(cidr, nodePrefix);
                long offset = c.base() - base;
                if (c.clusterPrefix() != nodePrefix || offset < 0 || offset % (1L << (32 - nodePrefix)) != 0) {
                    return Optional.empty();
                }
                long i = offset >> (32 - nodePrefix);
                return i < size() ? Optional.of((int) i) : Optional.empty();
            } catch (IllegalArgumentException e) {
                return Optional.empty();
            }
        }
    }

    private final KubeClient client;
    private final Cidrs cidrs;
    private final EventRecorder events;
    private final Lister<Node> nodes;
    /** Ranges handed out, by node: ahead of the cache, so two nodes never get the same one. */
    private final Map<Integer, String> used = new ConcurrentHashMap<>();
    private boolean scanned;

    NodeIpamController(KubeClient client, InformerFactory informers, Cidrs cidrs, EventRecorder events) {
        super(client, COMPONENT);
        this.client = client;
        this.cidrs = cidrs;
        this.events = events;
        SharedIndexInformer<Node> informer = informers.sharedIndexInformerFor(Node.class, Duration.ZERO);
        this.nodes = informer.lister();
        informer.addEventHandler(new io.stevedore.api.client.ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                observed(n);
            }

            @Override
            public void onUpdate(Node o, Node n) {
                observed(n);
            }

            @Override
            public void onDelete(Node n, boolean unknown) {
                used.values().remove(n.getMetadata().getName());
            }
        });
    }

    /** Ranges nodes already hold are taken; a node without one is queued for allocation. */
    private void observed(Node n) {
        String cidr = n.getSpec() == null ? null : n.getSpec().getPodCIDR();
        if (cidr == null || cidr.isEmpty()) {
            loop.queue().add(n.getMetadata().getName());
        } else {
            cidrs.index(cidr).ifPresent(i -> used.putIfAbsent(i, n.getMetadata().getName()));
        }
    }

    @Override
    public Result reconcile(String name) {
        Optional<Node> found = nodes.get(null, name);
        if (found.isEmpty()) {
            used.values().remove(name);
            return Result.DONE;
        }
        Node node = found.get();
        String current = node.getSpec() == null ? null : node.getSpec().getPodCIDR();
        synchronized (used) {
            if (!scanned) {
                // Once, in case event delivery is behind the synced cache: every range already held.
                nodes.list().forEach(this::observed);
                scanned = true;
            }
            if (current != null && !current.isEmpty()) {
                return Result.DONE;
            }
            Optional<Integer> mine = used.entrySet().stream().filter(e -> e.getValue().equals(name))
                    .map(Map.Entry::getKey).findFirst();
            int index = -1;
            if (mine.isPresent()) {
                index = mine.get();
            } else {
                for (int i = 0; i < cidrs.size(); i++) {
                    if (!used.containsKey(i)) {
                        index = i;
                        break;
                    }
                }
            }
            if (index < 0) {
                events.record(node, EventRecorder.NORMAL, "CIDRNotAvailable", null,
                        "Node " + name + " status is now: CIDRNotAvailable");
                return Result.requeueAfter(Duration.ofSeconds(30));
            }
            used.put(index, name);
            String cidr = cidrs.cidr(index);
            try {
                client.resources(Node.class).patch(name, PatchType.MERGE, "{\"spec\":{\"podCIDR\":\"" + cidr
                        + "\",\"podCIDRs\":[\"" + cidr + "\"]}}");
            } catch (ApiException e) {
                used.remove(index);
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return Result.DONE;
    }
}
