package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.ContainerSpec;
import io.stevedore.api.runtime.ContainerStatus;
import io.stevedore.api.runtime.ContainerStatus.State;
import io.stevedore.api.runtime.ExecResult;
import io.stevedore.api.runtime.Image;
import io.stevedore.api.runtime.Labels;
import io.stevedore.api.runtime.LogOptions;
import io.stevedore.api.runtime.RuntimeError;
import io.stevedore.api.runtime.Sandbox;
import io.stevedore.api.runtime.SandboxSpec;
import io.stevedore.api.runtime.StreamSession;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The process runtime: a pod's containers run as plain host processes, isolated from nothing (like
 * Nomad's {@code raw_exec}). Everything it knows is kept under its data directory (see
 * {@link StateDir}), so a new instance on the same directory, after Karaf restarted or was killed,
 * finds every sandbox and container again, re-attaches to the processes still running and reports
 * the others with the exit code their wrapper recorded (see {@link Launcher}); a pid is only taken
 * for a container's while its start time and the boot match what was recorded.
 * <ul>
 *   <li><b>Images</b>: there are none. Every reference is "present" with the ID
 *       {@code process://REF}; the image is ignored, the container's command and args are what runs,
 *       looked up on the host's {@code PATH} (image {@code busybox} with command {@code sh -c ...}
 *       runs the host's {@code sh}).</li>
 *   <li><b>Sandboxes</b> are a directory and a state file. Each gets a loopback address of
 *       127.42.0.0/16 as its pod IP (127.0.0.1 with hostNetwork), unique among the ready sandboxes
 *       and released when the sandbox stops; there is no network to configure and host ports need
 *       no publishing. Containers of different pods still share the host's ports.</li>
 *   <li><b>Containers</b> run in their {@code workingDir} when that exists on the host, else in their
 *       own directory, {@code STEVEDORE_ROOT}. Their environment is the spec's, plus {@code PATH}
 *       (the host's), {@code HOME} ({@code STEVEDORE_ROOT}), {@code HOSTNAME} and {@code POD_IP}
 *       where the spec sets none, and {@code STEVEDORE_ROOT}.</li>
 *   <li><b>Mounts</b> cannot be bind mounts: each volume is a symbolic link
 *       {@code $STEVEDORE_ROOT/<containerPath without its leading slash>} to its host path, so a
 *       program finds its volumes relative to {@code STEVEDORE_ROOT} (absolute container paths do not
 *       exist). {@code readOnly} is not enforced.</li>
 *   <li><b>Resources</b> are not limited: there are no cgroups, and no {@code OOMKilled}.</li>
 *   <li><b>Stopping</b> sends SIGTERM to the command's process group, then SIGKILL after the grace
 *       period; a container exits "Completed" with code 0, else "Error" (137 when killed by SIGKILL).
 *       A container whose process is gone without a recorded exit (the host rebooted, its wrapper was
 *       killed) is {@code UNKNOWN} with exit code 255 and reason "Unknown".</li>
 *   <li><b>Logs</b> are one file of stdout and stderr together, in order. It has no time per line:
 *       {@code timestamps} prefixes every line with the container's start time, and {@code since}
 *       goes by the file's last modification (a known approximation, see {@link Logs}).</li>
 *   <li><b>Exec</b> runs the command as a host process with the container's environment and working
 *       directory; without a pty ({@code tty} merges stderr into stdout, resizing does nothing).
 *       exec'd processes are the JVM's children, not in the container's process group.</li>
 *   <li><b>Attach</b> gives the main process's output from now on (its log, followed; stdout and
 *       stderr merged, {@link StreamSession#stderr()} null) and, for a container created with
 *       {@code stdin}, its input: the command reads stdin from a FIFO that stays open between attaches
 *       and is closed after the first attach for {@code stdinOnce}.</li>
 *   <li>{@link #close()} stops nothing: the containers outlive the kubelet.</li>
 * </ul>
 */
final class ProcessRuntime implements ContainerRuntime {

    static final String NAME = "process";
    static final String WARNING = "process runtime: containers run as host processes without isolation";
    static final String HOST_NETWORK_IP = "127.0.0.1";
    static final int MAX_EXEC_OUTPUT = 16 * 1024;
    static final String DEFAULT_PATH = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";

    private static final Logger LOG = LoggerFactory.getLogger(ProcessRuntime.class);
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final File DEV_NULL = new File("/dev/null");
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration KILL_WAIT = Duration.ofSeconds(30);

    private final String nodeName;
    private final String version;
    private final StateDir dir;
    private final LoopbackAddresses addresses;
    private final Launcher launcher;
    private final String hostPath;
    private final Map<String, SandboxState> sandboxes = new ConcurrentHashMap<>();
    private final Map<String, ContainerState> containers = new ConcurrentHashMap<>();
    /** Exited containers' statuses: an exit record never changes. */
    private final Map<String, ContainerStatus> exited = new ConcurrentHashMap<>();
    private final Object lock = new Object();
    private volatile boolean closed;

    ProcessRuntime(String nodeName, Path dataDir, String version, Path setsid) {
        dataDir = dataDir.toAbsolutePath().normalize(); // the wrapper runs elsewhere: its paths must be absolute
        this.nodeName = nodeName;
        this.version = version;
        this.dir = new StateDir(dataDir);
        this.addresses = new LoopbackAddresses(dataDir.resolve("last-ip"));
        this.launcher = new Launcher(setsid);
        String path = System.getenv("PATH");
        this.hostPath = path == null || path.isBlank() ? DEFAULT_PATH : path;
        for (SandboxState s : dir.loadSandboxes()) {
            sandboxes.put(s.id(), s);
            dir.loadContainers(s.id()).forEach(c -> containers.put(c.id(), c));
        }
        long running = containers().stream().filter(c -> c.state() == State.RUNNING).count();
        LOG.info("Process runtime for node {} in {}: {} sandboxes, {} containers ({} running)", nodeName, dataDir,
                sandboxes.size(), containers.size(), running);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return version;
    }

    @Override
    public Optional<String> warning() {
        return Optional.of(WARNING);
    }

    /** Nothing to do: pod addresses are loopback addresses of 127.42.0.0/16, not of the pod CIDR. */
    @Override
    public void configureNetwork(String podCidr) {
    }

    @Override
    public Optional<Image> image(String reference) {
        return Optional.of(new Image(reference, imageId(reference), 0));
    }

    static String imageId(String reference) {
        return NAME + "://" + reference;
    }

    // Sandboxes

    @Override
    public Sandbox runSandbox(SandboxSpec spec) {
        Map<String, String> labels = new LinkedHashMap<>();
        labels.put(Labels.NODE, nodeName);
        labels.put(Labels.POD_UID, spec.podUid());
        labels.put(Labels.POD_NAMESPACE, spec.namespace());
        labels.put(Labels.POD_NAME, spec.name());
        putAll(labels, spec.labels());
        synchronized (lock) {
            Set<String> inUse = sandboxes.values().stream().filter(s -> s.ready() && !s.hostNetwork())
                    .map(SandboxState::ip).collect(Collectors.toSet());
            String ip = spec.hostNetwork() ? HOST_NETWORK_IP : addresses.allocate(inUse);
            String hostname = spec.hostname() == null || spec.hostname().isBlank() ? spec.name() : spec.hostname();
            SandboxState s = new SandboxState(newId(), spec.podUid(), spec.namespace(), spec.name(), spec.attempt(),
                    hostname, spec.hostNetwork(), true, ip, Instant.now(), labels);
            save(s);
            sandboxes.put(s.id(), s);
            LOG.debug("Sandbox {} for pod {}/{} at {}", s.id(), s.namespace(), s.name(), ip);
            return s.toSandbox();
        }
    }

    @Override
    public void stopSandbox(String sandboxId) {
        sandbox(sandboxId);
        containersOf(sandboxId).forEach(c -> stop(c, Duration.ZERO));
        synchronized (lock) {
            SandboxState s = sandbox(sandboxId);
            if (s.ready()) {
                SandboxState stopped = s.stopped();
                save(stopped);
                sandboxes.put(sandboxId, stopped);
            }
        }
    }

    @Override
    public void removeSandbox(String sandboxId) {
        sandbox(sandboxId);
        containersOf(sandboxId).forEach(c -> stop(c, Duration.ZERO));
        synchronized (lock) {
            sandbox(sandboxId);
            containersOf(sandboxId).forEach(c -> {
                containers.remove(c.id());
                exited.remove(c.id());
            });
            sandboxes.remove(sandboxId);
            delete(dir.sandboxDir(sandboxId));
        }
    }

    @Override
    public List<Sandbox> sandboxes() {
        return sandboxes.values().stream().sorted(Comparator.comparing(SandboxState::createdAt))
                .map(SandboxState::toSandbox).toList();
    }

    // Containers

    @Override
    public String createContainer(String sandboxId, ContainerSpec spec) {
        List<String> argv = new ArrayList<>();
        argv.addAll(spec.command() == null ? List.of() : spec.command());
        argv.addAll(spec.args() == null ? List.of() : spec.args());
        if (argv.isEmpty()) {
            throw new RuntimeError("process runtime: container " + spec.name() + " has no command");
        }
        synchronized (lock) {
            SandboxState s = sandbox(sandboxId);
            if (!s.ready()) {
                throw new RuntimeError("process runtime: sandbox " + sandboxId + " is not ready");
            }
            String id = newId();
            Path root = dir.rootDir(sandboxId, id);
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new RuntimeError("process runtime: cannot create " + root + ": " + e.getMessage(), false, e);
            }
            HostFiles.linkMounts(root, spec.mounts() == null ? List.of() : spec.mounts());
            Path workingDir = root;
            if (spec.workingDir() != null && !spec.workingDir().isBlank()) {
                Path w = Path.of(spec.workingDir());
                if (w.isAbsolute() && Files.isDirectory(w)) {
                    workingDir = w;
                }
            }
            Map<String, String> env = new LinkedHashMap<>();
            for (ContainerSpec.EnvVar e : spec.env() == null ? List.<ContainerSpec.EnvVar>of() : spec.env()) {
                env.put(e.name(), e.value() == null ? "" : e.value());
            }
            env.putIfAbsent("PATH", hostPath);
            env.putIfAbsent("HOME", root.toString());
            env.putIfAbsent("HOSTNAME", s.hostname());
            env.putIfAbsent("POD_IP", s.ip());
            env.put("STEVEDORE_ROOT", root.toString());
            Map<String, String> labels = new LinkedHashMap<>();
            labels.put(Labels.NODE, nodeName);
            labels.put(Labels.POD_UID, s.podUid());
            labels.put(Labels.POD_NAMESPACE, s.namespace());
            labels.put(Labels.POD_NAME, s.name());
            labels.put(Labels.CONTAINER_NAME, spec.name());
            labels.put(Labels.ATTEMPT, Integer.toString(spec.attempt()));
            putAll(labels, spec.labels());
            ContainerState c = new ContainerState(id, sandboxId, spec.name(), spec.attempt(), spec.image(), argv, env,
                    workingDir.toString(), spec.stdin(), spec.stdinOnce(), spec.tty(), labels, Instant.now(), null,
                    null, null);
            save(c);
            containers.put(id, c);
            return id;
        }
    }

    @Override
    public void startContainer(String containerId) {
        ContainerState created = container(containerId);
        if (created.startedAt() != null) {
            throw new RuntimeError("process runtime: container " + containerId + " was already started");
        }
        List<String> argv = new ArrayList<>(created.argv());
        argv.set(0, HostFiles.executable(argv.get(0), created.env().getOrDefault("PATH", DEFAULT_PATH),
                Path.of(created.workingDir())));
        Instant at = Instant.now();
        ContainerState starting = created.started(at, null, null);
        if (!containers.replace(containerId, created, starting)) {
            throw new RuntimeError("process runtime: container " + containerId + " is being started or removed");
        }
        ContainerState[] current = {starting};
        try {
            Launcher.Launched launched = launcher.launch(argv, created.env(), Path.of(created.workingDir()),
                    dir.logFile(created), dir.pidFile(created), dir.exitFile(created),
                    created.stdin() ? dir.stdinFifo(created) : null, dir.stdinKeeperFile(created),
                    wrapper -> current[0] = update(current[0], created.started(at, wrapper, null)));
            update(current[0], created.started(at, launched.wrapper(), launched.command()));
        } catch (RuntimeError e) {
            if (current[0] == starting) {
                containers.replace(containerId, starting, created); // nothing ran
            } else {
                recordExit(created, 128); // the wrapper ran but could not start the command
            }
            throw e;
        }
    }

    @Override
    public void stopContainer(String containerId, Duration grace) {
        stop(container(containerId), grace == null ? Duration.ZERO : grace);
    }

    @Override
    public void removeContainer(String containerId) {
        ContainerState c = container(containerId);
        stop(c, Duration.ZERO);
        synchronized (lock) {
            containers.remove(containerId);
            exited.remove(containerId);
            delete(dir.containerDir(c));
        }
    }

    @Override
    public List<ContainerStatus> containers() {
        return containers.values().stream().sorted(Comparator.comparing(ContainerState::createdAt))
                .map(this::status).toList();
    }

    @Override
    public ContainerStatus status(String containerId) {
        return status(container(containerId));
    }

    // Streams

    @Override
    public ExecResult execSync(String containerId, List<String> command, Duration timeout) {
        ContainerState c = running(containerId);
        Path output = null;
        Process p = null;
        try {
            output = Files.createTempFile(dir.containerDir(c), "exec-", ".out");
            p = execBuilder(c, command).redirectInput(DEV_NULL).redirectOutput(output.toFile())
                    .redirectErrorStream(true).start();
            if (timeout == null || timeout.isZero() || timeout.isNegative()) {
                p.waitFor(); // CRI: no timeout
            } else if (!p.waitFor(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
                killTree(p);
                return new ExecResult(-1, head(output), true);
            }
            return new ExecResult(p.exitValue(), head(output), false);
        } catch (IOException e) {
            throw new RuntimeError("process runtime: exec in " + containerId + ": " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            killTree(p);
            Thread.currentThread().interrupt();
            throw new RuntimeError("process runtime: interrupted waiting for exec in " + containerId, false, e);
        } finally {
            if (output != null) {
                try {
                    Files.deleteIfExists(output);
                } catch (IOException e) {
                    LOG.debug("Cannot delete {}: {}", output, e.toString());
                }
            }
        }
    }

    @Override
    public void logs(String containerId, LogOptions options, OutputStream out) throws IOException {
        ContainerState c = container(containerId);
        Instant stamp = c.startedAt() != null ? c.startedAt() : c.createdAt();
        Logs.write(dir.logFile(c), options == null ? LogOptions.ALL : options, stamp, () -> isRunning(containerId),
                out);
    }

    @Override
    public StreamSession exec(String containerId, List<String> command, boolean stdin, boolean tty) {
        ContainerState c = running(containerId);
        ProcessBuilder pb = execBuilder(c, command).redirectErrorStream(tty);
        if (!stdin) {
            pb.redirectInput(DEV_NULL);
        }
        try {
            return new ProcessSession(pb.start(), stdin, tty);
        } catch (IOException e) {
            throw new RuntimeError("process runtime: exec in " + containerId + ": " + e.getMessage(), false, e);
        }
    }

    @Override
    public StreamSession attach(String containerId, boolean stdin, boolean tty) {
        ContainerState c = running(containerId);
        Path log = dir.logFile(c);
        long offset;
        try {
            offset = Files.exists(log) ? Files.size(log) : 0;
        } catch (IOException e) {
            throw new RuntimeError("process runtime: cannot read the log of " + containerId, false, e);
        }
        InputStream out = new FileFollower(log, offset, true, () -> isRunning(containerId), Logs.POLL);
        OutputStream in = stdin && c.stdin()
                ? new FifoInput(dir.stdinFifo(c), () -> stdinKeeper(containerId).isPresent(),
                        c.stdinOnce() ? () -> closeStdin(containerId) : null)
                : null;
        return new AttachSession(out, in, () -> awaitExit(containerId));
    }

    /** Stops nothing and forgets nothing: the containers run on, and a new instance finds them again. */
    @Override
    public void close() {
        closed = true;
    }

    // Status

    private ContainerStatus status(ContainerState c) {
        ContainerStatus done = exited.get(c.id());
        if (done != null) {
            return done;
        }
        if (c.startedAt() == null) {
            return status(c, State.CREATED, null, 0, null, null);
        }
        Optional<Exit> exit = readExit(c);
        if (exit.isEmpty() && c.wrapper() == null && c.command() == null) {
            return status(c, State.CREATED, null, 0, null, null); // being started
        }
        if (exit.isEmpty()) {
            if (processAlive(c)) {
                return status(c, State.RUNNING, null, 0, null, null);
            }
            exit = readExit(c); // it may have ended since the first look
        }
        if (exit.isEmpty()) {
            return status(c, State.UNKNOWN, null, 255, "Unknown",
                    "process runtime: the container's process is gone and recorded no exit code");
        }
        Exit e = exit.get();
        ContainerStatus s = status(c, State.EXITED, e.at(), e.code(), e.code() == 0 ? "Completed" : "Error", null);
        exited.put(c.id(), s);
        return s;
    }

    private ContainerStatus status(ContainerState c, State state, Instant finishedAt, int exitCode, String reason,
                                   String message) {
        return new ContainerStatus(c.id(), c.sandboxId(), c.name(), c.attempt(), state, c.createdAt(), c.startedAt(),
                finishedAt, exitCode, reason, message, c.image(), imageId(c.image()), c.labels());
    }

    private record Exit(int code, Instant at) {
    }

    private Optional<Exit> readExit(ContainerState c) {
        Path file = dir.exitFile(c);
        try {
            String text = Files.readString(file).trim();
            if (text.isEmpty()) {
                return Optional.empty(); // being written
            }
            return Optional.of(new Exit(Integer.parseInt(text), Files.getLastModifiedTime(file).toInstant()));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private void recordExit(ContainerState c, int code) {
        try {
            if (readExit(c).isEmpty()) {
                StateDir.write(dir.exitFile(c), code + "\n");
            }
        } catch (IOException e) {
            LOG.warn("Cannot record the exit of container {}: {}", c.id(), e.toString());
        }
    }

    /** Whether the container's processes run: its wrapper, or its command when the wrapper was killed. */
    private boolean processAlive(ContainerState c) {
        return c.wrapper() != null && c.wrapper().isAlive() || c.command() != null && c.command().isAlive();
    }

    private boolean isRunning(String containerId) {
        ContainerState c = containers.get(containerId);
        return !closed && c != null && status(c).state() == State.RUNNING;
    }

    private int awaitExit(String containerId) throws InterruptedException {
        while (true) {
            ContainerState c = containers.get(containerId);
            if (c == null) {
                return -1;
            }
            ContainerStatus s = status(c);
            if (s.state() != State.RUNNING) {
                return s.exitCode();
            }
            Thread.sleep(Logs.POLL.toMillis());
        }
    }

    // Stopping

    private void stop(ContainerState c, Duration grace) {
        ContainerState current = containers.getOrDefault(c.id(), c);
        OptionalLong group = groupToSignal(current);
        if (group.isPresent()) {
            BooleanSupplier alive = () -> processAlive(current);
            HostProcess.signalGroup(group.getAsLong(), "TERM");
            if (!awaitEnd(alive, grace)) {
                LOG.debug("Container {} outlived its grace period of {}: SIGKILL", c.id(), grace);
                HostProcess.signalGroup(group.getAsLong(), "KILL");
                if (!awaitEnd(alive, KILL_WAIT)) {
                    throw new RuntimeError("process runtime: container " + c.id() + " did not stop after SIGKILL");
                }
            }
        }
        if (current.stdin() && !processAlive(current)) {
            closeStdin(c.id()); // its wrapper would have, unless it was killed
        }
    }

    /**
     * The command's process group, while signalling it is safe: while the wrapper lives it has not
     * reaped the command, so the group's id cannot have been reused; without the wrapper, only while the
     * command itself is the process recorded.
     */
    private OptionalLong groupToSignal(ContainerState c) {
        if (c.startedAt() == null) {
            return OptionalLong.empty();
        }
        if (c.wrapper() != null && c.wrapper().isAlive()) {
            if (readExit(c).isPresent()) {
                return OptionalLong.empty(); // ended; the wrapper is cleaning up
            }
            if (c.command() != null) {
                return OptionalLong.of(c.command().pid());
            }
            return Launcher.readPid(dir.pidFile(c)).map(OptionalLong::of).orElse(OptionalLong.empty());
        }
        if (c.command() != null && c.command().isAlive()) {
            return OptionalLong.of(c.command().pid());
        }
        return OptionalLong.empty();
    }

    private static boolean awaitEnd(BooleanSupplier alive, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (alive.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            try {
                Thread.sleep(POLL.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new RuntimeError("process runtime: interrupted while stopping a container", false, e);
            }
        }
        return true;
    }

    // Stdin of attach

    /** The process holding the container's stdin FIFO open (fd 3, see {@link Launcher}), if it lives. */
    private Optional<Long> stdinKeeper(String containerId) {
        ContainerState c = containers.get(containerId);
        if (c == null || !c.stdin()) {
            return Optional.empty();
        }
        return Launcher.readPid(dir.stdinKeeperFile(c)).filter(pid -> HostProcess.holds(pid, 3, dir.stdinFifo(c)));
    }

    private void closeStdin(String containerId) {
        stdinKeeper(containerId).flatMap(ProcessHandle::of).ifPresent(ProcessHandle::destroy);
    }

    // Helpers

    private ProcessBuilder execBuilder(ContainerState c, List<String> command) {
        if (command == null || command.isEmpty()) {
            throw new RuntimeError("process runtime: exec needs a command");
        }
        List<String> argv = new ArrayList<>(command);
        argv.set(0, HostFiles.executable(argv.get(0), c.env().getOrDefault("PATH", DEFAULT_PATH),
                Path.of(c.workingDir())));
        ProcessBuilder pb = new ProcessBuilder(argv).directory(new File(c.workingDir()));
        pb.environment().clear();
        pb.environment().putAll(c.env());
        return pb;
    }

    private static void killTree(Process p) {
        if (p == null) {
            return;
        }
        p.descendants().forEach(ProcessHandle::destroyForcibly);
        p.destroyForcibly();
        try {
            p.waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static String head(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new String(in.readNBytes(MAX_EXEC_OUTPUT), StandardCharsets.UTF_8);
        }
    }

    private ContainerState update(ContainerState expected, ContainerState next) {
        if (!containers.replace(next.id(), expected, next)) {
            LOG.warn("Container {} changed while it started", next.id());
            return expected;
        }
        save(next);
        return next;
    }

    private SandboxState sandbox(String id) {
        SandboxState s = id == null ? null : sandboxes.get(id);
        if (s == null) {
            throw RuntimeError.notFound("sandbox " + id);
        }
        return s;
    }

    private ContainerState container(String id) {
        ContainerState c = id == null ? null : containers.get(id);
        if (c == null) {
            throw RuntimeError.notFound("container " + id);
        }
        return c;
    }

    private ContainerState running(String id) {
        ContainerState c = container(id);
        if (status(c).state() != State.RUNNING) {
            throw new RuntimeError("process runtime: container " + id + " is not running");
        }
        return c;
    }

    private List<ContainerState> containersOf(String sandboxId) {
        return containers.values().stream().filter(c -> c.sandboxId().equals(sandboxId)).toList();
    }

    private void save(SandboxState s) {
        try {
            dir.save(s);
        } catch (IOException e) {
            throw new RuntimeError("process runtime: cannot save sandbox " + s.id() + ": " + e.getMessage(), false, e);
        }
    }

    private void save(ContainerState c) {
        try {
            dir.save(c);
        } catch (IOException e) {
            throw new RuntimeError("process runtime: cannot save container " + c.id() + ": " + e.getMessage(), false,
                    e);
        }
    }

    private static void delete(Path path) {
        try {
            StateDir.deleteTree(path);
        } catch (IOException e) {
            throw new RuntimeError("process runtime: cannot delete " + path + ": " + e.getMessage(), false, e);
        }
    }

    private static void putAll(Map<String, String> into, Map<String, String> from) {
        if (from != null) {
            from.forEach((k, v) -> {
                if (k != null && v != null) {
                    into.put(k, v);
                }
            });
        }
    }

    static String newId() {
        byte[] b = new byte[32];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }
}
