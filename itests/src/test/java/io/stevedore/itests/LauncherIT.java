package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The {@code stevedore} launcher as a user runs it: {@code up} on a checkout with nothing built, {@code up}
 * once after the JVM was killed with SIGKILL (every acknowledged object back), after a stale pid file that
 * names another live process, and {@code status}/{@code down} telling the truth throughout.
 */
class LauncherIT {

    private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(240);

    private Path root;
    private Path home;
    private int apiPort;
    private int sshPort;
    private int hazelcastPort;
    private Process bystander;

    /**
     * A checkout with nothing built: the launcher script alone, and a Maven stand-in that "builds" by copying
     * the reactor's archive into karaf-assembly/target, as {@code mvn install} would.
     */
    private void freshCheckout() throws Exception {
        Path runs = Path.of(System.getProperty("stevedore.runs", "target/runs"));
        root = runs.resolve("launcher-" + System.currentTimeMillis()).toAbsolutePath();
        home = root.resolve(".stevedore");
        Files.createDirectories(root);
        Path script = root.resolve("stevedore");
        Files.copy(Path.of(System.getProperty("stevedore.launcher", "../stevedore")), script);
        Path archive = Path.of(System.getProperty("stevedore.archive")).toAbsolutePath();
        assertThat(archive).exists();
        Path mvn = root.resolve("fake-mvn");
        Files.writeString(mvn, "#!/bin/sh\nset -e\nmkdir -p karaf-assembly/target\ncp '" + archive
                + "' karaf-assembly/target/\necho \"fake-mvn $*\" >> mvn.log\n");
        Files.setPosixFilePermissions(mvn, PosixFilePermissions.fromString("rwxr-xr-x"));
        apiPort = Cluster.freePort();
        sshPort = Cluster.freePort();
        hazelcastPort = Cluster.freePort();
    }

    private Cluster.Result launcher(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env",
                "STEVEDORE_API_PORT=" + apiPort,
                "STEVEDORE_SSH_PORT=" + sshPort,
                "STEVEDORE_HAZELCAST_PORT=" + hazelcastPort,
                "STEVEDORE_MVN=" + root.resolve("fake-mvn"),
                "STEVEDORE_START_TIMEOUT=180",
                root.resolve("stevedore").toString()));
        cmd.addAll(List.of(args));
        return Cluster.run(cmd, COMMAND_TIMEOUT);
    }

    private long jvmPid() throws Exception {
        long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
        Optional<ProcessHandle> p = ProcessHandle.of(pid);
        assertThat(p).as("pid %s in karaf.pid is alive", pid).isPresent();
        assertThat(p.get().info().command().orElse("")).as("pid file holds the JVM itself").endsWith("/java");
        return pid;
    }

    /** Whether a process exists and is not a zombie waiting for init to reap it. */
    private static boolean running(long pid) throws Exception {
        Path stat = Path.of("/proc/" + pid + "/stat");
        if (!Files.exists(stat)) {
            return false;
        }
        try {
            String s = Files.readString(stat);
            return !s.substring(s.lastIndexOf(')') + 2).startsWith("Z");
        } catch (java.io.IOException e) {
            return false; // gone while reading
        }
    }

    private static void kill9(long pid) throws Exception {
        ProcessHandle p = ProcessHandle.of(pid).orElseThrow();
        assertThat(p.destroyForcibly()).isTrue(); // SIGKILL
        p.onExit().get(30, TimeUnit.SECONDS);
    }

    private String url() {
        return "http://127.0.0.1:" + apiPort;
    }

    @AfterEach
    void cleanUp() throws Exception {
        if (root != null) {
            launcher("down");
            // whatever the launcher left behind would be a bug: make sure nothing outlives the test
            ProcessHandle.allProcesses().filter(p -> p.info().arguments().map(a -> String.join(" ", a)
                    .contains("-Dkaraf.base=" + home.resolve("karaf"))).orElse(false))
                    .forEach(ProcessHandle::destroyForcibly);
        }
        if (bystander != null) {
            bystander.destroyForcibly();
        }
    }

    @Test
    void upOnAFreshCheckoutAndOnceAfterEveryKindOfCrash() throws Exception {
        freshCheckout();

        // 1. nothing built, no state: up builds, unpacks, starts and prints the export line
        Cluster.Result up = launcher("up").assertOk();
        assertThat(up.out()).contains("export KUBECONFIG=" + home.toRealPath().resolve("kubeconfig"));
        assertThat(up.err()).contains("building");
        assertThat(Files.readString(root.resolve("mvn.log"))).contains("install");
        assertThat(launcher("status").exitCode()).isZero();
        // etc/jvm.options reaches the JVM (Karaf 4.4's scripts ignore JAVA_MAX_MEM; the limits once never did)
        Cluster.Result flags = Cluster.run(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(jvmPid()), "VM.flags"), COMMAND_TIMEOUT).assertOk();
        assertThat(flags.out()).contains("-XX:MaxHeapSize=1073741824", "-XX:MaxTenuringThreshold=0");
        Cluster.run(List.of("kubectl", "--kubeconfig", home.resolve("kubeconfig").toString(), "get", "ns",
                "default"), COMMAND_TIMEOUT).assertOk();

        // 2. SIGKILL of the JVM under writes, then one up: ready, and every acknowledged write is there
        Map<String, Boolean> acknowledged = writeUntilKilled();
        assertThat(acknowledged).hasSizeGreaterThanOrEqualTo(100);
        Cluster.Result status = launcher("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("stopped");
        up = launcher("up").assertOk();
        assertThat(up.err()).doesNotContain("exited during start-up");
        assertPresent(acknowledged.keySet());

        // 3. SIGKILL again, and the pid file now names another live process (a pid reused after a reboot)
        kill9(jvmPid());
        bystander = new ProcessBuilder("sleep", "300").start();
        Files.writeString(home.resolve("karaf.pid"), bystander.pid() + "\n");
        status = launcher("status");
        assertThat(status.exitCode()).isEqualTo(1);
        assertThat(status.err()).contains("stopped");
        launcher("up").assertOk();
        assertThat(bystander.isAlive()).as("the launcher leaves other processes alone").isTrue();
        assertPresent(acknowledged.keySet());

        // 4. the pid file is gone altogether: status and down still find the JVM by what it is
        long pid = jvmPid();
        Files.delete(home.resolve("karaf.pid"));
        assertThat(launcher("status").exitCode()).isZero();
        Cluster.Result down = launcher("down").assertOk();
        assertThat(down.err()).contains("stopped");
        assertThat(running(pid)).as("the JVM is gone after down").isFalse();
        assertThat(bystander.isAlive()).isTrue();
        assertThat(launcher("status").exitCode()).isEqualTo(1);
        assertThat(launcher("down").assertOk().err()).contains("not running");
    }

    /** Four writers create ConfigMaps; after 100 acknowledgements the JVM gets SIGKILL. */
    private Map<String, Boolean> writeUntilKilled() throws Exception {
        Map<String, Boolean> acknowledged = new ConcurrentHashMap<>();
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        AtomicBoolean stop = new AtomicBoolean();
        CountDownLatch enough = new CountDownLatch(100);
        ExecutorService writers = Executors.newFixedThreadPool(4);
        try {
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.execute(() -> {
                    for (int i = 0; i < 100_000 && !stop.get(); i++) {
                        String name = "l" + writer + "-" + i;
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url()
                                            + "/api/v1/namespaces/default/configmaps")).timeout(Duration.ofSeconds(5))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"" + name
                                            + "\"},\"data\":{\"v\":\"" + "y".repeat(256) + "\"}}")).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                acknowledged.put(name, true);
                                enough.countDown();
                            }
                        } catch (Exception e) {
                            return; // the server died under us
                        }
                    }
                });
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("100 writes acknowledged").isTrue();
            kill9(jvmPid());
        } finally {
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();
        }
        return acknowledged;
    }

    private void assertPresent(Set<String> names) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpResponse<String> list = client.send(HttpRequest.newBuilder(URI.create(url()
                + "/api/v1/namespaces/default/configmaps")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(list.statusCode()).isEqualTo(200);
        List<String> missing = names.stream().filter(n -> !list.body().contains("\"name\":\"" + n + "\"")).toList();
        assertThat(missing).as("acknowledged writes missing after the restart").isEmpty();
    }
}
