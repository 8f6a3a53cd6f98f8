package io.stevedore.itests;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;

/**
 * The Docker engine the node itests run pods on: whether one answers, the busybox image made
 * locally from Debian's busybox-static ({@code docker import}, no registry), the catch-all
 * unreachable routes, and removal of what a test's node left.
 */
final class Docker {

    static final String BUSYBOX = "busybox:stevedore-it";

    private Docker() {
    }

    static boolean available() {
        try {
            return run(List.of("docker", "version", "--format", "{{.Server.Version}}"), 20).exit() == 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Skips (or under CI fails) when no engine answers. */
    static void require() {
        if (available()) {
            return;
        }
        if (System.getenv("STEVEDORE_CI") != null) {
            throw new AssertionError("STEVEDORE_CI is set but no Docker engine answers: .ci/run starts dockerd");
        }
        // Off CI only: these tests need a Docker engine, which a developer machine may not run; CI starts one.
        Assumptions.abort("no Docker engine answers (`docker version` failed); start one as .ci/run does "
                + "(dockerd --iptables=false --bridge=none --storage-driver=vfs) to run the node itests");
    }

    record Out(int exit, String text) {
    }

    static Out run(List<String> cmd, int timeoutSeconds) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        Process p = pb.start();
        try {
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return new Out(-1, new String(out, StandardCharsets.UTF_8));
            }
            return new Out(p.exitValue(), new String(out, StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new IOException(e);
        }
    }

    /** The busybox image, imported once from the host's static busybox (applet links, not over the binary). */
    static synchronized String busybox() throws IOException {
        if (run(List.of("docker", "image", "inspect", BUSYBOX), 30).exit() == 0) {
            return BUSYBOX;
        }
        Path bin = Path.of("/bin/busybox");
        if (!Files.isRegularFile(bin)) {
            throw new IOException("/bin/busybox is missing: install busybox-static (.ci/run does)");
        }
        Path root = Files.createTempDirectory("busybox-rootfs");
        try {
            Files.createDirectories(root.resolve("bin"));
            Files.createDirectories(root.resolve("tmp"));
            Files.createDirectories(root.resolve("etc"));
            Files.copy(bin, root.resolve("bin/busybox"));
            root.resolve("bin/busybox").toFile().setExecutable(true, false);
            for (String applet : run(List.of("/bin/busybox", "--list"), 30).text().split("\\s+")) {
                if (!applet.isBlank() && !applet.equals("busybox")) {
                    Files.createSymbolicLink(root.resolve("bin").resolve(applet), Path.of("busybox"));
                }
            }
            List<String> cmd = List.of("sh", "-c", "tar -C '" + root + "' -c . | docker import -c 'CMD [\"sh\"]' "
                    + "-c 'ENV PATH=/bin' - " + BUSYBOX);
            Out o = run(cmd, 120);
            if (o.exit() != 0) {
                throw new IOException("docker import failed: " + o.text());
            }
        } finally {
            run(List.of("rm", "-rf", root.toString()), 30);
        }
        return BUSYBOX;
    }

    /** Catch-all routes for the pod range, so nothing falls through to the default route (needs root; best effort). */
    static void unreachableRoutes() throws IOException {
        for (String cidr : List.of("10.244.0.0/16", "10.96.0.0/12")) {
            String routes = run(List.of("ip", "route", "show", "type", "unreachable"), 10).text();
            if (!routes.contains(cidr.split("/")[0])) {
                run(List.of("ip", "route", "add", "unreachable", cidr, "metric", "4000"), 10);
            }
        }
    }

    /** Removes every container and the network a node's kubelet made. */
    static void removeNode(String node) {
        try {
            String ids = run(List.of("docker", "ps", "-aq", "--filter", "label=io.stevedore.node=" + node), 30).text();
            List<String> cmd = new ArrayList<>(List.of("docker", "rm", "-f"));
            for (String id : ids.split("\\s+")) {
                if (!id.isBlank()) {
                    cmd.add(id);
                }
            }
            if (cmd.size() > 3) {
                run(cmd, 120);
            }
            run(List.of("docker", "network", "rm", "stevedore-" + node), 30);
        } catch (IOException e) {
            // best effort
        }
    }

    /** The containers a node's kubelet runs now (names), for leak checks. */
    static List<String> containers(String node, boolean all) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("docker", "ps", "--format", "{{.Names}}", "--filter",
                "label=io.stevedore.node=" + node));
        if (all) {
            cmd.add("-a");
        }
        List<String> out = new ArrayList<>();
        for (String n : run(cmd, 30).text().split("\\s+")) {
            if (!n.isBlank()) {
                out.add(n);
            }
        }
        return out;
    }
}
