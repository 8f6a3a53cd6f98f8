package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.LifecycleHandler;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.ContainerSpec;
import io.stevedore.api.runtime.ContainerStatus;
import io.stevedore.api.runtime.Labels;
import io.stevedore.api.runtime.RuntimeError;
import io.stevedore.api.runtime.Sandbox;
import io.stevedore.api.runtime.SandboxSpec;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * One pass of the kubelet's pod sync for one pod, as computePodActions and SyncPod do it: the
 * sandbox (a new one when it died), init containers in order, then every app container by its
 * restart policy with crash-loop back-off, probes and hooks; graceful termination of a pod being
 * deleted; then the pod's status, written only when it changed.
 */
final class PodSync {

    private static final Logger LOG = LoggerFactory.getLogger(PodSync.class);
    private static final JsonMapper JSON = new JsonMapper();

    /** What a pass asks for next: nothing, or another pass after a delay (back-off, waiting on a volume). */
    record Next(Duration after) {
        static final Next DONE = new Next(null);
    }

    private final KubeClient client;
    private final ContainerRuntime runtime;
    private final RuntimeCache cache;
    private final Probes probes;
    private final BackOff backOff;
    private final Volumes volumes;
    private final Env env;
    private final EventRecorder events;
    private final Clock clock;
    private final NodeInfo node;
    private final Map<String, Instant> startTimes = new ConcurrentHashMap<>();
    private final Map<String, String> written = new ConcurrentHashMap<>();
    /** Why containers wait, by pod UID and container name, as the last pass found it. */
    private final Map<String, Map<String, PodStatuses.Waiting>> waiting = new ConcurrentHashMap<>();
    /** Image pull failures seen once already (the next report is ImagePullBackOff). */
    private final Map<String, Boolean> pullFailed = new ConcurrentHashMap<>();

    /** The node's facts a pod needs: its name, address, DNS settings. */
    record NodeInfo(String name, String hostIp, List<String> dnsServers, List<String> dnsSearches) {
    }

    PodSync(KubeClient client, ContainerRuntime runtime, RuntimeCache cache, Probes probes, BackOff backOff,
            Volumes volumes, Env env, EventRecorder events, Clock clock, NodeInfo node) {
        this.client = client;
        this.runtime = runtime;
        this.cache = cache;
        this.probes = probes;
        this.backOff = backOff;
        this.volumes = volumes;
        this.env = env;
        this.events = events;
        this.clock = clock;
        this.node = node;
    }

    Map<String, PodStatuses.Waiting> waitingOf(String uid) {
        return waiting.getOrDefault(uid, Map.of());
    }

    /** Syncs the pod; a pod whose deletion started is stopped gracefully and then removed from the API. */
    Next sync(Pod pod) {
        String uid = pod.getMetadata().getUid();
        startTimes.putIfAbsent(uid, pod.getStatus() != null && pod.getStatus().getStartTime() != null
                ? Instant.parse(pod.getStatus().getStartTime()) : clock.instant());
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            terminate(pod);
            return Next.DONE;
        }
        String phase = pod.getStatus() == null ? null : pod.getStatus().getPhase();
        if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
            stopSandboxes(uid);
            return Next.DONE;
        }
        Map<String, PodStatuses.Waiting> why = new HashMap<>();
        Duration next = null;
        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        Sandbox sandbox = cache.sandboxes(uid).stream().findFirst().orElse(null);
        boolean terminal = false;
        try {
            if (sandbox == null || !sandbox.ready()) {
                if (sandbox != null && allDone(pod, uid, restartPolicy)) {
                    terminal = true;
                } else {
                    sandbox = newSandbox(pod, sandbox);
                }
            }
            if (!terminal) {
                Map<String, Path> vols = volumes.setUp(pod);
                next = containers(pod, sandbox, vols, restartPolicy, why);
            }
        } catch (ConfigError e) {
            String reason = e.getMessage().startsWith("MountVolume") || e.getMessage().contains("persistentvolume")
                    || e.getMessage().startsWith("hostPath") ? "FailedMount" : "CreateContainerConfigError";
            if (reason.equals("FailedMount")) {
                events.record(pod, EventRecorder.WARNING, "FailedMount", "MountVolume", e.getMessage());
                for (Container c : pod.getSpec().getContainers()) {
                    if (cache.latest(uid, c.getName()) == null) {
                        why.put(c.getName(), new PodStatuses.Waiting("ContainerCreating", null));
                    }
                }
            } else {
                events.record(pod, EventRecorder.WARNING, "Failed", "Create", "Error: " + e.getMessage());
                for (Container c : pod.getSpec().getContainers()) {
                    ContainerStatus l = cache.latest(uid, c.getName());
                    if (l == null || l.state() != ContainerStatus.State.RUNNING) {
                        why.put(c.getName(), new PodStatuses.Waiting("CreateContainerConfigError", e.getMessage()));
                    }
                }
            }
            next = Duration.ofSeconds(2);
        } catch (RuntimeError e) {
            LOG.info("pod {}/{}: {}", pod.getMetadata().getNamespace(), pod.getMetadata().getName(), e.getMessage());
            events.record(pod, EventRecorder.WARNING, "FailedCreatePodSandBox", "Create",
                    "Failed to create pod sandbox: " + e.getMessage());
            next = Duration.ofSeconds(2);
        }
        waiting.put(uid, why);
        cache.relist();
        writeStatus(pod, why, terminal);
        return new Next(next);
    }

    /** Whether a pod that may not restart (Never, or OnFailure after success) has nothing left to run. */
    private boolean allDone(Pod pod, String uid, String restartPolicy) {
        if (restartPolicy.equals("Always")) {
            return false;
        }
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus l = cache.latest(uid, c.getName());
            if (l == null || l.state() != ContainerStatus.State.EXITED) {
                return false;
            }
            if (restartPolicy.equals("OnFailure") && l.exitCode() != 0) {
                return false;
            }
        }
        return true;
    }

    private Sandbox newSandbox(Pod pod, Sandbox dead) {
        String uid = pod.getMetadata().getUid();
        int attempt = dead == null ? 0 : dead.attempt() + 1;
        for (ContainerStatus c : cache.containers(uid)) {
            if (c.state() == ContainerStatus.State.RUNNING) {
                runtime.stopContainer(c.id(), Duration.ZERO);
            }
        }
        for (Sandbox s : cache.sandboxes(uid)) {
            try {
                runtime.stopSandbox(s.id());
                runtime.removeSandbox(s.id());
            } catch (RuntimeError e) {
                LOG.debug("removing sandbox {}: {}", s.id(), e.getMessage());
            }
        }
        if (dead != null) {
            events.record(pod, EventRecorder.NORMAL, "SandboxChanged", "Sync",
                    "Pod sandbox changed, it will be killed and re-created.");
        }
        var spec = pod.getSpec();
        boolean hostNetwork = Boolean.TRUE.equals(spec.getHostNetwork());
        List<SandboxSpec.PortMapping> ports = new ArrayList<>();
        for (Container c : spec.getContainers()) {
            if (c.getPorts() != null) {
                for (ContainerPort p : c.getPorts()) {
                    if (p.getHostPort() != null && p.getHostPort() > 0) {
                        ports.add(new SandboxSpec.PortMapping(p.getProtocol() == null ? "TCP" : p.getProtocol(),
                                p.getContainerPort(), p.getHostPort(), p.getHostIP()));
                    }
                }
            }
        }
        String hostname = spec.getHostname() != null && !spec.getHostname().isEmpty() ? spec.getHostname()
                : pod.getMetadata().getName();
        List<String> dnsServers = new ArrayList<>();
        List<String> searches = new ArrayList<>();
        List<String> options = new ArrayList<>();
        if (spec.getDnsConfig() != null) {
            if (spec.getDnsConfig().getNameservers() != null) {
                dnsServers.addAll(spec.getDnsConfig().getNameservers());
            }
            if (spec.getDnsConfig().getSearches() != null) {
                searches.addAll(spec.getDnsConfig().getSearches());
            }
            if (spec.getDnsConfig().getOptions() != null) {
                spec.getDnsConfig().getOptions().forEach(o -> options.add(o.getValue() == null ? o.getName()
                        : o.getName() + ":" + o.getValue()));
            }
        }
        Map<String, String> labels = new HashMap<>();
        SandboxSpec s = new SandboxSpec(uid, pod.getMetadata().getNamespace(), pod.getMetadata().getName(), attempt,
                hostname, hostNetwork, dnsServers, searches, options, ports, labels);
        Sandbox sb = runtime.runSandbox(s);
        cache.relist();
        return sb;
    }

    private Duration containers(Pod pod, Sandbox sandbox, Map<String, Path> vols, String restartPolicy,
                                Map<String, PodStatuses.Waiting> why) throws ConfigError {
        String uid = pod.getMetadata().getUid();
        Duration next = null;
        List<Container> inits = pod.getSpec().getInitContainers() == null ? List.of()
                : pod.getSpec().getInitContainers();
        for (Container c : inits) {
            ContainerStatus l = cache.latest(uid, c.getName());
            if (l != null && l.state() == ContainerStatus.State.EXITED && l.exitCode() == 0) {
                continue;
            }
            for (Container app : pod.getSpec().getContainers()) {
                why.put(app.getName(), new PodStatuses.Waiting("PodInitializing", null));
            }
            if (l != null && l.state() == ContainerStatus.State.RUNNING) {
                return null;
            }
            if (l != null && l.state() == ContainerStatus.State.EXITED && restartPolicy.equals("Never")) {
                return null;
            }
            Duration wait = l == null ? Duration.ZERO : backOff.remaining(key(uid, c.getName()), l.finishedAt());
            if (!wait.isZero()) {
                why.put(c.getName(), crashLoop(pod, c));
                return wait;
            }
            Duration d = start(pod, sandbox, c, l, vols, why, true);
            return d;
        }
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus l = cache.latest(uid, c.getName());
            if (l != null && l.state() == ContainerStatus.State.RUNNING) {
                String restart = probes.restartReason(l.id());
                boolean changed = !Objects.equals(l.labels().get(Labels.SPEC_HASH), hash(c));
                if (restart == null && !changed) {
                    probes.ensure(io.stevedore.api.client.ObjectKeys.of(pod), l.id(), c, sandbox.ip());
                    continue;
                }
                String msg = changed ? "Container " + c.getName() + " definition changed, will be restarted"
                        : "Container " + c.getName() + " failed " + restart.split(" ")[0].toLowerCase()
                        + " probe, will be restarted";
                events.record(pod, EventRecorder.NORMAL, "Killing", "Kill", msg);
                stop(pod, c, l);
                cache.relist();
                l = cache.latest(uid, c.getName());
                if (changed) {
                    Duration d = start(pod, sandbox, c, l, vols, why, false);
                    next = min(next, d);
                    continue;
                }
            }
            if (l != null && l.state() == ContainerStatus.State.EXITED) {
                boolean restart = restartPolicy.equals("Always")
                        || restartPolicy.equals("OnFailure") && l.exitCode() != 0;
                if (!restart) {
                    continue;
                }
                Duration wait = backOff.remaining(key(uid, c.getName()), l.finishedAt());
                if (!wait.isZero()) {
                    why.put(c.getName(), crashLoop(pod, c));
                    next = min(next, wait);
                    continue;
                }
            }
            if (l == null || l.state() == ContainerStatus.State.EXITED || l.state() == ContainerStatus.State.CREATED
                    || l.state() == ContainerStatus.State.UNKNOWN) {
                Duration d = start(pod, sandbox, c, l, vols, why, false);
                next = min(next, d);
            }
        }
        return next;
    }

    private PodStatuses.Waiting crashLoop(Pod pod, Container c) {
        String uid = pod.getMetadata().getUid();
        long secs = backOff.delay(key(uid, c.getName())).toSeconds();
        String delay = secs >= 60 && secs % 60 == 0 ? (secs / 60) + "m0s" : secs >= 60 ? (secs / 60) + "m" + (secs % 60) + "s" : secs + "s";
        String msg = "back-off " + delay + " restarting failed container=" + c.getName() + " pod="
                + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace() + "(" + uid + ")";
        events.record(pod, EventRecorder.WARNING, "BackOff", "Restart", "Back-off restarting failed container "
                + c.getName() + " in pod " + pod.getMetadata().getName() + "_" + pod.getMetadata().getNamespace()
                + "(" + uid + ")");
        return new PodStatuses.Waiting("CrashLoopBackOff", msg);
    }

    private static Duration min(Duration a, Duration b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        return a.compareTo(b) <= 0 ? a : b;
    }

    static String key(String uid, String container) {
        return uid + "/" + container;
    }

    /** What restarts a running container when it changes: the image (the only mutable part of a container). */
    static String hash(Container c) {
        return Integer.toHexString(Objects.hash(c.getImage()));
    }

    private Duration start(Pod pod, Sandbox sandbox, Container c, ContainerStatus previous, Map<String, Path> vols,
                           Map<String, PodStatuses.Waiting> why, boolean init) throws ConfigError {
        String uid = pod.getMetadata().getUid();
        String policy = c.getImagePullPolicy();
        if (policy == null || policy.isEmpty()) {
            policy = c.getImage().endsWith(":latest") || !c.getImage().substring(c.getImage().lastIndexOf('/') + 1)
                    .contains(":") ? "Always" : "IfNotPresent";
        }
        var image = runtime.image(c.getImage());
        if (image.isEmpty()) {
            if (policy.equals("Never")) {
                String msg = "Container image \"" + c.getImage() + "\" is not present with pull policy of Never";
                events.record(pod, EventRecorder.WARNING, "ErrImageNeverPull", "Pull", msg);
                why.put(c.getName(), new PodStatuses.Waiting("ErrImageNeverPull", msg));
                return Duration.ofSeconds(10);
            }
            String k = key(uid, c.getName());
            boolean again = pullFailed.put(k, Boolean.TRUE) != null;
            String msg = "Failed to pull image \"" + c.getImage() + "\": the image is not present on node "
                    + node.name() + " and no registry is reachable from it";
            if (again) {
                events.record(pod, EventRecorder.NORMAL, "BackOff", "Pull", "Back-off pulling image \""
                        + c.getImage() + "\"");
                why.put(c.getName(), new PodStatuses.Waiting("ImagePullBackOff", "Back-off pulling image \""
                        + c.getImage() + "\": ErrImagePull: " + msg));
            } else {
                events.record(pod, EventRecorder.WARNING, "Failed", "Pull", msg);
                why.put(c.getName(), new PodStatuses.Waiting("ErrImagePull", msg));
            }
            return Duration.ofSeconds(10);
        }
        pullFailed.remove(key(uid, c.getName()));
        if (previous == null || !policy.equals("Always")) {
            events.record(pod, EventRecorder.NORMAL, "Pulled", "Pull", "Container image \"" + c.getImage()
                    + "\" already present on machine");
        }
        List<ContainerSpec.EnvVar> vars;
        vars = env.resolve(pod, c, sandbox.ip(), node.hostIp());
        Map<String, String> varMap = new HashMap<>();
        vars.forEach(v -> varMap.put(v.name(), v.value()));
        List<String> command = expand(c.getCommand(), varMap);
        List<String> args = expand(c.getArgs(), varMap);
        List<ContainerSpec.Mount> mounts = new ArrayList<>(Volumes.mounts(c, vols));
        int attempt = previous == null ? 0 : previous.attempt() + 1;
        Map<String, String> labels = new HashMap<>();
        labels.put(Labels.SPEC_HASH, hash(c));
        labels.put(Labels.POD_UID, uid);
        labels.put(Labels.POD_NAME, pod.getMetadata().getName());
        labels.put(Labels.POD_NAMESPACE, pod.getMetadata().getNamespace());
        ContainerSpec spec = new ContainerSpec(c.getName(), attempt, c.getImage(), command, args, c.getWorkingDir(),
                vars, mounts, resources(c), Boolean.TRUE.equals(c.getStdin()), Boolean.TRUE.equals(c.getStdinOnce()),
                Boolean.TRUE.equals(c.getTty()), labels);
        if (previous != null) {
            backOff.next(key(uid, c.getName()));
            // keep the previous instance (for logs --previous), remove older ones
            for (ContainerStatus old : cache.containers(uid)) {
                if (old.name().equals(c.getName()) && !old.id().equals(previous.id())
                        && old.state() != ContainerStatus.State.RUNNING) {
                    runtime.removeContainer(old.id());
                }
            }
        }
        String id;
        try {
            id = runtime.createContainer(sandbox.id(), spec);
        } catch (RuntimeError e) {
            events.record(pod, EventRecorder.WARNING, "Failed", "Create", "Error: " + e.getMessage());
            why.put(c.getName(), new PodStatuses.Waiting("CreateContainerError", e.getMessage()));
            return Duration.ofSeconds(10);
        }
        events.record(pod, EventRecorder.NORMAL, "Created", "Create", "Created container: " + c.getName());
        try {
            runtime.startContainer(id);
        } catch (RuntimeError e) {
            events.record(pod, EventRecorder.WARNING, "Failed", "Start", "Error: " + e.getMessage());
            why.put(c.getName(), new PodStatuses.Waiting("RunContainerError", e.getMessage()));
            backOff.next(key(uid, c.getName()));
            return Duration.ofSeconds(10);
        }
        events.record(pod, EventRecorder.NORMAL, "Started", "Start", "Started container " + c.getName());
        if (c.getLifecycle() != null && c.getLifecycle().getPostStart() != null) {
            String failure = hook(c.getLifecycle().getPostStart(), id, c, sandbox.ip());
            if (failure != null) {
                events.record(pod, EventRecorder.WARNING, "FailedPostStartHook", "Start", failure);
                runtime.stopContainer(id, Duration.ofSeconds(grace(pod)));
            }
        }
        if (!init) {
            probes.ensure(io.stevedore.api.client.ObjectKeys.of(pod), id, c, sandbox.ip());
        }
        return null;
    }

    private static List<String> expand(List<String> in, Map<String, String> vars) {
        if (in == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(in.size());
        for (String s : in) {
            out.add(Env.expand(s, vars));
        }
        return out;
    }

    /** Requests and limits as cgroup settings, as the kubelet derives them. */
    static ContainerSpec.Resources resources(Container c) {
        Map<String, Quantity> req = c.getResources() == null || c.getResources().getRequests() == null ? Map.of()
                : c.getResources().getRequests();
        Map<String, Quantity> lim = c.getResources() == null || c.getResources().getLimits() == null ? Map.of()
                : c.getResources().getLimits();
        long shares = 2;
        Quantity cpuReq = req.containsKey("cpu") ? req.get("cpu") : lim.get("cpu");
        if (cpuReq != null) {
            long milli = Quantity.getAmountInBytes(cpuReq).multiply(BigDecimal.valueOf(1000)).longValue();
            shares = Math.max(2, milli * 1024 / 1000);
        }
        long quota = 0;
        if (lim.containsKey("cpu")) {
            long milli = Quantity.getAmountInBytes(lim.get("cpu")).multiply(BigDecimal.valueOf(1000)).longValue();
            quota = Math.max(1000, milli * 100_000 / 1000);
        }
        long memory = lim.containsKey("memory") ? Quantity.getAmountInBytes(lim.get("memory")).longValue() : 0;
        return new ContainerSpec.Resources(shares, quota, 100_000, memory);
    }

    /** Runs a lifecycle hook; returns why it failed, or null. */
    private String hook(LifecycleHandler h, String containerId, Container c, String podIp) {
        try {
            if (h.getExec() != null) {
                var r = runtime.execSync(containerId, h.getExec().getCommand(), Duration.ofSeconds(30));
                return r.exitCode() == 0 ? null : "Exec lifecycle hook (" + h.getExec().getCommand()
                        + ") for Container \"" + c.getName() + "\" failed - error: command exited with " + r.exitCode()
                        + ", message: \"" + r.output().trim() + "\"";
            }
            if (h.getHttpGet() != null) {
                var g = h.getHttpGet();
                int port = g.getPort().getIntVal() != null ? g.getPort().getIntVal() : c.getPorts().stream()
                        .filter(p -> g.getPort().getStrVal().equals(p.getName())).findFirst().orElseThrow()
                        .getContainerPort();
                String host = g.getHost() == null || g.getHost().isEmpty() ? podIp : g.getHost();
                var conn = (java.net.HttpURLConnection) java.net.URI.create("http://" + host + ":" + port
                        + (g.getPath() == null ? "/" : g.getPath())).toURL().openConnection();
                conn.setConnectTimeout(5000);
                conn.setReadTimeout(30000);
                int code = conn.getResponseCode();
                conn.disconnect();
                return code >= 200 && code < 400 ? null : "HTTP lifecycle hook (" + g.getPath() + ") for Container \""
                        + c.getName() + "\" failed - error: HTTP " + code;
            }
            if (h.getSleep() != null && h.getSleep().getSeconds() != null) {
                Thread.sleep(Math.min(h.getSleep().getSeconds(), 3600) * 1000);
            }
            return null;
        } catch (Exception e) {
            return "lifecycle hook for Container \"" + c.getName() + "\" failed - error: " + e.getMessage();
        }
    }

    private void stop(Pod pod, Container c, ContainerStatus l) {
        long grace = grace(pod);
        if (c != null && c.getLifecycle() != null && c.getLifecycle().getPreStop() != null) {
            String failure = hook(c.getLifecycle().getPreStop(), l.id(), c, "");
            if (failure != null) {
                events.record(pod, EventRecorder.WARNING, "FailedPreStopHook", "Kill", failure);
            }
        }
        try {
            runtime.stopContainer(l.id(), Duration.ofSeconds(grace));
        } catch (RuntimeError e) {
            LOG.debug("stopping {}: {}", l.id(), e.getMessage());
        }
    }

    private static long grace(Pod pod) {
        Long g = pod.getMetadata().getDeletionGracePeriodSeconds();
        if (g == null) {
            g = pod.getSpec().getTerminationGracePeriodSeconds();
        }
        return g == null ? 30 : Math.max(0, g);
    }

    /** Stops the pod gracefully (preStop, SIGTERM, SIGKILL after the grace period), then deletes it for good. */
    private void terminate(Pod pod) {
        String uid = pod.getMetadata().getUid();
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ContainerStatus l : cache.containers(uid)) {
            if (l.state() == ContainerStatus.State.RUNNING) {
                Container spec = find(pod, l.name());
                events.record(pod, EventRecorder.NORMAL, "Killing", "Kill", "Stopping container " + l.name());
                stops.add(CompletableFuture.runAsync(() -> stop(pod, spec, l)));
            }
        }
        stops.forEach(CompletableFuture::join);
        stopSandboxes(uid);
        cache.relist();
        writeStatus(pod, Map.of(), true);
        try {
            client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).delete(
                    pod.getMetadata().getName(), new DeleteOptions(0L, null, uid, null, false));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    private static Container find(Pod pod, String name) {
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getName().equals(name)) {
                return c;
            }
        }
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                if (c.getName().equals(name)) {
                    return c;
                }
            }
        }
        return null;
    }

    private void stopSandboxes(String uid) {
        for (Sandbox s : cache.sandboxes(uid)) {
            if (s.ready()) {
                try {
                    runtime.stopSandbox(s.id());
                } catch (RuntimeError e) {
                    LOG.debug("stopping sandbox {}: {}", s.id(), e.getMessage());
                }
            }
        }
    }

    /** Removes everything of a pod that is gone from the API (or never belonged to this node). */
    void cleanUp(String uid) {
        for (ContainerStatus c : cache.containers(uid)) {
            try {
                if (c.state() == ContainerStatus.State.RUNNING) {
                    runtime.stopContainer(c.id(), Duration.ofSeconds(2));
                }
                runtime.removeContainer(c.id());
            } catch (RuntimeError e) {
                LOG.debug("removing container {}: {}", c.id(), e.getMessage());
            }
        }
        for (Sandbox s : cache.sandboxes(uid)) {
            try {
                runtime.stopSandbox(s.id());
            } catch (RuntimeError e) {
                LOG.debug("stopping sandbox {}: {}", s.id(), e.getMessage());
            }
            try {
                runtime.removeSandbox(s.id());
            } catch (RuntimeError e) {
                LOG.debug("removing sandbox {}: {}", s.id(), e.getMessage());
            }
        }
        volumes.tearDown(uid);
        backOff.forget(uid + "/");
        startTimes.remove(uid);
        written.remove(uid);
        waiting.remove(uid);
        pullFailed.keySet().removeIf(k -> k.startsWith(uid + "/"));
    }

    private void writeStatus(Pod pod, Map<String, PodStatuses.Waiting> why, boolean terminal) {
        String uid = pod.getMetadata().getUid();
        Sandbox sb = cache.sandboxes(uid).stream().findFirst().orElse(null);
        String ip = sb != null && sb.ready() ? sb.ip() : "";
        List<PodStatuses.Observed> init = new ArrayList<>();
        if (pod.getSpec().getInitContainers() != null) {
            for (Container c : pod.getSpec().getInitContainers()) {
                init.add(new PodStatuses.Observed(c, cache.latest(uid, c.getName()), cache.previous(uid, c.getName()),
                        why.get(c.getName()), false, false, runtime.name()));
            }
        }
        List<PodStatuses.Observed> app = new ArrayList<>();
        for (Container c : pod.getSpec().getContainers()) {
            ContainerStatus l = cache.latest(uid, c.getName());
            boolean running = l != null && l.state() == ContainerStatus.State.RUNNING && why.get(c.getName()) == null;
            app.add(new PodStatuses.Observed(c, l, cache.previous(uid, c.getName()), why.get(c.getName()),
                    running && probes.ready(l.id(), c), running && probes.started(l.id(), c), runtime.name()));
        }
        PodStatus st = PodStatuses.compute(pod, init, app, ip, node.hostIp(), sb != null && sb.ready(),
                startTimes.getOrDefault(uid, clock.instant()), terminal, clock.instant());
        ObjectNode patch = JSON.createObjectNode();
        patch.set("status", JSON.valueToTree(st));
        String body = patch.toString();
        if (body.equals(written.get(uid)) && sameAsServer(pod, st)) {
            return;
        }
        try {
            client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).patchStatus(
                    pod.getMetadata().getName(), PatchType.MERGE, body);
            written.put(uid, body);
        } catch (ApiException e) {
            if (e.code() != 404) {
                LOG.info("pod {}/{}: status update failed: {}", pod.getMetadata().getNamespace(),
                        pod.getMetadata().getName(), e.getMessage());
            }
        }
    }

    private static boolean sameAsServer(Pod pod, PodStatus st) {
        PodStatus cur = pod.getStatus();
        return cur != null && Objects.equals(cur.getPhase(), st.getPhase())
                && Objects.equals(cur.getPodIP(), st.getPodIP());
    }
}
