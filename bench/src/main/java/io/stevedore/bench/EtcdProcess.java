package io.stevedore.bench;

import java.io.File;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A single-member etcd started for a benchmark: loopback only, free ports, a temporary data directory, default
 * durability (fsync per commit). {@link #close()} stops it and deletes the directory; a shutdown hook does the same
 * if the JVM ends first.
 */
public final class EtcdProcess implements AutoCloseable {

    private static final long START_TIMEOUT_SECONDS = 30;

    private final Process process;
    private final Path dir;
    private final int clientPort;
    private final Thread hook;

    private EtcdProcess(Process process, Path dir, int clientPort) {
        this.process = process;
        this.dir = dir;
        this.clientPort = clientPort;
        this.hook = new Thread(this::stop, "etcd-stopper");
        Runtime.getRuntime().addShutdownHook(hook);
    }

    /** The etcd binary: {@code $ETCD_BIN}, else {@code etcd} on the PATH, else {@code /usr/bin/etcd}. */
    static String binary() {
        String env = System.getenv("ETCD_BIN");
        if (env != null && !env.isBlank()) {
            return env;
        }
        String path = System.getenv().getOrDefault("PATH", "");
        for (String d : path.split(File.pathSeparator)) {
            File f = new File(d, "etcd");
            if (f.canExecute()) {
                return f.getAbsolutePath();
            }
        }
        return "/usr/bin/etcd";
    }

    public static EtcdProcess start() throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("stevedore-bench-etcd");
        int client = Ports.free();
        int peer = Ports.free();
        String clientUrl = "http://127.0.0.1:" + client;
        String peerUrl = "http://127.0.0.1:" + peer;
        List<String> cmd = List.of(binary(),
                "--name", "bench",
                "--data-dir", dir.resolve("data").toString(),
                "--listen-client-urls", clientUrl,
                "--advertise-client-urls", clientUrl,
                "--listen-peer-urls", peerUrl,
                "--initial-advertise-peer-urls", peerUrl,
                "--initial-cluster", "bench=" + peerUrl,
                "--initial-cluster-state", "new",
                "--initial-cluster-token", "stevedore-bench",
                "--logger", "zap",
                "--log-level", "warn");
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("etcd.log").toFile())
                .start();
        EtcdProcess etcd = new EtcdProcess(p, dir, client);
        try {
            etcd.awaitListening();
        } catch (IOException | InterruptedException | RuntimeException e) {
            etcd.close();
            throw e;
        }
        return etcd;
    }

    private void awaitListening() throws IOException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IOException("etcd exited with " + process.exitValue() + "; log: " + log());
            }
            try (Socket s = new Socket(InetAddress.getLoopbackAddress(), clientPort)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IOException("etcd did not listen on " + clientPort + " within " + START_TIMEOUT_SECONDS + " s");
    }

    private String log() {
        try {
            return Files.readString(dir.resolve("etcd.log"));
        } catch (IOException e) {
            return "(no log)";
        }
    }

    public String endpoint() {
        return "http://127.0.0.1:" + clientPort;
    }

    public long pid() {
        return process.pid();
    }

    private synchronized void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(15, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        TempDirs.deleteQuietly(dir);
    }

    @Override
    public void close() {
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException shuttingDown) {
            // the hook runs anyway
        }
    }
}
