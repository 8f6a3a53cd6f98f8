package io.stevedore.itests;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Stevedore distribution, unpacked into its own directory and started for real
 * ({@code bin/karaf server}) on free ports, with helpers to drive it with kubectl and SSH.
 */
public final class Cluster implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);

    private final Path home;
    private final int apiPort;
    private final int sshPort;
    private final int hazelcastPort;
    private final Path kubeconfig;
    private final Path kubeCache;
    private final Path sshKey;
    private Process process;
    private final String nodeName;

    private Cluster(Path home) throws IOException {
        this.home = home;
        this.apiPort = freePort();
        this.sshPort = freePort();
        this.hazelcastPort = freePort();
        this.kubeconfig = home.resolve("kubeconfig");
        this.kubeCache = home.resolve("kube-cache");
        this.sshKey = home.resolve("id_rsa");
        this.nodeName = "it-" + Long.toString(System.nanoTime() % 2_000_000_000L, 36);
        configure();
    }

    /** Unpacks a fresh copy of the distribution under target/runs/NAME and starts it. */
    public static Cluster start(String name) throws Exception {
        Cluster c = prepare(name);
        c.launch();
        return c;
    }

    /** Unpacks and configures a fresh copy on free ports without starting it (set more properties, then launch). */
    public static Cluster prepare(String name) throws IOException {
        Path dist = distributionHome();
        Path home = Path.of(System.getProperty("stevedore.runs", "target/runs"))
                .resolve(name + "-" + System.nanoTime());
        copyTree(dist, home);
        return new Cluster(home);
    }

    /** Runs this member's kubelet (node {@link #nodeName()}) on the given runtime: auto, docker or process. */
    public Cluster withKubelet(String runtime) throws IOException {
        set("io.stevedore.kubelet.cfg", "enabled", "true");
        set("io.stevedore.kubelet.cfg", "runtime", runtime);
        // pod networks of clusters sharing one Docker engine must not overlap: a /20 of 10.244.0.0/16 each
        // (10.244.0.0/20 stays ./stevedore up's), inside the catch-all unreachable route
        int block = 1 + (int) (System.nanoTime() / 1000 % 15);
        set("io.stevedore.controllermanager.cfg", "clusterCidr", "10.244." + (16 * block) + ".0/20");
        return this;
    }

    /** The name this member's kubelet registers (unique per cluster, so clusters can share one Docker engine). */
    public String nodeName() {
        return nodeName;
    }

    /** Removes the Docker containers and network this member's kubelet left (after {@link #close()}). */
    public void removeDockerLeftovers() {
        if (!Docker.available()) {
            return;
        }
        Docker.removeNode(nodeName);
    }

    /**
     * Runs {@code kubectl port-forward TARGET LOCAL:REMOTE} on a free local port and returns the body of an HTTP GET
     * of {@code path} through it, once it answers (bounded); kubectl is stopped afterwards.
     */
    public String getThroughPortForward(String target, int remotePort, String path) throws Exception {
        int port = freePort();
        Process pf = kubectlAsync(home.resolve("port-forward-" + port + ".out"), "port-forward", target,
                port + ":" + remotePort);
        try {
            java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(5)).build();
            java.util.concurrent.atomic.AtomicReference<String> body = new java.util.concurrent.atomic.AtomicReference<>();
            org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(300))
                    .until(() -> {
                        try {
                            body.set(http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(
                                    "http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(5)).build(),
                                    java.net.http.HttpResponse.BodyHandlers.ofString()).body());
                            return true;
                        } catch (IOException e) {
                            return false;
                        }
                    });
            return body.get();
        } finally {
            pf.descendants().forEach(ProcessHandle::destroyForcibly);
            pf.destroyForcibly();
        }
    }

    /** The first port this member's Hazelcast binds (others in the grid list it to join). */
    public int hazelcastPort() {
        return hazelcastPort;
    }

    /** Sets {@code key = value} in {@code etc/FILE}. */
    public Cluster set(String file, String key, String value) throws IOException {
        setProperty(home.resolve("etc").resolve(file), key, value);
        return this;
    }

    static Path distributionHome() throws IOException {
        Path root = Path.of(System.getProperty("stevedore.distribution", "target/distribution"));
        try (var s = Files.list(root)) {
            return s.filter(p -> Files.isDirectory(p.resolve("bin"))).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no unpacked distribution under " + root));
        }
    }

    public String url() {
        return "http://127.0.0.1:" + apiPort;
    }

    public Path home() {
        return home;
    }

    public Path kubeconfig() {
        return kubeconfig;
    }

    private void configure() throws IOException {
        Path etc = home.resolve("etc");
        setProperty(etc.resolve("io.stevedore.apiserver.cfg"), "port", Integer.toString(apiPort));
        setProperty(etc.resolve("io.stevedore.store.cfg"), "port", Integer.toString(hazelcastPort));
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(sshPort));
        setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        // No real node unless a test asks for one (withKubelet): most tests drive hollow nodes.
        setProperty(etc.resolve("io.stevedore.kubelet.cfg"), "enabled", "false");
        setProperty(etc.resolve("io.stevedore.kubelet.cfg"), "nodeName", nodeName);
        run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", sshKey.toString()), Duration.ofSeconds(30));
        String pub = Files.readString(home.resolve("id_rsa.pub")).trim().split("\\s+")[1];
        Files.writeString(etc.resolve("keys.properties"), "karaf=" + pub + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");
        Files.writeString(kubeconfig, """
                apiVersion: v1
                kind: Config
                clusters:
                - name: stevedore
                  cluster:
                    server: %s
                contexts:
                - name: stevedore
                  context:
                    cluster: stevedore
                    user: stevedore
                current-context: stevedore
                users:
                - name: stevedore
                  user: {}
                """.formatted(url()));
    }

    static void setProperty(Path file, String key, String value) throws IOException {
        String text = Files.exists(file) ? Files.readString(file) : "";
        Pattern p = Pattern.compile("(?m)^\\s*#?\\s*" + Pattern.quote(key) + "\\s*=.*$");
        Matcher m = p.matcher(text);
        String line = key + " = " + value;
        text = m.find() ? m.replaceFirst(Matcher.quoteReplacement(line)) : text + "\n" + line + "\n";
        Files.writeString(file, text);
    }

    /** Starts Karaf and waits until the API server is ready. */
    public void launch() throws Exception {
        ProcessBuilder pb = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server");
        pb.directory(home.toFile());
        pb.redirectErrorStream(true);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(home.resolve("karaf.out").toFile()));
        process = pb.start();
        waitReady();
    }

    private void waitReady() throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Karaf exited with " + process.exitValue() + ":\n" + logTail());
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(url() + "/readyz"))
                        .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException e) {
                // not listening yet
            }
            TimeUnit.MILLISECONDS.sleep(250);
        }
        throw new IllegalStateException("API server not ready after " + START_TIMEOUT + ":\n" + logTail());
    }

    public String logTail() {
        try {
            List<String> lines = new ArrayList<>();
            Path log = home.resolve("data/log/karaf.log");
            if (Files.exists(log)) {
                lines.addAll(Files.readAllLines(log, StandardCharsets.UTF_8));
            }
            Path out = home.resolve("karaf.out");
            if (Files.exists(out)) {
                lines.addAll(Files.readAllLines(out, StandardCharsets.UTF_8));
            }
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e + ")";
        }
    }

    /** kill -9 of Karaf and everything it started. */
    public void kill() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
        process.descendants().forEach(ProcessHandle::destroyForcibly);
    }

    /** A clean stop (SIGTERM, bounded wait), then kill whatever is left. */
    public void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = process.descendants().toList();
        tree.forEach(ProcessHandle::destroy);
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            kill();
        }
        tree.forEach(ProcessHandle::destroyForcibly);
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }

    /** The outcome of a command. */
    public record Result(int exitCode, String out, String err) {
        public Result assertOk() {
            if (exitCode != 0) {
                throw new AssertionError("exit " + exitCode + "\nstdout:\n" + out + "\nstderr:\n" + err);
            }
            return this;
        }
    }

    public Result kubectl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", kubeCache.toString(), "--request-timeout=60s"));
        cmd.addAll(Arrays.asList(args));
        return run(cmd, Duration.ofSeconds(120));
    }

    /** Starts kubectl in the background (e.g. {@code get -w}); its stdout goes to {@code out}. */
    public Process kubectlAsync(Path out, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", kubeCache.toString()));
        cmd.addAll(Arrays.asList(args));
        return new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectErrorStream(true).start();
    }

    /** Runs one Karaf shell command over SSH with the generated key. */
    public Result shell(String command) {
        return run(List.of("ssh", "-q", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
                "-o", "BatchMode=yes", "-i", sshKey.toString(), "-p", Integer.toString(sshPort), "karaf@127.0.0.1",
                command), Duration.ofSeconds(120));
    }

    static Result run(List<String> cmd, Duration timeout) {
        try {
            Path out = Files.createTempFile("cmd", ".out");
            Path err = Files.createTempFile("cmd", ".err");
            Process p = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
            if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
                p.waitFor(10, TimeUnit.SECONDS);
                throw new AssertionError("timed out after " + timeout + ": " + cmd + "\n" + Files.readString(out)
                        + Files.readString(err));
            }
            Result r = new Result(p.exitValue(), Files.readString(out), Files.readString(err));
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        Files.walkFileTree(from, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.COPY_ATTRIBUTES);
                return FileVisitResult.CONTINUE;
            }
        });
    }
}
