package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.fabric8.kubernetes.api.model.NodeConditionBuilder;
import io.fabric8.kubernetes.api.model.NodeStatus;
import io.fabric8.kubernetes.api.model.NodeStatusBuilder;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.authentication.TokenRequest;
import io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.coordination.v1.LeaseBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.ControllerLoop;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.client.RateLimitingQueue;
import io.stevedore.api.client.Reconciler;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.RuntimeError;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The kubelet of one node: registers the Node, renews its Lease, reports node status (a PATCH
 * every 10 s when it changed, at least every 5 min), and runs the pods bound to it through the
 * container runtime: a pod sync per pod on a work queue, a relist of the runtime every second (the
 * pod lifecycle event generator), and a sweep that removes what no pod owns. On start it adopts
 * the containers the runtime already runs for its pods.
 */
public final class Kubelet implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Kubelet.class);
    static final String LEASE_NAMESPACE = "kube-node-lease";
    static final String VERSION = "v1.32.0";
    private static final JsonMapper JSON = new JsonMapper();

    /** The kubelet's settings. */
    public record Settings(String nodeName, String nodeIp, Path dataDir, Path memoryDir, int maxPods,
                           Duration leaseRenew, int leaseDurationSeconds, Duration statusUpdate,
                           Duration statusReport, Duration relist, int workers, Map<String, String> labels) {
    }

    private final KubeClient client;
    private final ContainerRuntime runtime;
    private final Settings settings;
    private final Clock clock;
    private final RuntimeCache cache;
    private final ScheduledExecutorService timers;
    private final ScheduledExecutorService probeTimers;
    private final EventRecorder events;
    private final Probes probes;
    private final BackOff backOff;
    private final io.stevedore.api.client.InformerFactory informers;
    private final SharedIndexInformer<Pod> podInformer;
    private final Lister<Pod> pods;
    private final Lister<ConfigMap> configMaps;
    private final Lister<Secret> secrets;
    private final RateLimitingQueue<String> queue;
    private final ControllerLoop loop;
    private final PodSync sync;
    private final Volumes volumes;
    private final Map<String, String> uidByKey = new ConcurrentHashMap<>();
    private final Map<String, TokenCache> tokens = new ConcurrentHashMap<>();
    private volatile String lastStatus;
    private volatile Instant lastStatusAt = Instant.EPOCH;
    private volatile String podCidr;
    private volatile String networkProblem = "network is not ready: the node has no podCIDR yet";
    private volatile Instant lastRelist;
    /** How long the runtime may go unlisted before the node turns NotReady (the kubelet's PLEG threshold). */
    static final Duration PLEG_THRESHOLD = Duration.ofMinutes(3);

    private record TokenCache(String token, Instant refreshAt) {
    }

    public Kubelet(KubeClient client, ContainerRuntime runtime, Settings settings, Clock clock) {
        this.client = client;
        this.runtime = runtime;
        this.settings = settings;
        this.clock = clock;
        this.cache = new RuntimeCache(runtime);
        this.timers = Executors.newScheduledThreadPool(2, daemon("kubelet-" + settings.nodeName()));
        this.probeTimers = Executors.newScheduledThreadPool(2, daemon("kubelet-prober-" + settings.nodeName()));
        this.events = EventRecorder.background(client, "kubelet", settings.nodeName(), clock, 2, 4096);
        this.queue = client.newRateLimitingQueue("kubelet-" + settings.nodeName());
        this.backOff = new BackOff(clock, BackOff.INITIAL, BackOff.MAX);
        this.informers = client.newInformerFactory();
        this.podInformer = client.resources(Pod.class).inAnyNamespace().withField("spec.nodeName", settings.nodeName())
                .informer(Duration.ZERO);
        this.pods = podInformer.lister();
        this.probes = new Probes(runtime, probeTimers, change -> {
            if (!change.success()) {
                this.pods.get(ObjectKeys.namespace(change.podKey()), ObjectKeys.name(change.podKey())).ifPresent(p ->
                        events.record(p, EventRecorder.WARNING, "Unhealthy", "Probe", kindName(change.kind())
                                + " probe failed: " + change.message()));
            }
            queue.add(change.podKey());
        });
        SharedIndexInformer<ConfigMap> cmInformer = informers.sharedIndexInformerFor(ConfigMap.class, Duration.ZERO);
        SharedIndexInformer<Secret> secretInformer = informers.sharedIndexInformerFor(Secret.class, Duration.ZERO);
        this.configMaps = cmInformer.lister();
        this.secrets = secretInformer.lister();
        var pvcs = client.resources(PersistentVolumeClaim.class);
        var pvs = client.resources(PersistentVolume.class);
        this.volumes = new Volumes(settings.dataDir().resolve("pods"), settings.memoryDir(),
                (ns, n) -> configMaps.get(ns, n), (ns, n) -> secrets.get(ns, n),
                (ns, n) -> pvcs.inNamespace(ns).get(n), pvs::get, this::token);
        Env env = new Env((ns, n) -> configMaps.get(ns, n), (ns, n) -> secrets.get(ns, n));
        this.sync = new PodSync(client, runtime, cache, probes, backOff, volumes, env, events, clock,
                new PodSync.NodeInfo(settings.nodeName(), settings.nodeIp(), List.of(), List.of()));
        this.loop = new ControllerLoop("kubelet-" + settings.nodeName(), queue, this::syncKey);
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                uidByKey.put(ObjectKeys.of(pod), pod.getMetadata().getUid());
                queue.add(ObjectKeys.of(pod));
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                uidByKey.put(ObjectKeys.of(newPod), newPod.getMetadata().getUid());
                if (!Objects.equals(oldPod.getMetadata().getGeneration(), newPod.getMetadata().getGeneration())
                        || !Objects.equals(oldPod.getMetadata().getDeletionTimestamp(),
                        newPod.getMetadata().getDeletionTimestamp())
                        || oldPod.getStatus() == null || !Objects.equals(oldPod.getStatus().getPhase(),
                        newPod.getStatus() == null ? null : newPod.getStatus().getPhase())) {
                    queue.add(ObjectKeys.of(newPod));
                }
            }

            @Override
            public void onDelete(Pod pod, boolean unknownFinalState) {
                queue.add(ObjectKeys.of(pod));
            }
        });
        ResourceEventHandler<io.fabric8.kubernetes.api.model.HasMetadata> refs = new ResourceEventHandler<>() {
            @Override
            public void onUpdate(io.fabric8.kubernetes.api.model.HasMetadata o, io.fabric8.kubernetes.api.model.HasMetadata n) {
                for (Pod p : pods.list()) {
                    if (p.getMetadata().getNamespace().equals(n.getMetadata().getNamespace())) {
                        queue.add(ObjectKeys.of(p));
                    }
                }
            }

            @Override
            public void onAdd(io.fabric8.kubernetes.api.model.HasMetadata n) {
                onUpdate(n, n);
            }
        };
        cmInformer.addEventHandler(cast(refs));
        secretInformer.addEventHandler(cast(refs));
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static <T> ResourceEventHandler<T> cast(ResourceEventHandler h) {
        return h;
    }

    private static String kindName(Probes.Kind k) {
        return switch (k) {
            case STARTUP -> "Startup";
            case READINESS -> "Readiness";
            case LIVENESS -> "Liveness";
        };
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    public String nodeName() {
        return settings.nodeName();
    }

    ContainerRuntime runtime() {
        return runtime;
    }

    /** When the runtime was last listed successfully. */
    Instant lastRelist() {
        Instant t = lastRelist;
        return t == null ? Instant.EPOCH : t;
    }

    RuntimeCache cache() {
        return cache;
    }

    Lister<Pod> pods() {
        return pods;
    }

    PodSync podSync() {
        return sync;
    }

    /** Registers the node, syncs the caches, adopts what runs, and starts the loops. */
    public void start() throws InterruptedException {
        register();
        renewLease();
        informers.startAllRegisteredInformers();
        podInformer.start();
        if (!informers.waitForCacheSync(Duration.ofSeconds(60)) || !podInformer.waitForCacheSync(Duration.ofSeconds(60))) {
            throw new IllegalStateException("kubelet " + settings.nodeName() + ": caches did not sync in 60 s");
        }
        try {
            cache.relist();
            lastRelist = clock.instant();
        } catch (RuntimeException e) {
            LOG.warn("kubelet {}: cannot list the runtime yet: {}", settings.nodeName(), e.toString());
        }
        sweep();
        loop.start(settings.workers());
        long leaseMs = settings.leaseRenew().toMillis();
        timers.scheduleWithFixedDelay(guard(this::renewLease), leaseMs, leaseMs, TimeUnit.MILLISECONDS);
        long statusMs = settings.statusUpdate().toMillis();
        timers.scheduleWithFixedDelay(guard(this::reportStatus), statusMs, statusMs, TimeUnit.MILLISECONDS);
        long relistMs = settings.relist().toMillis();
        timers.scheduleWithFixedDelay(guard(this::relist), relistMs, relistMs, TimeUnit.MILLISECONDS);
        timers.scheduleWithFixedDelay(guard(this::sweep), 10_000, 10_000, TimeUnit.MILLISECONDS);
        LOG.info("kubelet {} started on the {} runtime {}", settings.nodeName(), runtime.name(), runtime.version());
    }

    private Runnable guard(Runnable r) {
        return () -> {
            try {
                r.run();
            } catch (RuntimeException e) {
                LOG.debug("kubelet {}: {}", settings.nodeName(), e.toString());
            }
        };
    }

    private Reconciler.Result syncKey(String key) {
        Optional<Pod> found = pods.get(ObjectKeys.namespace(key), ObjectKeys.name(key));
        if (found.isEmpty()) {
            String uid = uidByKey.remove(key);
            if (uid != null) {
                sync.cleanUp(uid);
            }
            return Reconciler.Result.DONE;
        }
        Pod pod = found.get();
        String uid = pod.getMetadata().getUid();
        String before = uidByKey.put(key, uid);
        if (before != null && !before.equals(uid)) {
            sync.cleanUp(before);
        }
        PodSync.Next next = sync.sync(client.deepCopy(pod));
        if (next.after() != null) {
            queue.addAfter(key, next.after().isZero() ? Duration.ofMillis(100) : next.after());
        }
        return Reconciler.Result.DONE;
    }

    /** The pod lifecycle event generator: pods whose containers changed sync again. */
    private void relist() {
        cache.relist();
        lastRelist = clock.instant();
        Set<String> changed = cache.drainChanged();
        if (changed.isEmpty()) {
            return;
        }
        Set<String> running = new HashSet<>();
        for (String uid : cache.podUids()) {
            cache.containers(uid).forEach(c -> {
                if (c.state() == io.stevedore.api.runtime.ContainerStatus.State.RUNNING) {
                    running.add(c.id());
                }
            });
        }
        probes.retain(running);
        for (Pod p : pods.list()) {
            if (changed.contains(p.getMetadata().getUid())) {
                queue.add(ObjectKeys.of(p));
            }
        }
    }

    /** Removes sandboxes and containers of pods this node does not run (deleted while the kubelet was down). */
    private void sweep() {
        Set<String> known = new HashSet<>();
        for (Pod p : pods.list()) {
            known.add(p.getMetadata().getUid());
        }
        for (String uid : cache.podUids()) {
            if (!known.contains(uid) && !uidByKey.containsValue(uid)) {
                LOG.info("kubelet {}: removing containers of pod {}, which no longer runs here", settings.nodeName(),
                        uid);
                sync.cleanUp(uid);
            }
        }
    }

    private String token(String ns, String sa, String audience, long expirationSeconds, Pod pod) throws ConfigError {
        String key = ns + "/" + sa + "/" + audience + "/" + expirationSeconds + "/" + pod.getMetadata().getUid();
        TokenCache t = tokens.get(key);
        if (t != null && clock.instant().isBefore(t.refreshAt())) {
            return t.token();
        }
        TokenRequestBuilder b = new TokenRequestBuilder().withNewSpec().withExpirationSeconds(expirationSeconds)
                .withNewBoundObjectRef().withApiVersion("v1").withKind("Pod").withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).endBoundObjectRef().endSpec();
        if (audience != null && !audience.isEmpty()) {
            b.editSpec().withAudiences(audience).endSpec();
        }
        try {
            TokenRequest r = client.resources(io.fabric8.kubernetes.api.model.ServiceAccount.class).inNamespace(ns)
                    .createSubresource(sa, "token", b.build(), TokenRequest.class);
            String token = r.getStatus().getToken();
            tokens.put(key, new TokenCache(token, clock.instant().plusSeconds(expirationSeconds * 8 / 10)));
            return token;
        } catch (ApiException e) {
            throw new ConfigError("failed to fetch token: " + e.getMessage());
        }
    }

    // ------------------------------------------------------------------ node

    private void register() {
        Node node = new NodeBuilder().withNewMetadata().withName(settings.nodeName())
                .addToLabels("kubernetes.io/hostname", settings.nodeName()).addToLabels("kubernetes.io/os", "linux")
                .addToLabels("kubernetes.io/arch", arch()).addToLabels("beta.kubernetes.io/os", "linux")
                .addToLabels("beta.kubernetes.io/arch", arch()).addToLabels(settings.labels())
                .addToAnnotations("volumes.kubernetes.io/controller-managed-attach-detach", "true")
                .endMetadata().build();
        try {
            client.resources(Node.class).create(node);
            LOG.info("kubelet {}: registered the node", settings.nodeName());
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
        reportStatus();
    }

    static String arch() {
        String a = System.getProperty("os.arch", "amd64");
        return switch (a) {
            case "x86_64", "amd64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> a;
        };
    }

    /** Node status from real measurements; written when it changed, or when the last report is 5 min old. */
    void reportStatus() {
        Node current = client.resources(Node.class).get(settings.nodeName()).orElse(null);
        if (current == null) {
            register();
            return;
        }
        String cidr = current.getSpec() == null ? null : current.getSpec().getPodCIDR();
        if (cidr != null && !cidr.equals(podCidr)) {
            try {
                runtime.configureNetwork(cidr);
                podCidr = cidr;
                networkProblem = null;
            } catch (RuntimeException e) {
                networkProblem = "network is not ready: " + e.getMessage();
                LOG.warn("kubelet {}: {}", settings.nodeName(), networkProblem);
            }
        }
        NodeStatus st = status(current);
        ObjectNode patch = JSON.createObjectNode();
        patch.set("status", JSON.valueToTree(st));
        String fingerprint = fingerprint(st);
        Instant now = clock.instant();
        if (fingerprint.equals(lastStatus) && Duration.between(lastStatusAt, now).compareTo(settings.statusReport()) < 0) {
            return;
        }
        client.resources(Node.class).patchStatus(settings.nodeName(), PatchType.STRATEGIC_MERGE, patch.toString());
        lastStatus = fingerprint;
        lastStatusAt = now;
    }

    private static String fingerprint(NodeStatus st) {
        NodeStatus copy = JSON.convertValue(st, NodeStatus.class);
        copy.getConditions().forEach(c -> c.setLastHeartbeatTime(null));
        return JSON.valueToTree(copy).toString();
    }

    private NodeStatus status(Node current) {
        String now = PodStatuses.time(clock.instant());
        long memTotal = NodeStats.memoryTotalBytes();
        long disk = NodeStats.diskTotalBytes(settings.dataDir());
        Map<String, Quantity> capacity = Map.of(
                "cpu", new Quantity(Integer.toString(Runtime.getRuntime().availableProcessors())),
                "memory", new Quantity((memTotal / 1024) + "Ki"),
                "pods", new Quantity(Integer.toString(settings.maxPods())),
                "ephemeral-storage", new Quantity((disk / 1024) + "Ki"));
        Map<String, Quantity> allocatable = Map.of(
                "cpu", capacity.get("cpu"),
                "memory", new Quantity((Math.max(0, memTotal - 100L * 1024 * 1024) / 1024) + "Ki"),
                "pods", capacity.get("pods"),
                "ephemeral-storage", new Quantity((disk * 9 / 10 / 1024) + "Ki"));
        long memAvail = NodeStats.memoryAvailableBytes();
        long diskAvail = NodeStats.diskAvailableBytes(settings.dataDir());
        boolean memPressure = memAvail < 100L * 1024 * 1024;
        boolean diskPressure = disk > 0 && diskAvail < disk / 10;
        boolean pidPressure = NodeStats.processes() > NodeStats.pidMax() * 9 / 10;
        List<NodeCondition> conds = new ArrayList<>();
        conds.add(cond(current, "MemoryPressure", memPressure, memPressure ? "KubeletHasInsufficientMemory"
                : "KubeletHasSufficientMemory", memPressure ? "kubelet has insufficient memory available"
                : "kubelet has sufficient memory available", now));
        conds.add(cond(current, "DiskPressure", diskPressure, diskPressure ? "KubeletHasDiskPressure"
                : "KubeletHasNoDiskPressure", diskPressure ? "kubelet has disk pressure" : "kubelet has no disk pressure",
                now));
        conds.add(cond(current, "PIDPressure", pidPressure, pidPressure ? "KubeletHasInsufficientPID"
                : "KubeletHasSufficientPID", pidPressure ? "kubelet has insufficient PID available"
                : "kubelet has sufficient PID available", now));
        String problem = networkProblem;
        Instant seen = lastRelist;
        if (seen != null && Duration.between(seen, clock.instant()).compareTo(PLEG_THRESHOLD) > 0) {
            problem = "PLEG is not healthy: pleg was last seen active "
                    + Duration.between(seen, clock.instant()).toSeconds() + "s ago; threshold is 3m0s";
        }
        String readyMessage = "kubelet is posting ready status";
        if (runtime.warning().isPresent()) {
            readyMessage += ". WARNING: " + runtime.warning().get();
        }
        conds.add(problem == null ? cond(current, "Ready", true, "KubeletReady", readyMessage, now)
                : cond(current, "Ready", false, "KubeletNotReady", problem.startsWith("PLEG") ? problem
                : "container runtime network not ready: " + problem, now));
        String machineId = NodeStats.read(Path.of("/etc/machine-id"), settings.nodeName());
        return new NodeStatusBuilder().withCapacity(capacity).withAllocatable(allocatable).withConditions(conds)
                .addNewAddress().withType("InternalIP").withAddress(settings.nodeIp()).endAddress()
                .addNewAddress().withType("Hostname").withAddress(settings.nodeName()).endAddress()
                .withNewNodeInfo().withArchitecture(arch()).withOperatingSystem("linux")
                .withOsImage(NodeStats.osImage())
                .withKernelVersion(NodeStats.read(Path.of("/proc/sys/kernel/osrelease"), System.getProperty("os.version")))
                .withKubeletVersion(VERSION).withKubeProxyVersion(VERSION)
                .withContainerRuntimeVersion(runtime.name() + "://" + runtime.version()).withMachineID(machineId)
                .withSystemUUID(NodeStats.read(Path.of("/sys/class/dmi/id/product_uuid"), machineId))
                .withBootID(NodeStats.read(Path.of("/proc/sys/kernel/random/boot_id"), ""))
                .endNodeInfo().build();
    }

    private static NodeCondition cond(Node current, String type, boolean on, String reason, String message,
                                      String now) {
        String status = on ? "True" : "False";
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

    private void renewLease() {
        ZonedDateTime now = ZonedDateTime.ofInstant(clock.instant().truncatedTo(ChronoUnit.MICROS), ZoneOffset.UTC);
        var leases = client.resources(Lease.class).inNamespace(LEASE_NAMESPACE);
        Optional<Lease> current = leases.get(settings.nodeName());
        if (current.isPresent()) {
            Lease l = current.get();
            l.getSpec().setRenewTime(now);
            l.getSpec().setHolderIdentity(settings.nodeName());
            l.getSpec().setLeaseDurationSeconds(settings.leaseDurationSeconds());
            leases.update(l);
            return;
        }
        Node node = client.resources(Node.class).get(settings.nodeName()).orElseThrow();
        Lease lease = new LeaseBuilder().withNewMetadata().withName(settings.nodeName()).withNamespace(LEASE_NAMESPACE)
                .addNewOwnerReference().withApiVersion("v1").withKind("Node").withName(settings.nodeName())
                .withUid(node.getMetadata().getUid()).endOwnerReference().endMetadata()
                .withNewSpec().withHolderIdentity(settings.nodeName())
                .withLeaseDurationSeconds(settings.leaseDurationSeconds()).withRenewTime(now).endSpec().build();
        try {
            leases.create(lease);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    /** Stops the loops; containers keep running (a restarted kubelet adopts them). */
    @Override
    public void close() {
        timers.shutdownNow();
        loop.close();
        probes.close();
        probeTimers.shutdownNow();
        podInformer.stop();
        informers.stopAllRegisteredInformers();
        events.close();
        runtime.close();
    }
}
