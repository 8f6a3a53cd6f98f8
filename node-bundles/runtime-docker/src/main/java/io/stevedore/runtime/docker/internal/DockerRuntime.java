package io.stevedore.runtime.docker.internal;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.async.ResultCallback;
import com.github.dockerjava.api.command.CreateContainerCmd;
import com.github.dockerjava.api.command.InspectContainerResponse;
import com.github.dockerjava.api.command.InspectImageResponse;
import com.github.dockerjava.api.exception.ConflictException;
import com.github.dockerjava.api.exception.NotFoundException;
import com.github.dockerjava.api.exception.NotModifiedException;
import com.github.dockerjava.api.model.Bind;
import com.github.dockerjava.api.model.Container;
import com.github.dockerjava.api.model.ContainerNetwork;
import com.github.dockerjava.api.model.ExposedPort;
import com.github.dockerjava.api.model.Frame;
import com.github.dockerjava.api.model.HostConfig;
import com.github.dockerjava.api.model.InternetProtocol;
import com.github.dockerjava.api.model.Network;
import com.github.dockerjava.api.model.PortBinding;
import com.github.dockerjava.api.model.Ports;
import com.github.dockerjava.api.model.StreamType;
import com.github.dockerjava.api.model.Volume;
import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.ContainerSpec;
import io.stevedore.api.runtime.ContainerStatus;
import io.stevedore.api.runtime.ExecResult;
import io.stevedore.api.runtime.Image;
import io.stevedore.api.runtime.Labels;
import io.stevedore.api.runtime.LogOptions;
import io.stevedore.api.runtime.RuntimeError;
import io.stevedore.api.runtime.Sandbox;
import io.stevedore.api.runtime.SandboxSpec;
import io.stevedore.api.runtime.StreamSession;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One node's pods on a Docker engine, as dockershim ran them: a sandbox container per pod (the
 * locally built pause image) on the node's bridge network, whose network and IPC namespaces the
 * pod's containers join, so they share localhost; every container labelled with its node, pod and
 * container, so the kubelet finds them again after a restart.
 */
final class DockerRuntime implements ContainerRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(DockerRuntime.class);
    static final String SANDBOX = "podsandbox";
    static final String CONTAINER = "container";

    private final DockerClient docker;
    private final String node;
    private final String network;
    private final String pauseImage;
    private final String engineVersion;
    /**
     * Inspections by container ID, with the state the listing showed when they were made: what an
     * inspection reports (start and finish times, exit code, addresses) changes only with the state, so
     * a relist inspects only containers whose state changed.
     */
    private final Map<String, Inspected> inspected = new ConcurrentHashMap<>();
    private volatile boolean pauseImagePresent;

    private record Inspected(String state, InspectContainerResponse response) {
    }
    private volatile String podCidr;
    /** Containers this runtime stopped or killed itself: their 137 is not the OOM killer's. */
    private final java.util.Set<String> stopped = ConcurrentHashMap.newKeySet();

    DockerRuntime(DockerClient docker, String node, String pauseImage) {
        this.docker = docker;
        this.node = node;
        this.network = "stevedore-" + node;
        this.pauseImage = pauseImage;
        this.engineVersion = docker.versionCmd().exec().getVersion();
    }

    @Override
    public String name() {
        return "docker";
    }

    @Override
    public String version() {
        return engineVersion;
    }

    @Override
    public Optional<String> warning() {
        return Optional.empty();
    }

    @Override
    public synchronized void configureNetwork(String cidr) {
        if (cidr.equals(podCidr)) {
            return;
        }
        String gateway = gateway(cidr);
        List<Network> existing = docker.listNetworksCmd().withNameFilter(network).exec();
        for (Network n : existing) {
            if (!n.getName().equals(network)) {
                continue;
            }
            boolean same = n.getIpam() != null && n.getIpam().getConfig() != null && n.getIpam().getConfig().stream()
                    .anyMatch(c -> cidr.equals(c.getSubnet()));
            if (same) {
                podCidr = cidr;
                return;
            }
            LOG.info("node {}: replacing Docker network {} for podCIDR {}", node, network, cidr);
            docker.removeNetworkCmd(n.getId()).exec();
        }
        for (Network n : docker.listNetworksCmd().exec()) {
            boolean overlaps = n.getIpam() != null && n.getIpam().getConfig() != null && n.getIpam().getConfig()
                    .stream().anyMatch(c -> cidr.equals(c.getSubnet()));
            if (!overlaps || n.getName().equals(network)) {
                continue;
            }
            String owner = n.getLabels() == null ? null : n.getLabels().get(Labels.NODE);
            var attached = docker.inspectNetworkCmd().withNetworkId(n.getId()).exec().getContainers();
            if (owner != null && (attached == null || attached.isEmpty())) {
                LOG.info("node {}: removing the unused pod network {} of node {}, which holds podCIDR {}", node,
                        n.getName(), owner, cidr);
                docker.removeNetworkCmd(n.getId()).exec();
            } else {
                throw new RuntimeError("podCIDR " + cidr + " is already the subnet of Docker network " + n.getName()
                        + (owner == null ? "" : " (node " + owner + " of another cluster, with running pods)")
                        + ": give this cluster another clusterCidr in io.stevedore.controllermanager.cfg");
            }
        }
        docker.createNetworkCmd().withName(network).withDriver("bridge").withCheckDuplicate(true)
                .withLabels(Map.of(Labels.NODE, node))
                .withIpam(new Network.Ipam().withConfig(new Network.Ipam.Config().withSubnet(cidr)
                        .withGateway(gateway)))
                .exec();
        podCidr = cidr;
        LOG.info("node {}: pod network {} ({}, gateway {})", node, network, cidr, gateway);
    }

    /** The first address of a CIDR, which the bridge takes. */
    static String gateway(String cidr) {
        String[] parts = cidr.split("/")[0].split("\\.");
        if (parts.length != 4) {
            throw new RuntimeError("podCIDR " + cidr + " is not an IPv4 CIDR");
        }
        return parts[0] + "." + parts[1] + "." + parts[2] + "." + (Integer.parseInt(parts[3]) + 1);
    }

    @Override
    public Optional<Image> image(String reference) {
        try {
            InspectImageResponse r = docker.inspectImageCmd(reference).exec();
            return Optional.of(new Image(reference, r.getId(), r.getSize() == null ? 0 : r.getSize()));
        } catch (NotFoundException e) {
            return Optional.empty();
        }
    }

    private synchronized void ensurePauseImage() {
        if (pauseImagePresent && image(pauseImage).isPresent()) {
            return;
        }
        if (image(pauseImage).isPresent()) {
            pauseImagePresent = true;
            return;
        }
        String name = pauseImage.contains(":") ? pauseImage : pauseImage + ":latest";
        try {
            docker.loadImageCmd(new ByteArrayInputStream(PauseImage.imageTar(name))).exec();
        } catch (IOException e) {
            throw new RuntimeError(e.getMessage(), false, e);
        }
        if (image(pauseImage).isEmpty()) {
            throw new RuntimeError("the sandbox image " + pauseImage + " could not be built");
        }
        LOG.info("built the sandbox image {} locally", pauseImage);
    }

    @Override
    public Sandbox runSandbox(SandboxSpec spec) {
        ensurePauseImage();
        if (!spec.hostNetwork() && podCidr == null) {
            throw new RuntimeError("network is not ready: the node has no podCIDR yet");
        }
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(Labels.NODE, node);
        labels.put(Labels.POD_UID, spec.podUid());
        labels.put(Labels.POD_NAME, spec.name());
        labels.put(Labels.POD_NAMESPACE, spec.namespace());
        labels.put(Labels.CONTAINER_TYPE, SANDBOX);
        labels.put(Labels.ATTEMPT, Integer.toString(spec.attempt()));
        HostConfig host = HostConfig.newHostConfig().withNetworkMode(spec.hostNetwork() ? "host" : network)
                .withIpcMode("shareable");
        if (!spec.dnsServers().isEmpty()) {
            host.withDns(spec.dnsServers());
        }
        if (!spec.dnsSearches().isEmpty()) {
            host.withDnsSearch(spec.dnsSearches());
        }
        if (!spec.dnsOptions().isEmpty()) {
            host.withDnsOptions(spec.dnsOptions());
        }
        List<ExposedPort> exposed = new ArrayList<>();
        if (!spec.ports().isEmpty() && !spec.hostNetwork()) {
            Ports ports = new Ports();
            for (SandboxSpec.PortMapping p : spec.ports()) {
                ExposedPort e = new ExposedPort(p.containerPort(), InternetProtocol.parse(p.protocol().toLowerCase()));
                exposed.add(e);
                ports.bind(e, new Ports.Binding(p.hostIp() == null || p.hostIp().isEmpty() ? null : p.hostIp(),
                        Integer.toString(p.hostPort())));
            }
            host.withPortBindings(ports);
        }
        String name = "k8s_POD_" + spec.name() + "_" + spec.namespace() + "_" + spec.podUid() + "_" + spec.attempt();
        CreateContainerCmd create = docker.createContainerCmd(pauseImage).withName(name).withLabels(labels)
                .withEntrypoint(PauseImage.entrypoint(PauseImage.nativeElf())).withHostConfig(host)
                .withExposedPorts(exposed);
        if (!spec.hostNetwork()) {
            create.withHostName(truncate(spec.hostname(), 63));
        }
        String id;
        try {
            id = create.exec().getId();
        } catch (ConflictException e) {
            // A sandbox of this name from an earlier attempt that never started: replace it.
            docker.removeContainerCmd(name).withForce(true).exec();
            id = create.exec().getId();
        }
        docker.startContainerCmd(id).exec();
        return sandbox(docker.inspectContainerCmd(id).exec());
    }

    private static String truncate(String s, int max) {
        return s.length() <= max ? s : s.substring(0, max);
    }

    private Sandbox sandbox(InspectContainerResponse r) {
        Map<String, String> labels = r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
        String ip = "";
        if (r.getNetworkSettings() != null && r.getNetworkSettings().getNetworks() != null) {
            ContainerNetwork n = r.getNetworkSettings().getNetworks().get(network);
            if (n != null && n.getIpAddress() != null) {
                ip = n.getIpAddress();
            }
        }
        boolean running = Boolean.TRUE.equals(r.getState().getRunning());
        return new Sandbox(r.getId(), labels.get(Labels.POD_UID), labels.get(Labels.POD_NAMESPACE),
                labels.get(Labels.POD_NAME), attempt(labels), running, running ? ip : "", time(r.getCreated()),
                labels);
    }

    private static int attempt(Map<String, String> labels) {
        try {
            return Integer.parseInt(labels.getOrDefault(Labels.ATTEMPT, "0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    @Override
    public void stopSandbox(String sandboxId) {
        for (ContainerStatus c : containers()) {
            if (sandboxId.equals(c.sandboxId()) && c.state() == ContainerStatus.State.RUNNING) {
                stopContainer(c.id(), Duration.ZERO);
            }
        }
        try {
            docker.killContainerCmd(sandboxId).exec();
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("sandbox " + sandboxId);
        } catch (ConflictException e) {
            // not running
        }
    }

    @Override
    public void removeSandbox(String sandboxId) {
        remove(sandboxId);
    }

    @Override
    public List<Sandbox> sandboxes() {
        List<Sandbox> out = new ArrayList<>();
        List<Container> listed = list(SANDBOX);
        java.util.Set<String> live = new java.util.HashSet<>();
        for (Container c : listed) {
            live.add(c.getId());
            InspectContainerResponse r = inspect(c);
            if (r != null) {
                out.add(sandbox(r));
            }
        }
        forgetAllBut(live, SANDBOX);
        return out;
    }

    private List<Container> list(String type) {
        return docker.listContainersCmd().withShowAll(true)
                .withLabelFilter(Map.of(Labels.NODE, node, Labels.CONTAINER_TYPE, type)).exec();
    }

    @Override
    public String createContainer(String sandboxId, ContainerSpec spec) {
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(Labels.NODE, node);
        labels.put(Labels.CONTAINER_NAME, spec.name());
        labels.put(Labels.ATTEMPT, Integer.toString(spec.attempt()));
        labels.put(Labels.CONTAINER_TYPE, CONTAINER);
        labels.put("io.stevedore.sandbox", sandboxId);
        InspectContainerResponse sb;
        try {
            sb = docker.inspectContainerCmd(sandboxId).exec();
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("sandbox " + sandboxId);
        }
        Map<String, String> sbLabels = sb.getConfig().getLabels();
        for (String k : List.of(Labels.POD_UID, Labels.POD_NAME, Labels.POD_NAMESPACE)) {
            labels.putIfAbsent(k, sbLabels.get(k));
        }
        boolean hostNetwork = "host".equals(sb.getHostConfig().getNetworkMode());
        HostConfig host = HostConfig.newHostConfig()
                .withNetworkMode(hostNetwork ? "host" : "container:" + sandboxId)
                .withIpcMode("container:" + sandboxId);
        List<Bind> binds = new ArrayList<>();
        for (ContainerSpec.Mount m : spec.mounts()) {
            binds.add(new Bind(m.hostPath(), new Volume(m.containerPath()),
                    m.readOnly() ? com.github.dockerjava.api.model.AccessMode.ro
                            : com.github.dockerjava.api.model.AccessMode.rw));
        }
        host.withBinds(binds);
        ContainerSpec.Resources r = spec.resources();
        host.withCpuShares((int) Math.max(2, r.cpuShares()));
        if (r.cpuQuotaMicros() > 0) {
            host.withCpuQuota(r.cpuQuotaMicros()).withCpuPeriod(r.cpuPeriodMicros());
        }
        if (r.memoryLimitBytes() > 0) {
            host.withMemory(r.memoryLimitBytes()).withMemorySwap(r.memoryLimitBytes());
        }
        List<String> env = new ArrayList<>();
        for (ContainerSpec.EnvVar e : spec.env()) {
            env.add(e.name() + "=" + e.value());
        }
        String name = "k8s_" + spec.name() + "_" + labels.get(Labels.POD_NAME) + "_" + labels.get(Labels.POD_NAMESPACE)
                + "_" + labels.get(Labels.POD_UID) + "_" + spec.attempt();
        CreateContainerCmd create = docker.createContainerCmd(spec.image()).withName(name).withLabels(labels)
                .withHostConfig(host).withEnv(env).withTty(spec.tty()).withStdinOpen(spec.stdin())
                .withStdInOnce(spec.stdinOnce()).withAttachStdin(spec.stdin());
        if (!spec.command().isEmpty()) {
            create.withEntrypoint(spec.command());
        }
        if (!spec.args().isEmpty()) {
            create.withCmd(spec.args());
        } else if (!spec.command().isEmpty()) {
            create.withCmd(List.of());
        }
        if (spec.workingDir() != null && !spec.workingDir().isEmpty()) {
            create.withWorkingDir(spec.workingDir());
        }
        try {
            return create.exec().getId();
        } catch (ConflictException e) {
            docker.removeContainerCmd(name).withForce(true).exec();
            return create.exec().getId();
        } catch (NotFoundException e) {
            throw new RuntimeError("image " + spec.image() + " not found", true, e);
        } catch (RuntimeException e) {
            throw new RuntimeError(message(e), false, e);
        }
    }

    private static String message(RuntimeException e) {
        String m = e.getMessage() == null ? e.toString() : e.getMessage();
        // docker-java prefixes the engine's JSON error: keep the engine's message only.
        int i = m.indexOf("\"message\":\"");
        if (i >= 0) {
            int end = m.indexOf('"', i + 11);
            if (end > i) {
                return m.substring(i + 11, end);
            }
        }
        return m.trim();
    }

    @Override
    public void startContainer(String containerId) {
        try {
            docker.startContainerCmd(containerId).exec();
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("container " + containerId);
        } catch (NotModifiedException e) {
            // already running
        } catch (RuntimeException e) {
            throw new RuntimeError(message(e), false, e);
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        stopped.add(containerId);
        try {
            if (grace.isZero() || grace.isNegative()) {
                docker.killContainerCmd(containerId).exec();
            } else {
                docker.stopContainerCmd(containerId).withTimeout((int) Math.min(Integer.MAX_VALUE,
                        Math.max(1, grace.toSeconds()))).exec();
            }
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("container " + containerId);
        } catch (NotModifiedException | ConflictException e) {
            // not running
        }
        try {
            docker.waitContainerCmd(containerId).start().awaitStatusCode(30, TimeUnit.SECONDS);
        } catch (RuntimeException e) {
            LOG.debug("waiting for {} to stop: {}", containerId, e.toString());
        }
    }

    @Override
    public void removeContainer(String containerId) {
        remove(containerId);
    }

    private void remove(String id) {
        inspected.remove(id);
        stopped.remove(id);
        try {
            docker.removeContainerCmd(id).withForce(true).withRemoveVolumes(true).exec();
        } catch (NotFoundException e) {
            // gone already
        } catch (ConflictException e) {
            // removal already in progress
        }
    }

    @Override
    public List<ContainerStatus> containers() {
        List<ContainerStatus> out = new ArrayList<>();
        List<Container> listed = list(CONTAINER);
        java.util.Set<String> live = new java.util.HashSet<>();
        for (Container c : listed) {
            live.add(c.getId());
            InspectContainerResponse r = inspect(c);
            if (r != null) {
                out.add(status(r));
            }
        }
        forgetAllBut(live, CONTAINER);
        return out;
    }

    /** The container's inspection, made again only when its listed state changed; null when it is gone. */
    private InspectContainerResponse inspect(Container c) {
        String state = c.getState() == null ? "" : c.getState();
        Inspected cached = inspected.get(c.getId());
        if (cached != null && cached.state().equals(state) && !state.equals("restarting")) {
            return cached.response();
        }
        try {
            InspectContainerResponse r = docker.inspectContainerCmd(c.getId()).exec();
            String now = r.getState().getStatus() == null ? state : r.getState().getStatus();
            inspected.put(c.getId(), new Inspected(now, r));
            return r;
        } catch (NotFoundException e) {
            inspected.remove(c.getId());
            return null;
        }
    }

    /** Drops inspections of containers of a type that are no longer listed. */
    private void forgetAllBut(java.util.Set<String> live, String type) {
        inspected.entrySet().removeIf(e -> !live.contains(e.getKey()) && type.equals(e.getValue().response()
                .getConfig().getLabels() == null ? null : e.getValue().response().getConfig().getLabels()
                .get(Labels.CONTAINER_TYPE)));
    }

    @Override
    public ContainerStatus status(String containerId) {
        try {
            return status(docker.inspectContainerCmd(containerId).exec());
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("container " + containerId);
        }
    }

    private ContainerStatus status(InspectContainerResponse r) {
        InspectContainerResponse.ContainerState s = r.getState();
        Map<String, String> labels = r.getConfig().getLabels() == null ? Map.of() : r.getConfig().getLabels();
        ContainerStatus.State state = switch (s.getStatus() == null ? "" : s.getStatus()) {
            case "created" -> ContainerStatus.State.CREATED;
            case "running", "paused", "restarting" -> ContainerStatus.State.RUNNING;
            case "exited", "dead" -> ContainerStatus.State.EXITED;
            default -> ContainerStatus.State.UNKNOWN;
        };
        int exit = s.getExitCodeLong() == null ? 0 : s.getExitCodeLong().intValue();
        String reason = null;
        String message = null;
        if (state == ContainerStatus.State.EXITED) {
            // Engines on cgroup v2 do not always report OOMKilled: a SIGKILL that nobody sent to a
            // memory-limited container is the OOM killer's.
            Long limit = r.getHostConfig() == null ? null : r.getHostConfig().getMemory();
            boolean oom = Boolean.TRUE.equals(s.getOOMKilled()) || exit == 137 && limit != null && limit > 0
                    && !stopped.contains(r.getId());
            reason = oom ? "OOMKilled" : exit == 0 ? "Completed" : "Error";
            message = s.getError() == null || s.getError().isEmpty() ? null : s.getError();
        }
        return new ContainerStatus(r.getId(), labels.get("io.stevedore.sandbox"), labels.get(Labels.CONTAINER_NAME),
                attempt(labels), state, time(r.getCreated()), time(s.getStartedAt()), time(s.getFinishedAt()), exit,
                reason, message, r.getConfig().getImage(), r.getImageId(), labels);
    }

    /** Docker's times, with its zero time ("0001-01-01T00:00:00Z") as null. */
    static Instant time(String t) {
        if (t == null || t.isEmpty() || t.startsWith("0001-")) {
            return null;
        }
        try {
            return Instant.parse(t);
        } catch (RuntimeException e) {
            return null;
        }
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        String execId;
        try {
            execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                    .withAttachStderr(true).exec().getId();
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("container " + containerId);
        } catch (ConflictException e) {
            throw new RuntimeError("container " + containerId + " is not running");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
            @Override
            public void onNext(Frame f) {
                synchronized (output) {
                    if (output.size() < 16 * 1024) {
                        output.write(f.getPayload(), 0, Math.min(f.getPayload().length, 16 * 1024 - output.size()));
                    }
                }
            }
        };
        docker.execStartCmd(execId).exec(cb);
        boolean done;
        try {
            done = cb.awaitCompletion(Math.max(1, timeout.toMillis()), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            done = false;
        }
        String text;
        synchronized (output) {
            text = output.toString(StandardCharsets.UTF_8);
        }
        if (!done) {
            closeQuietly(cb);
            return new ExecResult(-1, text, true);
        }
        return new ExecResult(execExitCode(execId), text, false);
    }

    private int execExitCode(String execId) {
        for (int i = 0; i < 50; i++) {
            var r = docker.inspectExecCmd(execId).exec();
            if (!Boolean.TRUE.equals(r.isRunning()) && r.getExitCodeLong() != null) {
                return r.getExitCodeLong().intValue();
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        return -1;
    }

    private static void closeQuietly(AutoCloseable c) {
        try {
            c.close();
        } catch (Exception e) {
            // closing anyway
        }
    }

    @Override
    public void logs(String containerId, LogOptions options, OutputStream out) throws IOException {
        var cmd = docker.logContainerCmd(containerId).withStdOut(true).withStdErr(true)
                .withTimestamps(options.timestamps()).withFollowStream(options.follow());
        if (options.tailLines() != null) {
            cmd.withTail((int) Math.min(Integer.MAX_VALUE, options.tailLines()));
        }
        if (options.since() != null) {
            cmd.withSince((int) Math.min(Integer.MAX_VALUE, options.since().getEpochSecond()));
        }
        long limit = options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes();
        IOException[] failure = new IOException[1];
        ResultCallback.Adapter<Frame> cb = new ResultCallback.Adapter<>() {
            private long written;

            @Override
            public void onNext(Frame f) {
                if (failure[0] != null || written >= limit) {
                    return;
                }
                byte[] p = f.getPayload();
                int n = (int) Math.min(p.length, limit - written);
                try {
                    out.write(p, 0, n);
                    out.flush();
                    written += n;
                    if (written >= limit) {
                        closeQuietly(this);
                    }
                } catch (IOException e) {
                    failure[0] = e;
                    closeQuietly(this);
                }
            }
        };
        try {
            cmd.exec(cb);
        } catch (NotFoundException e) {
            throw new IOException("container " + containerId + " not found", e);
        }
        try {
            cb.awaitCompletion();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            closeQuietly(cb);
        }
        if (failure[0] != null) {
            throw failure[0];
        }
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, boolean stdin, boolean tty) {
        String execId;
        try {
            execId = docker.execCreateCmd(containerId).withCmd(command.toArray(String[]::new)).withAttachStdout(true)
                    .withAttachStderr(true).withAttachStdin(stdin).withTty(tty).exec().getId();
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("container " + containerId);
        } catch (ConflictException e) {
            throw new RuntimeError("container " + containerId + " is not running");
        }
        Session s = new Session(stdin, tty);
        var start = docker.execStartCmd(execId).withTty(tty);
        if (stdin) {
            start.withStdIn(s.stdinPipe.source);
        }
        start.exec(s.callback);
        s.exitCode = () -> execExitCode(execId);
        s.resizer = (w, h) -> docker.resizeExecCmd(execId).withSize(h, w).exec();
        return s;
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        Session s = new Session(stdin, tty);
        var cmd = docker.attachContainerCmd(containerId).withStdOut(true).withStdErr(true).withFollowStream(true)
                .withLogs(false);
        if (stdin) {
            cmd.withStdIn(s.stdinPipe.source);
        }
        try {
            cmd.exec(s.callback);
        } catch (NotFoundException e) {
            throw RuntimeError.notFound("container " + containerId);
        }
        s.exitCode = () -> {
            try {
                return docker.waitContainerCmd(containerId).start().awaitStatusCode();
            } catch (RuntimeException e) {
                return -1;
            }
        };
        s.resizer = (w, h) -> docker.resizeContainerCmd(containerId).withSize(h, w).exec();
        return s;
    }

    /** An exec or attach: docker-java's callback writes the frames into pipes the caller reads. */
    private static final class Session implements StreamSession {
        final BytePipe stdinPipe;
        final BytePipe out = new BytePipe(256 * 1024);
        final BytePipe err;
        java.util.function.IntSupplier exitCode;
        java.util.function.BiConsumer<Integer, Integer> resizer;
        final ResultCallback.Adapter<Frame> callback;

        Session(boolean stdin, boolean tty) {
            this.stdinPipe = stdin ? new BytePipe(64 * 1024) : null;
            this.err = tty ? null : new BytePipe(256 * 1024);
            this.callback = new ResultCallback.Adapter<>() {
                @Override
                public void onNext(Frame f) {
                    try {
                        if (f.getStreamType() == StreamType.STDERR && err != null) {
                            err.sink.write(f.getPayload());
                        } else if (f.getStreamType() != StreamType.STDIN) {
                            out.sink.write(f.getPayload());
                        }
                    } catch (IOException e) {
                        closeQuietly(this);
                    }
                }

                @Override
                public void onComplete() {
                    finish();
                    super.onComplete();
                }

                @Override
                public void onError(Throwable t) {
                    finish();
                    super.onError(t);
                }
            };
        }

        private void finish() {
            out.closeSink();
            if (err != null) {
                err.closeSink();
            }
        }

        @Override
        public OutputStream stdin() {
            return stdinPipe == null ? null : stdinPipe.sink;
        }

        @Override
        public InputStream stdout() {
            return out.source;
        }

        @Override
        public InputStream stderr() {
            return err == null ? null : err.source;
        }

        @Override
        public void resize(int width, int height) {
            try {
                resizer.accept(width, height);
            } catch (RuntimeException e) {
                LOG.debug("resize: {}", e.toString());
            }
        }

        @Override
        public int waitFor() throws InterruptedException {
            try {
                callback.awaitCompletion();
            } catch (RuntimeException e) {
                LOG.debug("stream ended: {}", e.toString());
            }
            return exitCode.getAsInt();
        }

        @Override
        public void close() {
            if (stdinPipe != null) {
                stdinPipe.closeSink();
            }
            closeQuietly(callback);
            finish();
        }
    }

    @Override
    public void close() {
        closeQuietly(docker);
    }
}
