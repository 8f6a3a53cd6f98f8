package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.SharedIndexInformer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Node health ({@code pkg/controller/nodelifecycle}): a node whose kubelet has renewed neither its
 * Lease in {@code kube-node-lease} nor its status for the grace period has its conditions set to
 * Unknown ("Kubelet stopped posting node status."), and its pods marked not ready; the node's Ready
 * condition is mirrored in taints: {@code node.kubernetes.io/not-ready} or {@code
 * node.kubernetes.io/unreachable} with NoSchedule and NoExecute (what the taint-eviction loop acts
 * on), and a cordoned node gets {@code node.kubernetes.io/unschedulable:NoSchedule}. Heartbeats are
 * judged by when this controller saw them change, never by the kubelet's clock.
 */
public final class NodeLifecycleController extends Controller {

    static final String COMPONENT = "node-controller";
    static final String NOT_READY = "node.kubernetes.io/not-ready";
    static final String UNREACHABLE = "node.kubernetes.io/unreachable";
    static final String UNSCHEDULABLE = "node.kubernetes.io/unschedulable";
    private static final Set<String> MANAGED = Set.of(NOT_READY, UNREACHABLE, UNSCHEDULABLE);
    static final List<String> KUBELET_CONDITIONS = List.of("Ready", "MemoryPressure", "DiskPressure", "PIDPressure");

    /** Settings: how often every node is looked at, and how long a silent node stays Ready. */
    public record Settings(Duration monitorPeriod, Duration gracePeriod) {
    }

    /** What was last seen of a node's heartbeats, and when this controller saw it change. */
    private record Health(String leaseRenew, String heartbeat, Instant probe) {
    }

    private final KubeClient client;
    private final Settings settings;
    private final EventRecorder events;
    private final Clock clock;
    private final Lister<Node> nodes;
    private final Lister<Lease> leases;
    private final Lister<Pod> pods;
    private final Map<String, Health> health = new ConcurrentHashMap<>();
    private final ScheduledExecutorService monitor;

    NodeLifecycleController(KubeClient client, InformerFactory informers, Settings settings, EventRecorder events,
                            Clock clock) {
        super(client, COMPONENT);
        this.client = client;
        this.settings = settings;
        this.events = events;
        this.clock = clock;
        SharedIndexInformer<Node> nodeInformer = informers.sharedIndexInformerFor(Node.class, Duration.ZERO);
        SharedIndexInformer<Lease> leaseInformer = informers.sharedIndexInformerFor(Lease.class, Duration.ZERO);
        this.nodes = nodeInformer.lister();
        this.leases = leaseInformer.lister();
        this.pods = PodsByNode.informer(informers).lister();
        nodeInformer.addEventHandler(enqueueByName(n -> health.remove(n.getMetadata().getName())));
        this.monitor = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "node-controller-monitor");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    void start(int workers) {
        super.start(workers);
        long period = settings.monitorPeriod().toMillis();
        monitor.scheduleAtFixedRate(() -> nodes.list().forEach(n -> loop.queue().add(n.getMetadata().getName())),
                period, period, TimeUnit.MILLISECONDS);
    }

    @Override
    public void close() {
        monitor.shutdownNow();
        super.close();
    }

    @Override
    public Result reconcile(String name) {
        Optional<Node> found = nodes.get(null, name);
        if (found.isEmpty()) {
            health.remove(name);
            return Result.DONE;
        }
        // The cached node is shared: it is copied only when this pass writes.
        Node node = found.get();
        Instant now = clock.instant();
        String leaseRenew = leases.get("kube-node-lease", name).map(l -> l.getSpec() == null
                || l.getSpec().getRenewTime() == null ? null : l.getSpec().getRenewTime().toString()).orElse(null);
        String heartbeat = condition(node, "Ready").map(NodeCondition::getLastHeartbeatTime).orElse(null);
        Health h = health.compute(name, (k, old) -> old == null || !Objects.equals(old.leaseRenew(), leaseRenew)
                || !Objects.equals(old.heartbeat(), heartbeat) ? new Health(leaseRenew, heartbeat, now) : old);
        String readyBefore = condition(node, "Ready").map(NodeCondition::getStatus).orElse("Unknown");
        if (now.isAfter(h.probe().plus(settings.gracePeriod())) && !"Unknown".equals(readyBefore)) {
            node = client.deepCopy(node);
            markUnknown(node, now);
            events.record(node, EventRecorder.NORMAL, "NodeNotReady", null,
                    "Node " + name + " status is now: NodeNotReady");
        }
        String ready = condition(node, "Ready").map(NodeCondition::getStatus).orElse("Unknown");
        syncTaints(node, ready, now);
        if (!"True".equals(ready)) {
            markPodsNotReady(name, now);
        }
        // Look again just after the grace period would run out.
        Duration left = Duration.between(now, h.probe().plus(settings.gracePeriod()));
        return left.isNegative() ? Result.DONE : Result.requeueAfter(left.plusMillis(100));
    }

    private static Optional<NodeCondition> condition(Node node, String type) {
        if (node.getStatus() == null || node.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return node.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private void markUnknown(Node node, Instant now) {
        String t = Times.format(now);
        List<NodeCondition> conditions = new ArrayList<>();
        List<NodeCondition> current = node.getStatus() == null || node.getStatus().getConditions() == null
                ? List.of() : node.getStatus().getConditions();
        for (String type : KUBELET_CONDITIONS) {
            Optional<NodeCondition> c = current.stream().filter(x -> type.equals(x.getType())).findFirst();
            if (c.isEmpty()) {
                conditions.add(new NodeConditionBuilder().withType(type).withStatus("Unknown")
                        .withReason("NodeStatusNeverUpdated").withMessage("Kubelet never posted node status.")
                        .withLastHeartbeatTime(node.getMetadata().getCreationTimestamp()).withLastTransitionTime(t)
                        .build());
            } else if (!"Unknown".equals(c.get().getStatus())) {
                conditions.add(new NodeConditionBuilder(c.get()).withStatus("Unknown").withReason("NodeStatusUnknown")
                        .withMessage("Kubelet stopped posting node status.").withLastTransitionTime(t).build());
            } else {
                conditions.add(c.get());
            }
        }
        current.stream().filter(c -> !KUBELET_CONDITIONS.contains(c.getType())).forEach(conditions::add);
        if (node.getStatus() == null) {
            node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatus());
        }
        node.getStatus().setConditions(conditions);
        Node updated = client.resources(Node.class).updateStatus(node);
        node.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
    }

    /** The taints that mirror the node's Ready condition and cordon; others are left as they are. */
    private void syncTaints(Node node, String ready, Instant now) {
        List<Taint> desired = new ArrayList<>();
        switch (ready) {
            case "True" -> { }
            case "False" -> {
                desired.add(new Taint("NoSchedule", NOT_READY, null, null));
                desired.add(new Taint("NoExecute", NOT_READY, null, null));
            }
            default -> {
                desired.add(new Taint("NoSchedule", UNREACHABLE, null, null));
                desired.add(new Taint("NoExecute", UNREACHABLE, null, null));
            }
        }
        if (node.getSpec() != null && Boolean.TRUE.equals(node.getSpec().getUnschedulable())) {
            desired.add(new Taint("NoSchedule", UNSCHEDULABLE, null, null));
        }
        List<Taint> current = node.getSpec() == null || node.getSpec().getTaints() == null ? List.of()
                : node.getSpec().getTaints();
        List<Taint> next = new ArrayList<>();
        for (Taint t : current) {
            if (!MANAGED.contains(t.getKey())) {
                next.add(t);
            }
        }
        for (Taint d : desired) {
            Optional<Taint> same = current.stream().filter(t -> d.getKey().equals(t.getKey())
                    && d.getEffect().equals(t.getEffect())).findFirst();
            if (same.isPresent()) {
                next.add(same.get());
            } else {
                // NoExecute taints carry when they were added: tolerationSeconds count from then.
                next.add(new Taint(d.getEffect(), d.getKey(), "NoExecute".equals(d.getEffect())
                        ? Times.format(now) : null, null));
            }
        }
        if (sameTaints(current, next)) {
            return;
        }
        Node copy = client.deepCopy(node);
        if (copy.getSpec() == null) {
            copy.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
        }
        copy.getSpec().setTaints(next);
        try {
            client.resources(Node.class).update(copy);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private static boolean sameTaints(List<Taint> a, List<Taint> b) {
        if (a.size() != b.size()) {
            return false;
        }
        for (Taint t : a) {
            if (b.stream().noneMatch(x -> Objects.equals(x.getKey(), t.getKey())
                    && Objects.equals(x.getEffect(), t.getEffect()) && Objects.equals(x.getValue(), t.getValue()))) {
                return false;
            }
        }
        return true;
    }

    /** Pods on a node that is not ready stop being ready, so Services stop sending them traffic. */
    private void markPodsNotReady(String nodeName, Instant now) {
        for (Pod pod : pods.byIndex(PodsByNode.INDEX, nodeName)) {
            if (!Pods.isReady(pod) || pod.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            Pod copy = client.deepCopy(pod);
            for (PodCondition c : copy.getStatus().getConditions()) {
                if ("Ready".equals(c.getType())) {
                    c.setStatus("False");
                    c.setLastTransitionTime(Times.format(now));
                }
            }
            try {
                client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).updateStatus(copy);
            } catch (ApiException e) {
                if (e.code() != 404 && e.code() != 409) {
                    throw e;
                }
            }
        }
    }
}
