package io.stevedore.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The kubelet on a real Docker engine, in the distribution ./stevedore up starts: pod startup latency
 * (create to Running as a watch sees it) over N pods beside the time of a raw {@code docker run} of the
 * same image; RSS of the whole single-node cluster with N pods running; and after kill -9 of the
 * Karaf JVM with K pods running and one ./stevedore up, how many containers were duplicated, lost or
 * orphaned, and how long until every pod was Ready again.
 */
public final class NodeBench {

    private static final JsonMapper JSON = new JsonMapper();

    private NodeBench() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        Path root = Path.of(args.get("root", ".")).toAbsolutePath().normalize();
        Path archive = Path.of(args.get("archive", ""));
        int pods = Integer.parseInt(args.get("pods", "100"));
        int crashPods = Integer.parseInt(args.get("crashPods", "20"));
        long intervalMs = Long.parseLong(args.get("intervalMs", "1000"));
        String image = args.get("image", "busybox:stevedore-it");
        Path home = Files.createTempDirectory("stevedore-bench-node");
        int apiPort = Ports.free();
        String node = "bench-" + Long.toString(System.nanoTime() % 100000, 36);
        DistributionBench.Launcher launcher = new DistributionBench.Launcher(root.resolve("stevedore"), Map.of(
                "STEVEDORE_HOME", home.toString(),
                "STEVEDORE_API_PORT", Integer.toString(apiPort),
                "STEVEDORE_SSH_PORT", Integer.toString(Ports.free()),
                "STEVEDORE_HAZELCAST_PORT", Integer.toString(Ports.free()),
                "STEVEDORE_ARCHIVE", archive.toString()));
        Table table = new Table("measure", "value");
        String api = "http://127.0.0.1:" + apiPort;
        HttpClient http = HttpClient.newHttpClient();
        try {
            run(List.of("docker", "image", "inspect", image), 30, true);
            launcher.run("up");
            launcher.run("down");
            DistributionBench.applySettings(home, "io.stevedore.kubelet:nodeName=" + node
                    + ",io.stevedore.kubelet:runtime=docker");
            launcher.run("up");
            awaitReadyNode(http, api, node);

            // raw docker run of the same image, same command
            List<Double> raw = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                long t0 = System.nanoTime();
                run(List.of("docker", "run", "-d", "--name", "bench-raw-" + i, image, "sleep", "600"), 60, true);
                raw.add((System.nanoTime() - t0) / 1e6);
            }
            run(List.of("sh", "-c", "docker rm -f $(docker ps -aq --filter name=bench-raw-)"), 120, false);
            table.row("raw docker run -d (20 runs): p50 / p99", pct(raw, 50) + " / " + pct(raw, 99) + " ms");

            post(http, api + "/api/v1/namespaces", "{\"apiVersion\":\"v1\",\"kind\":\"Namespace\","
                    + "\"metadata\":{\"name\":\"bench\"}}");
            Map<String, Long> created = new ConcurrentHashMap<>();
            Map<String, Long> running = new ConcurrentHashMap<>();
            Thread watcher = watchRunning(http, api, created, running);
            // one at a time, as the raw docker runs were: the kubelet's own latency, no queueing
            List<Double> single = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                String name = "s" + i;
                created.put(name, System.nanoTime());
                post(http, api + "/api/v1/namespaces/bench/pods", pod(name, image));
                long until = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
                while (!running.containsKey(name) && System.nanoTime() < until) {
                    TimeUnit.MILLISECONDS.sleep(5);
                }
                if (running.containsKey(name)) {
                    single.add((running.get(name) - created.get(name)) / 1e6);
                }
                http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/namespaces/bench/pods/" + name
                        + "?gracePeriodSeconds=0")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
            table.row("pod startup one at a time (20 pods): p50 / p99", pct(single, 50) + " / " + pct(single, 99)
                    + " ms");
            running.clear();
            for (int i = 0; i < pods; i++) {
                String name = "p" + i;
                created.put(name, System.nanoTime());
                post(http, api + "/api/v1/namespaces/bench/pods", pod(name, image));
                TimeUnit.MILLISECONDS.sleep(intervalMs);
            }
            long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
            while (running.keySet().stream().filter(n -> n.startsWith("p")).count() < pods
                    && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(200);
            }
            watcher.interrupt();
            List<Double> lat = new ArrayList<>();
            running.forEach((n, t) -> {
                if (n.startsWith("p")) {
                    lat.add((t - created.get(n)) / 1e6);
                }
            });
            table.row("pods Running (seen by a watch) of " + pods, Integer.toString(lat.size()));
            table.row("pod startup, create -> Running (" + pods + " pods, one per " + intervalMs + " ms): p50 / p99",
                    pct(lat, 50) + " / " + pct(lat, 99) + " ms");
            TimeUnit.SECONDS.sleep(10);
            long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
            long karafPid = karafJvm(pid);
            table.row("RSS of the Karaf JVM with " + pods + " pods running",
                    String.format("%.0f MiB", DistributionBench.status(karafPid, "VmRSS") / 1024.0));
            String dockerd = run(List.of("sh", "-c", "ps -o rss= -C dockerd | head -n 1"), 10, false).trim();
            String shims = run(List.of("sh", "-c", "ps -o rss= -C containerd-shim-runc-v2,containerd-shim "
                    + "| awk '{s+=$1} END {print s+0}'"), 10, false).trim();
            table.row("RSS of dockerd / all containerd shims (not Stevedore's; for scale)",
                    String.format("%.0f MiB / %.0f MiB", Long.parseLong(dockerd.isEmpty() ? "0" : dockerd) / 1024.0,
                            Long.parseLong(shims.isEmpty() ? "0" : shims) / 1024.0));

            // kill -9 with crashPods pods running, then one ./stevedore up
            for (int i = crashPods; i < pods; i++) {
                http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/namespaces/bench/pods/p" + i
                        + "?gracePeriodSeconds=0")).DELETE().build(), HttpResponse.BodyHandlers.discarding());
            }
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            while (containers(node).size() != 2 * crashPods && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(300);
            }
            Set<String> before = new HashSet<>(containers(node));
            table.row("containers (sandbox + app) before kill -9", Integer.toString(before.size()));
            run(List.of("kill", "-9", Long.toString(karafPid)), 10, false);
            TimeUnit.SECONDS.sleep(1);
            long t0 = System.nanoTime();
            launcher.run("up");
            double upSeconds = (System.nanoTime() - t0) / 1e9;
            deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
            int ready = 0;
            while (System.nanoTime() < deadline) {
                ready = readyPods(http, api);
                if (ready == crashPods) {
                    break;
                }
                TimeUnit.MILLISECONDS.sleep(200);
            }
            double readySeconds = (System.nanoTime() - t0) / 1e9;
            TimeUnit.SECONDS.sleep(5);
            List<String> after = containers(node);
            Set<String> afterSet = new HashSet<>(after);
            int lost = 0;
            for (String c : before) {
                if (!afterSet.contains(c)) {
                    lost++;
                }
            }
            int duplicated = after.size() - afterSet.size() + (int) afterSet.stream().filter(c -> !before.contains(c))
                    .count();
            table.row("after kill -9 + one ./stevedore up: up returned / all " + crashPods + " pods Ready",
                    String.format("%.1f s / %.1f s (%d Ready)", upSeconds, readySeconds, ready));
            table.row("containers duplicated (new ones) / lost / orphaned", duplicated + " / " + lost + " / "
                    + orphans(http, api, node));
        } finally {
            try {
                launcher.run("down");
            } finally {
                run(List.of("sh", "-c", "docker rm -f $(docker ps -aq --filter label=io.stevedore.node=" + node
                        + ") 2>/dev/null; docker network rm stevedore-" + node), 300, false);
                TempDirs.deleteQuietly(home);
            }
        }
        System.out.println("The kubelet on Docker in the distribution (./stevedore up)");
        System.out.print(table);
    }

    private static String pod(String name, String image) {
        return "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"" + name + "\",\"labels\":{\"app\":"
                + "\"bench\"}},\"spec\":{\"terminationGracePeriodSeconds\":0,\"containers\":[{\"name\":\"c\","
                + "\"image\":\"" + image + "\",\"imagePullPolicy\":\"Never\",\"command\":[\"sleep\",\"3600\"]}]}}";
    }

    private static void post(HttpClient http, String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Content-Type",
                "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300 && r.statusCode() != 409) {
            throw new IOException("POST " + url + ": " + r.statusCode() + " " + r.body());
        }
    }

    /** Records, per pod, when a watch first sees it Running. */
    private static Thread watchRunning(HttpClient http, String api, Map<String, Long> created, Map<String, Long> running)
            throws Exception {
        HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(api
                + "/api/v1/namespaces/bench/pods?watch=true")).build(), HttpResponse.BodyHandlers.ofInputStream());
        Thread t = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(r.body(), StandardCharsets.UTF_8))) {
                String line;
                while ((line = in.readLine()) != null) {
                    long now = System.nanoTime();
                    JsonNode o = JSON.readTree(line).path("object");
                    String name = o.path("metadata").path("name").asString("");
                    if ("Running".equals(o.path("status").path("phase").asString("")) && created.containsKey(name)) {
                        running.putIfAbsent(name, now);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // the watch ends with the bench
            }
        }, "bench-watch");
        t.setDaemon(true);
        t.start();
        return t;
    }

    private static void awaitReadyNode(HttpClient http, String api, String node) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(2);
        while (System.nanoTime() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/nodes/" + node))
                    .build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                for (JsonNode c : JSON.readTree(r.body()).path("status").path("conditions")) {
                    if (c.path("type").asString("").equals("Ready") && c.path("status").asString("").equals("True")) {
                        return;
                    }
                }
            }
            TimeUnit.MILLISECONDS.sleep(300);
        }
        throw new IOException("node " + node + " did not turn Ready in 2 minutes");
    }

    private static int readyPods(HttpClient http, String api) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api
                    + "/api/v1/namespaces/bench/pods")).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                return 0;
            }
            int n = 0;
            for (JsonNode p : JSON.readTree(r.body()).path("items")) {
                for (JsonNode c : p.path("status").path("conditions")) {
                    if (c.path("type").asString("").equals("Ready") && c.path("status").asString("").equals("True")) {
                        n++;
                    }
                }
            }
            return n;
        } catch (IOException | InterruptedException | RuntimeException e) {
            return 0;
        }
    }

    /** Running containers of the node whose pod the API does not know. */
    private static int orphans(HttpClient http, String api, String node) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(api + "/api/v1/pods")).build(),
                HttpResponse.BodyHandlers.ofString());
        Set<String> uids = new HashSet<>();
        for (JsonNode p : JSON.readTree(r.body()).path("items")) {
            uids.add(p.path("metadata").path("uid").asString(""));
        }
        int n = 0;
        for (String line : run(List.of("docker", "ps", "--filter", "label=io.stevedore.node=" + node, "--format",
                "{{.Label \"io.kubernetes.pod.uid\"}}"), 30, false).split("\n")) {
            if (!line.isBlank() && !uids.contains(line.trim())) {
                n++;
            }
        }
        return n;
    }

    private static List<String> containers(String node) throws IOException, InterruptedException {
        List<String> out = new ArrayList<>();
        for (String id : run(List.of("docker", "ps", "-q", "--no-trunc", "--filter", "label=io.stevedore.node=" + node),
                30, false).split("\n")) {
            if (!id.isBlank()) {
                out.add(id.trim());
            }
        }
        return out;
    }

    private static long karafJvm(long wrapperPid) {
        return ProcessHandle.of(wrapperPid).flatMap(p -> p.descendants().filter(d -> d.info().command()
                .map(c -> c.endsWith("java")).orElse(false)).findFirst()).map(ProcessHandle::pid).orElse(wrapperPid);
    }

    private static String pct(List<Double> values, int p) {
        if (values.isEmpty()) {
            return "n/a";
        }
        List<Double> s = new ArrayList<>(values);
        Collections.sort(s);
        int i = (int) Math.ceil(p / 100.0 * s.size()) - 1;
        return String.format("%.0f", s.get(Math.max(0, Math.min(s.size() - 1, i))));
    }

    private static String run(List<String> cmd, int timeoutSeconds, boolean check) throws IOException,
            InterruptedException {
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(cmd + " timed out");
        }
        if (check && p.exitValue() != 0) {
            throw new IOException(cmd + " failed: " + out);
        }
        return out;
    }
}
