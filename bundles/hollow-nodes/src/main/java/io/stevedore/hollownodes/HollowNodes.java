package io.stevedore.hollownodes;

import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.ControllerLoop;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.client.RateLimitingQueue;
import io.stevedore.api.client.Reconciler;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.DeleteOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Simulated kubelets, as kubemark's hollow nodes: each registers a Node with the configured
 * capacity, renews its Lease in {@code kube-node-lease} and reports its conditions, and reports every
 * pod bound to it Running and Ready (no containers run); a pod being deleted is removed at once, as a
 * kubelet does once its containers are gone. A test and bench utility: it lets the scheduler and the
 * controllers be driven at scale on one machine. {@link #stopHeartbeats(String)} makes a node fall
 * silent, as a lost kubelet does.
 */
public final class HollowNodes implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(HollowNodes.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";

    /** What the nodes look like and how often they report. */
    public record Spec(String namePrefix, int count, String cpu, String memory, int pods, Map<String, String> labels,
                       Duration leaseRenewInterval, Duration statusUpdateInterval, int workers) {

        public static Spec of(String namePrefix, int count) {
            return new Spec(namePrefix, count, "4", "16Gi", 110, Map.of(), Duration.ofSeconds(10),
                    Duration.ofSeconds(60), 4);
        }

        public Spec withCapacity(String newCpu, String newMemory, int newPods) {
            return new Spec(namePrefix, count, newCpu, newMemory, newPods, labels, leaseRenewInterval,
                    statusUpdateInterval, workers);
        }

        public Spec withIntervals(Duration lease, Duration status) {
            return new Spec(namePrefix, count, cpu, memory, pods, labels, lease, status, workers);
        }
    }

    private final KubeClient client;
    private final Spec spec;
    private final Clock clock;
    private final List<String> names = new ArrayList<>();
    private final Set<String> silent = ConcurrentHashMap.newKeySet();
    private final Map<String, Integer> index = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> ipSequence = new ConcurrentHashMap<>();
    private final InformerFactory informers;
    private final Lister<Pod> pods;
    private final RateLimitingQueue<String> queue;
    private final ControllerLoop kubelet;
    private final ScheduledExecutorService timers;

    public HollowNodes(KubeClient client, Spec spec, Clock clock) {
        this.client = client;
        this.spec = spec;
        this.clock = clock;
        for (int i = 0; i < spec.count(); i++) {
            String name = spec.namePrefix() + i;
            names.add(name);
            index.put(name, i);
        }
        this.informers = client.newInformerFactory();
        SharedIndexInformer<Pod> informer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        this.pods = informer.lister();
        this.queue = client.newRateLimitingQueue("hollow-kubelet");
        this.kubelet = new ControllerLoop("hollow-kubelet", queue, key -> {
            syncPod(key);
            return Reconciler.Result.DONE;
        });
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                offer(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                offer(newPod);
            }
        });
        this.timers = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "hollow-nodes-heartbeat");
            t.setDaemon(true);
            return t;
        });
    }

    public List<String> nodeNames() {
        return List.copyOf(names);
    }

    /** Registers the nodes (taking over existing ones of the same name), then starts reporting. */
    public void start() throws InterruptedException {
        for (String name : names) {
            register(name);
            renewLease(name);
        }
        informers.startAllRegisteredInformers();
        informers.waitForCacheSync(Duration.ofSeconds(60));
        kubelet.start(spec.workers());
        long leaseMs = spec.leaseRenewInterval().toMillis();
        long statusMs = spec.statusUpdateInterval().toMillis();
        for (int i = 0; i < names.size(); i++) {
            String name = names.get(i);
            // Spread the nodes' reports over the interval, as independent kubelets would be.
            long offset = names.size() <= 1 ? 0 : leaseMs * i / names.size();
            timers.scheduleAtFixedRate(() -> guard(() -> renewLease(name)), leaseMs + offset, leaseMs,
                    TimeUnit.MILLISECONDS);
            timers.scheduleAtFixedRate(() -> guard(() -> reportStatus(name)), statusMs + offset, statusMs,
                    TimeUnit.MILLISECONDS);
        }
    }

    private void guard(Runnable r) {
        try {
            r.run();
        } catch (RuntimeException e) {
            LOG.debug("hollow node report failed: {}", e.toString());
        }
    }

    /** The node stops renewing its Lease and reporting status, as a lost kubelet does; its pods stay as they are. */
    public void stopHeartbeats(String node) {
        silent.add(node);
    }

    /** The node reports again, and finishes what was asked of its pods meanwhile. */
    public void resumeHeartbeats(String node) {
        if (silent.remove(node)) {
            for (Pod p : pods.list()) {
                if (p.getSpec() != null && node.equals(p.getSpec().getNodeName())) {
                    queue.add(ObjectKeys.of(p));
                }
            }
        }
    }

    private void offer(Pod pod) {
        String node = pod.getSpec() == null ? null : pod.getSpec().getNodeName();
        if (node != null && index.containsKey(node) && !silent.contains(node)) {
            queue.add(ObjectKeys.of(pod));
        }
    }

    private void syncPod(String key) {
        Optional<Pod> found = pods.get(ObjectKeys.namespace(key), ObjectKeys.name(key));
        if (found.isEmpty()) {
            return;
        }
        Pod pod = found.get();
        String node = pod.getSpec().getNodeName();
        if (node == null || !index.containsKey(node) || silent.contains(node)) {
            return;
        }
        String ns = pod.getMetadata().getNamespace();
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            try {
                client.resources(Pod.class).inNamespace(ns).delete(pod.getMetadata().getName(),
                        new DeleteOptions(0L, null, pod.getMetadata().getUid(), null, false));
            } catch (ApiException e) {
                if (e.code() != 404 && e.code() != 409) {
                    throw e;
                }
            }
            return;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Running".equals(phase) || "Succeeded".equals(phase) || "Failed".equals(phase)) {
            return;
        }
        Pod copy = client.deepCopy(pod);
        copy.setStatus(runningStatus(copy, node));
        try {
            client.resources(Pod.class).inNamespace(ns).updateStatus(copy);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    private PodStatus runningStatus(Pod pod, String node) {
        String now = time(clock.instant());
        PodStatus st = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        st.setPhase("Running");
        st.setHostIP(hostIp(node));
        st.setHostIPs(List.of(new io.fabric8.kubernetes.api.model.HostIP(hostIp(node))));
        String ip = podIp(node);
        st.setPodIP(ip);
        st.setPodIPs(List.of(new PodIP(ip)));
        st.setStartTime(now);
        st.setQosClass(st.getQosClass() == null ? "BestEffort" : st.getQosClass());
        List<PodCondition> conditions = new ArrayList<>();
        for (String type : List.of("PodReadyToStartContainers", "Initialized", "Ready", "ContainersReady",
                "PodScheduled")) {
            conditions.add(new PodConditionBuilder().withType(type).withStatus("True").withLastTransitionTime(now)
                    .build());
        }
        st.setConditions(conditions);
        List<ContainerStatus> statuses = new ArrayList<>();
        pod.getSpec().getContainers().forEach(c -> statuses.add(new ContainerStatusBuilder().withName(c.getName())
                .withImage(c.getImage()).withImageID("hollow://" + c.getImage())
                .withContainerID("hollow://" + UUID.randomUUID()).withReady(true).withStarted(true)
                .withRestartCount(0).withState(new ContainerStateBuilder().withNewRunning().withStartedAt(now)
                        .endRunning().build()).build()));
        st.setContainerStatuses(statuses);
        return st;
    }

    private String hostIp(String node) {
        int i = index.get(node);
        return "10.200." + (i / 250) + "." + (i % 250 + 1);
    }

    private String podIp(String node) {
        int i = index.get(node);
        int seq = ipSequence.computeIfAbsent(node, k -> new AtomicInteger()).incrementAndGet();
        return "10." + (64 + i / 256 % 64) + "." + (i % 256) + "." + (seq % 254 + 1);
    }

    private void register(String name) {
        Node node = new NodeBuilder().withNewMetadata().withName(name)
                .addToLabels("kubernetes.io/hostname", name).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", "amd64").addToLabels("node.stevedore.io/hollow", "true")
                .addToLabels(spec.labels()).endMetadata().build();
        try {
            client.resources(Node.class).create(node);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
        reportStatus(name);
    }

    /** Writes the node's status; a conflict (the node controller or IPAM wrote meanwhile) is retried fresh. */
    private void reportStatus(String name) {
        for (int attempt = 0; ; attempt++) {
            try {
                tryReportStatus(name);
                return;
            } catch (ApiException e) {
                if (e.code() != 409 || attempt >= 4) {
                    throw e;
                }
            }
        }
    }

    private void tryReportStatus(String name) {
        if (silent.contains(name)) {
            return;
        }
        Node node = client.resources(Node.class).get(name).orElseThrow(() -> new IllegalStateException(
                "node " + name + " is gone"));
        String now = time(clock.instant());
        Map<String, Quantity> capacity = Map.of("cpu", new Quantity(spec.cpu()), "memory", new Quantity(spec.memory()),
                "pods", new Quantity(Integer.toString(spec.pods())), "ephemeral-storage", new Quantity("100Gi"));
        List<NodeCondition> conditions = new ArrayList<>();
        conditions.add(condition("MemoryPressure", "False", "KubeletHasSufficientMemory",
                "kubelet has sufficient memory available", now, node));
        conditions.add(condition("DiskPressure", "False", "KubeletHasNoDiskPressure", "kubelet has no disk pressure",
                now, node));
        conditions.add(condition("PIDPressure", "False", "KubeletHasSufficientPID", "kubelet has sufficient PID available",
                now, node));
        conditions.add(condition("Ready", "True", "KubeletReady", "kubelet is posting ready status", now, node));
        node.setStatus(new io.fabric8.kubernetes.api.model.NodeStatusBuilder()
                .withCapacity(capacity).withAllocatable(capacity).withConditions(conditions)
                .addNewAddress().withType("InternalIP").withAddress(hostIp(name)).endAddress()
                .addNewAddress().withType("Hostname").withAddress(name).endAddress()
                .withNewNodeInfo().withArchitecture("amd64").withOperatingSystem("linux").withOsImage("Hollow")
                .withKernelVersion("hollow").withKubeletVersion("v1.32.0").withKubeProxyVersion("v1.32.0")
                .withContainerRuntimeVersion("hollow://1.0").withMachineID(name).withSystemUUID(name)
                .withBootID(name).endNodeInfo()
                .build());
        client.resources(Node.class).updateStatus(node);
    }

    private static NodeCondition condition(String type, String status, String reason, String message, String now,
                                           Node current) {
        String since = now;
        if (current.getStatus() != null && current.getStatus().getConditions() != null) {
            for (NodeCondition c : current.getStatus().getConditions()) {
                if (type.equals(c.getType()) && status.equals(c.getStatus()) && c.getLastTransitionTime() != null) {
                    since = c.getLastTransitionTime();
                }
            }
        }
        return new NodeConditionBuilder().withType(type).withStatus(status).withReason(reason).withMessage(message)
                .withLastHeartbeatTime(now).withLastTransitionTime(since).build();
    }

    private void renewLease(String name) {
        if (silent.contains(name)) {
            return;
        }
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        var leases = client.resources(Lease.class).inNamespace(LEASE_NAMESPACE);
        Optional<Lease> current = leases.get(name);
        if (current.isPresent()) {
            Lease l = current.get();
            l.getSpec().setRenewTime(now);
            l.getSpec().setHolderIdentity(name);
            leases.update(l);
            return;
        }
        Node node = client.resources(Node.class).get(name).orElseThrow();
        Lease lease = new LeaseBuilder().withNewMetadata().withName(name).withNamespace(LEASE_NAMESPACE)
                .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(name)
                .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata()
                .withNewSpec().withHolderIdentity(name).withLeaseDurationSeconds(40).withRenewTime(now).endSpec()
                .build();
        try {
            leases.create(lease);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    private static String time(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }

    /** Stops reporting; with {@code deregister}, deletes the nodes (and so, through the collector, their leases). */
    public void close(boolean deregister) {
        timers.shutdownNow();
        kubelet.close();
        informers.stopAllRegisteredInformers();
        if (deregister) {
            for (String name : names) {
                try {
                    client.resources(Node.class).delete(name);
                } catch (ApiException e) {
                    LOG.debug("deregistering {}: {}", name, e.getMessage());
                }
            }
        }
    }

    @Override
    public void close() {
        close(false);
    }
}
