package io.stevedore.runtime.process.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.ContainerSpec;
import io.stevedore.api.runtime.ContainerStatus;
import io.stevedore.api.runtime.ContainerStatus.State;
import io.stevedore.api.runtime.ExecResult;
import io.stevedore.api.runtime.Labels;
import io.stevedore.api.runtime.LogOptions;
import io.stevedore.api.runtime.RuntimeError;
import io.stevedore.api.runtime.RuntimeProvider;
import io.stevedore.api.runtime.Sandbox;
import io.stevedore.api.runtime.SandboxSpec;
import io.stevedore.api.runtime.StreamSession;
import java.io.BufferedReader;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real host processes under a temporary data directory; every process is killed after each test. */
class ProcessRuntimeTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path data;
    @TempDir
    Path host;

    private final List<ContainerRuntime> opened = new ArrayList<>();
    private ContainerRuntime runtime;

    @BeforeEach
    void open() {
        runtime = reopen();
    }

    @AfterEach
    void killEverything() {
        ContainerRuntime last = reopen();
        for (ContainerStatus c : last.containers()) {
            try {
                last.stopContainer(c.id(), Duration.ZERO);
            } catch (RuntimeException e) {
                // try the others
            }
        }
        opened.forEach(ContainerRuntime::close);
    }

    private ContainerRuntime reopen() {
        ContainerRuntime r = new ProcessRuntimeProvider("0.1.0").open(new RuntimeProvider.Context("node-1", data));
        opened.add(r);
        return r;
    }

    @Test
    void providerAndRuntimeDescribeThemselves() {
        ProcessRuntimeProvider provider = new ProcessRuntimeProvider("0.1.0");
        assertThat(provider.name()).isEqualTo("process");
        assertThat(provider.rank()).isEqualTo(10);
        assertThat(provider.unavailable()).isEmpty();
        assertThat(runtime.name()).isEqualTo("process");
        assertThat(runtime.version()).isEqualTo("0.1.0");
        assertThat(runtime.warning()).contains("process runtime: containers run as host processes without isolation");
        assertThat(runtime.image("busybox:1.36")).hasValueSatisfying(i -> {
            assertThat(i.reference()).isEqualTo("busybox:1.36");
            assertThat(i.id()).isEqualTo("process://busybox:1.36");
        });
        runtime.configureNetwork("10.244.1.0/24"); // nothing to configure, but no failure either
    }

    @Test
    void runsAContainerAndStopsItWithSigterm() {
        Sandbox sb = sandbox("web");
        String id = runtime.createContainer(sb.id(), spec("app", "sh", "-c", "echo hi; sleep 60"));
        assertThat(runtime.status(id).state()).isEqualTo(State.CREATED);

        runtime.startContainer(id);
        ContainerStatus running = runtime.status(id);
        assertThat(running.state()).isEqualTo(State.RUNNING);
        assertThat(running.startedAt()).isNotNull();
        assertThat(running.sandboxId()).isEqualTo(sb.id());
        assertThat(running.podUid()).isEqualTo(sb.podUid());
        assertThat(running.labels()).containsEntry(Labels.CONTAINER_NAME, "app").containsEntry(Labels.NODE, "node-1");
        assertThat(running.imageId()).isEqualTo("process://busybox");
        awaitLog(id, "hi\n");

        long start = System.nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(20));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        ContainerStatus stopped = runtime.status(id);
        assertThat(stopped.state()).isEqualTo(State.EXITED);
        assertThat(stopped.exitCode()).isEqualTo(143);
        assertThat(stopped.reason()).isEqualTo("Error");
        assertThat(stopped.finishedAt()).isAfterOrEqualTo(stopped.startedAt().minusSeconds(1));

        runtime.stopContainer(id, Duration.ZERO); // stopping a stopped container is fine
        assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOf(RuntimeError.class);
    }

    @Test
    void stopsAContainerRightAfterItStarted() {
        Sandbox sb = sandbox("short-lived");
        for (int i = 0; i < 5; i++) {
            String id = started(sb, "sleep", "60");
            runtime.stopContainer(id, Duration.ofSeconds(10)); // its process group exists once started
            assertThat(runtime.status(id).exitCode()).isEqualTo(143);
        }
    }

    @Test
    void killsWhatIgnoresSigtermAfterTheGracePeriod() {
        String id = started(sandbox("stubborn"), "sh", "-c", "trap '' TERM; echo ready; while :; do sleep 1; done");
        awaitLog(id, "ready\n");

        long start = System.nanoTime();
        runtime.stopContainer(id, Duration.ofSeconds(1));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
        ContainerStatus s = runtime.status(id);
        assertThat(s.state()).isEqualTo(State.EXITED);
        assertThat(s.exitCode()).isEqualTo(137);
        assertThat(s.reason()).isEqualTo("Error");
    }

    @Test
    void recordsExitCodes() {
        Sandbox sb = sandbox("jobs");
        String failing = started(sb, "sh", "-c", "exit 3");
        String succeeding = started(sb, "true");

        ContainerStatus failed = awaitExit(failing);
        assertThat(failed.exitCode()).isEqualTo(3);
        assertThat(failed.reason()).isEqualTo("Error");
        assertThat(failed.finishedAt()).isNotNull();
        ContainerStatus completed = awaitExit(succeeding);
        assertThat(completed.exitCode()).isZero();
        assertThat(completed.reason()).isEqualTo("Completed");
        assertThat(runtime.containers()).extracting(ContainerStatus::id).containsExactlyInAnyOrder(failing, succeeding);
    }

    @Test
    void aNewInstanceFindsRunningContainersAndTheirExit() throws Exception {
        Sandbox sb = sandbox("survivor");
        String id = started(sb, "sh", "-c", "trap 'exit 7' TERM; echo up; sleep 60 & wait");
        awaitLog(id, "up\n");
        runtime.close(); // as when Karaf stops: the container runs on

        ContainerRuntime second = reopen();
        assertThat(second.sandboxes()).extracting(Sandbox::id, Sandbox::ip).containsExactly(
                org.assertj.core.groups.Tuple.tuple(sb.id(), sb.ip()));
        assertThat(second.status(id).state()).isEqualTo(State.RUNNING);

        ProcessHandle.of(commandPid(sb, id)).orElseThrow().destroy(); // SIGTERM from outside the runtime
        await().atMost(WAIT).until(() -> second.status(id).state() == State.EXITED);
        assertThat(second.status(id).exitCode()).isEqualTo(7);
        assertThat(reopen().status(id).exitCode()).isEqualTo(7);
    }

    @Test
    void aProcessGoneWithoutAnExitRecordIsUnknownNotForgotten() throws Exception {
        Sandbox sb = sandbox("orphan");
        String id = started(sb, "sleep", "60");
        long command = commandPid(sb, id);
        long wrapper = ProcessHandle.of(command).flatMap(ProcessHandle::parent).orElseThrow().pid();
        ProcessHandle.of(wrapper).orElseThrow().destroyForcibly(); // as if the host lost it
        ProcessHandle.of(command).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> gone(command) && gone(wrapper));

        ContainerStatus s = reopen().status(id);
        assertThat(s.state()).isEqualTo(State.UNKNOWN);
        assertThat(s.exitCode()).isEqualTo(255);
        assertThat(s.reason()).isEqualTo("Unknown");
    }

    @Test
    void stopsACommandWhoseWrapperWasKilled() throws Exception {
        Sandbox sb = sandbox("lost-wrapper");
        String id = started(sb, "sleep", "60");
        long command = commandPid(sb, id);
        long wrapper = ProcessHandle.of(command).flatMap(ProcessHandle::parent).orElseThrow().pid();
        ProcessHandle.of(wrapper).orElseThrow().destroyForcibly();
        await().atMost(WAIT).until(() -> gone(wrapper));
        assertThat(runtime.status(id).state()).isEqualTo(State.RUNNING); // its command still runs

        runtime.stopContainer(id, Duration.ofSeconds(10));
        assertThat(gone(command)).isTrue();
        assertThat(runtime.status(id).state()).isEqualTo(State.UNKNOWN);
    }

    @Test
    void worksFromARelativeDataDirectory() {
        Path relative = Path.of("").toAbsolutePath().relativize(data.resolve("relative"));
        ContainerRuntime r = new ProcessRuntimeProvider("0.1.0").open(new RuntimeProvider.Context("node-1", relative));
        opened.add(r);
        String id = r.createContainer(r.runSandbox(sandboxSpec("rel", false)).id(), spec("app", "sh", "-c", "exit 2"));
        r.startContainer(id);
        await().atMost(WAIT).until(() -> r.status(id).state() == State.EXITED);
        assertThat(r.status(id).exitCode()).isEqualTo(2);
    }

    @Test
    void writesLogsWithTailLimitSinceAndTimestamps() throws Exception {
        String id = started(sandbox("logger"), "sh", "-c", "for i in 1 2 3 4 5; do echo line$i; done; echo err >&2");
        awaitExit(id);

        assertThat(logs(id, LogOptions.ALL)).isEqualTo("line1\nline2\nline3\nline4\nline5\nerr\n");
        assertThat(logs(id, new LogOptions(false, false, 2L, null, null))).isEqualTo("line5\nerr\n");
        assertThat(logs(id, new LogOptions(false, false, 0L, null, null))).isEmpty();
        assertThat(logs(id, new LogOptions(false, false, null, null, 8L))).isEqualTo("line1\nli");
        assertThat(logs(id, new LogOptions(false, false, null, Instant.now().plusSeconds(60), null))).isEmpty();
        assertThat(logs(id, new LogOptions(false, false, null, Instant.now().minusSeconds(60), null)))
                .startsWith("line1\n");

        String stamp = Logs.rfc3339Nano(runtime.status(id).startedAt());
        assertThat(logs(id, new LogOptions(false, true, 1L, null, null))).isEqualTo(stamp + " err\n");
    }

    @Test
    void followsTheLogUntilTheContainerExits() {
        String id = started(sandbox("follower"), "sh", "-c", "echo a; sleep 1; echo b");
        LogOptions follow = new LogOptions(true, false, null, null, null);
        String followed = assertTimeoutPreemptively(WAIT, () -> logs(id, follow));
        assertThat(followed).isEqualTo("a\nb\n");
        assertThat(runtime.status(id).state()).isEqualTo(State.EXITED);
    }

    @Test
    void stopsFollowingWhenTheReaderGoes() {
        String id = started(sandbox("talker"), "sh", "-c", "while :; do echo tick; sleep 0.2; done");
        OutputStream gone = new OutputStream() {
            @Override
            public void write(int b) throws IOException {
                throw new IOException("reader went away");
            }

            @Override
            public void write(byte[] b, int off, int len) throws IOException {
                throw new IOException("reader went away");
            }
        };
        assertTimeoutPreemptively(WAIT, () -> assertThatThrownBy(
                () -> runtime.logs(id, new LogOptions(true, false, null, null, null), gone))
                .isInstanceOf(IOException.class));
        assertThat(runtime.status(id).state()).isEqualTo(State.RUNNING);
    }

    @Test
    void execsWithTheContainersEnvironmentAndStreams() throws Exception {
        Sandbox sb = sandbox("shell");
        String id = started(sb, "sleep", "60");

        try (StreamSession s = runtime.exec(id, List.of("sh", "-c", "echo $POD_IP; echo oops >&2; cat"), true, false)) {
            s.stdin().write("hello\n".getBytes(StandardCharsets.UTF_8));
            s.stdin().close();
            assertThat(new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(sb.ip() + "\nhello\n");
            assertThat(new String(s.stderr().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("oops\n");
            assertThat(s.waitFor()).isZero();
        }
        try (StreamSession s = runtime.exec(id, List.of("sh", "-c", "echo out; echo err >&2; exit 5"), false, true)) {
            assertThat(s.stdin()).isNull();
            assertThat(s.stderr()).isNull();
            assertThat(new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8)).contains("out\n", "err\n");
            assertThat(s.waitFor()).isEqualTo(5);
        }
    }

    @Test
    void execSyncReturnsOutputAndTimesOut() {
        String id = started(sandbox("probe"), "sleep", "60");

        assertThat(runtime.execSync(id, List.of("sh", "-c", "echo out; echo err >&2; exit 4"), Duration.ofSeconds(20)))
                .isEqualTo(new ExecResult(4, "out\nerr\n", false));

        long start = System.nanoTime();
        ExecResult slow = runtime.execSync(id, List.of("sh", "-c", "echo started; sleep 60"), Duration.ofMillis(500));
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(15));
        assertThat(slow.timedOut()).isTrue();
        assertThat(slow.exitCode()).isEqualTo(-1);

        ExecResult big = runtime.execSync(id, List.of("sh", "-c", "head -c 100000 /dev/zero | tr '\\0' x"),
                Duration.ofSeconds(20));
        assertThat(big.output()).hasSize(ProcessRuntime.MAX_EXEC_OUTPUT).matches("x+");

        assertThatThrownBy(() -> runtime.execSync(id, List.of("no-such-command-here"), Duration.ofSeconds(5)))
                .isInstanceOf(RuntimeError.class).hasMessageContaining("executable file not found");
    }

    @Test
    void execNeedsARunningContainer() {
        String id = started(sandbox("done"), "true");
        awaitExit(id);
        assertThatThrownBy(() -> runtime.execSync(id, List.of("true"), Duration.ofSeconds(5)))
                .isInstanceOf(RuntimeError.class).hasMessageContaining("not running");
    }

    @Test
    void givesEachSandboxItsOwnLoopbackAddressAcrossRestarts() {
        Set<String> ips = new HashSet<>();
        List<Sandbox> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            Sandbox sb = sandbox("pod-" + i);
            assertThat(sb.ip()).startsWith("127.42.");
            assertThat(sb.ready()).isTrue();
            ips.add(sb.ip());
            created.add(sb);
        }
        assertThat(ips).hasSize(5);

        ContainerRuntime second = reopen();
        assertThat(second.sandboxes()).containsExactlyElementsOf(created);
        Sandbox next = second.runSandbox(sandboxSpec("pod-5", false));
        assertThat(ips).doesNotContain(next.ip());

        second.stopSandbox(created.get(0).id());
        Sandbox stopped = reopen().sandboxes().get(0);
        assertThat(stopped.ready()).isFalse();
        assertThat(stopped.ip()).isEmpty();

        Sandbox hostNet = second.runSandbox(sandboxSpec("host", true));
        assertThat(hostNet.ip()).isEqualTo("127.0.0.1");
    }

    @Test
    void removingASandboxStopsAndRemovesItsContainers() throws Exception {
        Sandbox sb = sandbox("doomed");
        String id = started(sb, "sh", "-c", "trap '' TERM; sleep 60");
        long command = commandPid(sb, id);

        runtime.removeSandbox(sb.id());
        assertThat(gone(command)).isTrue();
        assertThat(runtime.sandboxes()).isEmpty();
        assertThat(runtime.containers()).isEmpty();
        assertThat(data.resolve("sandboxes").resolve(sb.id())).doesNotExist();
        assertThatThrownBy(() -> runtime.status(id)).isInstanceOfSatisfying(RuntimeError.class,
                e -> assertThat(e.notFound()).isTrue());
        assertThatThrownBy(() -> runtime.removeSandbox(sb.id())).isInstanceOfSatisfying(RuntimeError.class,
                e -> assertThat(e.notFound()).isTrue());
        assertThat(reopen().sandboxes()).isEmpty();
    }

    @Test
    void stoppingASandboxStopsItsContainers() {
        Sandbox sb = sandbox("paused");
        String id = started(sb, "sleep", "60");
        runtime.stopSandbox(sb.id());
        assertThat(runtime.status(id).state()).isEqualTo(State.EXITED);
        assertThat(runtime.sandboxes()).singleElement().satisfies(s -> assertThat(s.ready()).isFalse());
        assertThatThrownBy(() -> runtime.createContainer(sb.id(), spec("late", "true")))
                .isInstanceOf(RuntimeError.class).hasMessageContaining("not ready");
    }

    @Test
    void runsWithEnvironmentWorkingDirAndMountLinks() throws Exception {
        Path volume = Files.createDirectories(host.resolve("volume"));
        Files.writeString(volume.resolve("file"), "from the volume");
        Path nested = Files.createDirectories(host.resolve("nested"));
        Files.writeString(nested.resolve("file"), "nested");
        Path work = Files.createDirectories(host.resolve("work"));
        Sandbox sb = sandbox("env");
        ContainerSpec spec = new ContainerSpec("app", 0, "busybox",
                List.of("sh", "-c", "echo \"$POD_IP|$FOO|$(pwd)\"; cd \"$STEVEDORE_ROOT/data\"; cat file nested/file"),
                List.of(),
                work.toString(), List.of(new ContainerSpec.EnvVar("FOO", "bar")),
                List.of(new ContainerSpec.Mount(nested.toString(), "/data/nested", true),
                        new ContainerSpec.Mount(volume.toString(), "/data", false)), ContainerSpec.Resources.NONE,
                false, false, false, Map.of());
        String id = runtime.createContainer(sb.id(), spec);
        runtime.startContainer(id);
        awaitExit(id);
        assertThat(logs(id, LogOptions.ALL)).isEqualTo(sb.ip() + "|bar|" + work + "\nfrom the volumenested");

        String noDir = started(sb, "sh", "-c", "test \"$(pwd)\" = \"$STEVEDORE_ROOT\" && test \"$HOME\" = \"$(pwd)\"");
        assertThat(awaitExit(noDir).exitCode()).isZero();
    }

    @Test
    void refusesContainersWithoutACommandOrWithAnUnknownOne() {
        Sandbox sb = sandbox("bad");
        assertThatThrownBy(() -> runtime.createContainer(sb.id(), spec("empty")))
                .isInstanceOf(RuntimeError.class)
                .hasMessage("process runtime: container empty has no command");
        String id = runtime.createContainer(sb.id(), spec("typo", "no-such-command-here"));
        assertThatThrownBy(() -> runtime.startContainer(id)).isInstanceOf(RuntimeError.class)
                .hasMessageContaining("executable file not found in $PATH");
        assertThat(runtime.status(id).state()).isEqualTo(State.CREATED);
        assertThatThrownBy(() -> runtime.createContainer("no-such-sandbox", spec("x", "true")))
                .isInstanceOfSatisfying(RuntimeError.class, e -> assertThat(e.notFound()).isTrue());
    }

    @Test
    void attachWritesToStdinAndClosesItOnceForStdinOnce() throws Exception {
        Sandbox sb = sandbox("interactive");
        ContainerSpec spec = new ContainerSpec("shell", 0, "busybox",
                List.of("sh", "-c", "echo ready; while read l; do echo got:$l; done; echo eof"), List.of(), null,
                List.of(), List.of(), ContainerSpec.Resources.NONE, true, true, false, Map.of());
        String id = runtime.createContainer(sb.id(), spec);
        runtime.startContainer(id);
        awaitLog(id, "ready\n");

        assertTimeoutPreemptively(WAIT, () -> {
            try (StreamSession s = runtime.attach(id, true, false)) {
                assertThat(s.stderr()).isNull();
                BufferedReader out = new BufferedReader(new InputStreamReader(s.stdout(), StandardCharsets.UTF_8));
                s.stdin().write("x\n".getBytes(StandardCharsets.UTF_8));
                s.stdin().flush();
                assertThat(out.readLine()).isEqualTo("got:x");
                s.stdin().close(); // stdinOnce: the command reads end-of-file
                assertThat(out.readLine()).isEqualTo("eof");
                assertThat(s.waitFor()).isZero();
                assertThat(out.readLine()).isNull();
            }
        });
        long keeper = Long.parseLong(Files.readString(containerDir(sb, id).resolve("stdin.keeper")).trim());
        await().atMost(WAIT).until(() -> gone(keeper));
    }

    @Test
    void attachWithoutStdinGivesOutputOnly() throws Exception {
        Path go = host.resolve("go");
        String id = started(sandbox("quiet"), "sh", "-c",
                "echo early; while [ ! -e \"$0\" ]; do sleep 0.1; done; echo late", go.toString());
        awaitLog(id, "early\n");
        String seen = assertTimeoutPreemptively(WAIT, () -> {
            try (StreamSession s = runtime.attach(id, true, true)) {
                assertThat(s.stdin()).isNull();
                Files.createFile(go);
                return new String(s.stdout().readAllBytes(), StandardCharsets.UTF_8);
            }
        });
        assertThat(seen).isEqualTo("late\n"); // from the moment of attaching, as docker attach
    }

    @Test
    void keepsEachAttemptsLogUntilItsContainerIsRemoved() throws Exception {
        Sandbox sb = sandbox("restarts");
        String first = started(sb, "sh", "-c", "echo first");
        awaitExit(first);
        ContainerSpec again = new ContainerSpec("app", 1, "busybox", List.of("sh", "-c", "echo second"), List.of(),
                null, List.of(), List.of(), ContainerSpec.Resources.NONE, false, false, false, Map.of());
        String second = runtime.createContainer(sb.id(), again);
        runtime.startContainer(second);
        awaitExit(second);

        assertThat(logs(first, LogOptions.ALL)).isEqualTo("first\n");
        assertThat(logs(second, LogOptions.ALL)).isEqualTo("second\n");
        assertThat(runtime.status(second).attempt()).isEqualTo(1);

        runtime.removeContainer(first);
        assertThatThrownBy(() -> logs(first, LogOptions.ALL)).isInstanceOfSatisfying(RuntimeError.class,
                e -> assertThat(e.notFound()).isTrue());
        assertThat(logs(second, LogOptions.ALL)).isEqualTo("second\n");
        assertThat(runtime.containers()).extracting(ContainerStatus::id).containsExactly(second);
    }

    @Test
    void removingARunningContainerKillsIt() throws Exception {
        Sandbox sb = sandbox("rm");
        String id = started(sb, "sleep", "60");
        long command = commandPid(sb, id);
        runtime.removeContainer(id);
        assertThat(gone(command)).isTrue();
        assertThat(reopen().containers()).isEmpty();
    }

    // Helpers

    private Sandbox sandbox(String name) {
        return runtime.runSandbox(sandboxSpec(name, false));
    }

    private static SandboxSpec sandboxSpec(String name, boolean hostNetwork) {
        return new SandboxSpec(UUID.randomUUID().toString(), "default", name, 0, name, hostNetwork, List.of(),
                List.of(), List.of(), List.of(), Map.of(Labels.NODE, "node-1"));
    }

    private static ContainerSpec spec(String name, String... command) {
        return new ContainerSpec(name, 0, "busybox", List.of(command), List.of(), null, List.of(), List.of(),
                ContainerSpec.Resources.NONE, false, false, false, Map.of());
    }

    private String started(Sandbox sb, String... command) {
        String id = runtime.createContainer(sb.id(), spec("app", command));
        runtime.startContainer(id);
        return id;
    }

    private ContainerStatus awaitExit(String id) {
        await().atMost(WAIT).until(() -> runtime.status(id).state() == State.EXITED);
        return runtime.status(id);
    }

    private void awaitLog(String id, String content) {
        await().atMost(WAIT).until(() -> logs(id, LogOptions.ALL).contains(content));
    }

    private String logs(String id, LogOptions options) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        runtime.logs(id, options, out);
        return out.toString(StandardCharsets.UTF_8);
    }

    private static boolean gone(long pid) {
        return HostProcess.stat(pid).map(HostProcess.Stat::gone).orElse(true);
    }

    /** The command's pid as its wrapper recorded it. */
    private long commandPid(Sandbox sb, String id) throws IOException {
        return Long.parseLong(Files.readString(containerDir(sb, id).resolve("pid")).trim());
    }

    private Path containerDir(Sandbox sb, String id) {
        return data.resolve("sandboxes").resolve(sb.id()).resolve("containers").resolve(id);
    }
}
