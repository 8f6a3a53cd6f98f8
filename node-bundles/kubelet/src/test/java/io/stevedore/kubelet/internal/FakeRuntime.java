package io.stevedore.kubelet.internal;

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
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/** An in-memory runtime for the kubelet's unit tests: containers run until the test ends them; every action is recorded. */
final class FakeRuntime implements ContainerRuntime {

    final List<String> actions = new CopyOnWriteArrayList<>();
    final Map<String, Sandbox> sandboxes = new ConcurrentHashMap<>();
    final Map<String, ContainerStatus> containers = new ConcurrentHashMap<>();
    final Map<String, Duration> stopGrace = new ConcurrentHashMap<>();
    final Set<String> images = ConcurrentHashMap.newKeySet();
    private final AtomicInteger ids = new AtomicInteger();
    volatile String cidr;

    FakeRuntime() {
        images.add("busybox");
    }

    @Override
    public String name() {
        return "fake";
    }

    @Override
    public String version() {
        return "1.0";
    }

    @Override
    public Optional<String> warning() {
        return Optional.empty();
    }

    @Override
    public void configureNetwork(String podCidr) {
        cidr = podCidr;
    }

    @Override
    public Optional<Image> image(String reference) {
        return images.contains(reference) ? Optional.of(new Image(reference, "sha256:" + reference, 1)) : Optional.empty();
    }

    @Override
    public Sandbox runSandbox(SandboxSpec spec) {
        String id = "sb" + ids.incrementAndGet();
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(Labels.POD_UID, spec.podUid());
        Sandbox s = new Sandbox(id, spec.podUid(), spec.namespace(), spec.name(), spec.attempt(), true,
                "10.244.0." + ids.get(), Instant.now(), labels);
        sandboxes.put(id, s);
        actions.add("runSandbox " + spec.name() + " " + spec.attempt());
        return s;
    }

    @Override
    public void stopSandbox(String sandboxId) {
        Sandbox s = sandboxes.get(sandboxId);
        if (s == null) {
            throw RuntimeError.notFound(sandboxId);
        }
        sandboxes.put(sandboxId, new Sandbox(s.id(), s.podUid(), s.namespace(), s.name(), s.attempt(), false, "",
                s.createdAt(), s.labels()));
        actions.add("stopSandbox " + s.name());
    }

    @Override
    public void removeSandbox(String sandboxId) {
        Sandbox s = sandboxes.remove(sandboxId);
        if (s != null) {
            actions.add("removeSandbox " + s.name());
        }
    }

    @Override
    public List<Sandbox> sandboxes() {
        return new ArrayList<>(sandboxes.values());
    }

    @Override
    public String createContainer(String sandboxId, ContainerSpec spec) {
        String id = "c" + ids.incrementAndGet();
        Map<String, String> labels = new HashMap<>(spec.labels());
        labels.put(Labels.CONTAINER_NAME, spec.name());
        containers.put(id, new ContainerStatus(id, sandboxId, spec.name(), spec.attempt(),
                ContainerStatus.State.CREATED, Instant.now(), null, null, 0, null, null, spec.image(),
                "sha256:" + spec.image(), labels));
        actions.add("create " + spec.name() + " " + spec.attempt());
        return id;
    }

    @Override
    public void startContainer(String containerId) {
        ContainerStatus c = containers.get(containerId);
        containers.put(containerId, with(c, ContainerStatus.State.RUNNING, 0, null));
        actions.add("start " + c.name() + " " + c.attempt());
    }

    private static ContainerStatus with(ContainerStatus c, ContainerStatus.State state, int exit, String reason) {
        Instant now = Instant.now();
        return new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), state, c.createdAt(),
                state == ContainerStatus.State.RUNNING ? now : c.startedAt(),
                state == ContainerStatus.State.EXITED ? now : null, exit, reason, null, c.image(), c.imageId(),
                c.labels());
    }

    /** The container's process ends with this code. */
    void exit(String containerId, int code) {
        ContainerStatus c = containers.get(containerId);
        containers.put(containerId, with(c, ContainerStatus.State.EXITED, code, code == 0 ? "Completed" : "Error"));
    }

    /** The newest container of a name. */
    ContainerStatus latest(String name) {
        return containers.values().stream().filter(c -> c.name().equals(name))
                .max(java.util.Comparator.comparingInt(ContainerStatus::attempt)).orElse(null);
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        ContainerStatus c = containers.get(containerId);
        if (c == null) {
            throw RuntimeError.notFound(containerId);
        }
        stopGrace.put(containerId, grace);
        if (c.state() == ContainerStatus.State.RUNNING) {
            containers.put(containerId, with(c, ContainerStatus.State.EXITED, 137, "Error"));
        }
        actions.add("stop " + c.name() + " " + grace.toSeconds());
    }

    @Override
    public void removeContainer(String containerId) {
        ContainerStatus c = containers.remove(containerId);
        if (c != null) {
            actions.add("remove " + c.name() + " " + c.attempt());
        }
    }

    @Override
    public List<ContainerStatus> containers() {
        return new ArrayList<>(containers.values());
    }

    @Override
    public ContainerStatus status(String containerId) {
        ContainerStatus c = containers.get(containerId);
        if (c == null) {
            throw RuntimeError.notFound(containerId);
        }
        return c;
    }

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        return new ExecResult(command.contains("fail") ? 1 : 0, "", false);
    }

    @Override
    public void logs(String containerId, LogOptions options, OutputStream out) throws IOException {
        out.write(("log of " + containerId + "\n").getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, boolean stdin, boolean tty) {
        throw new RuntimeError("not in the fake");
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        throw new RuntimeError("not in the fake");
    }

    @Override
    public void close() {
    }
}
