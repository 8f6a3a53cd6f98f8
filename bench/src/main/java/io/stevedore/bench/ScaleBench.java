package io.stevedore.bench;

import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.client.internal.KubeClientComponent;
import io.stevedore.controller.internal.ControllerManager;
import io.stevedore.hollownodes.HollowNodes;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.Scheduler;
import io.stevedore.scheduler.internal.plugins.DefaultPlugins;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Kubernetes' tested limits in one JVM: N hollow nodes (5,000) heartbeating, the scheduler, the controller manager
 * and P pods (150,000, bare, over 50 namespaces) created, bound and reported running. While the pods arrive and
 * then for a hold period, a probe writes single objects over HTTP (create, update, delete of 1 KiB ConfigMaps, as a
 * user would) and records their latency: the figure is p99 <= 1 s. Reports heap after a full GC, RSS and peak RSS.
 */
public final class ScaleBench {

    private static final int NAMESPACES = 50;

    private ScaleBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args);
        int nodes = Integer.parseInt(a.get("nodes", "5000"));
        int pods = Integer.parseInt(a.get("pods", "150000"));
        int holdSeconds = Integer.parseInt(a.get("hold", "60"));
        int probeRate = Integer.parseInt(a.get("probeRate", "20"));
        try (ApiHarness api = ApiHarness.start()) {
            KubeClient client = new KubeClientComponent(api.registry());
            for (int n = 0; n < NAMESPACES; n++) {
                Namespace ns = new NamespaceBuilder().withNewMetadata().withName("scale-" + n).endMetadata().build();
                client.resources(Namespace.class).create(ns);
            }
            api.createNamespace("probe");
            long t0 = System.nanoTime();
            HollowNodes hollow = new HollowNodes(client, HollowNodes.Spec.of("hollow-", nodes)
                    .withCapacity("8", "32Gi", 110), Clock.systemUTC());
            hollow.start();
            System.out.printf("registered %d hollow nodes in %.1f s; RSS %s%n", nodes, (System.nanoTime() - t0) / 1e9,
                    ProcStatus.mib("VmRSS"));
            Scheduler scheduler = new Scheduler(client, "default-scheduler",
                    new Framework(DefaultPlugins.create(), Framework.defaultWeights(), 0), Duration.ofSeconds(1),
                    Duration.ofSeconds(10), Clock.systemUTC());
            ControllerManager controllers = new ControllerManager(client,
                    ControllerManager.Settings.defaults(ControllerManager.enabled("*")), "bench", Clock.systemUTC());
            Probe probe = new Probe(api.port(), probeRate);
            try {
                scheduler.start(Duration.ofSeconds(120));
                controllers.start(Duration.ofSeconds(120));
                probe.start();
                long c0 = System.nanoTime();
                create(client, pods);
                double createSecs = (System.nanoTime() - c0) / 1e9;
                System.out.printf("created %d pods in %.0f s (%.0f pods/s)%n", pods, createSecs, pods / createSecs);
                long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(30);
                while (scheduler.scheduledCount() < pods && System.nanoTime() < deadline) {
                    Thread.sleep(1000);
                }
                double boundSecs = (System.nanoTime() - c0) / 1e9;
                System.out.printf("bound %d of %d pods %.0f s after the first create%n", scheduler.scheduledCount(), pods,
                        boundSecs);
                int running = 0;
                while (System.nanoTime() < deadline) {
                    running = api.registry().list(io.stevedore.api.ResourceTypes.PODS, null, ListOptions.ALL
                            .withFieldSelector("status.phase=Running")).items().size();
                    if (running >= pods) {
                        break;
                    }
                    System.out.printf("  %.0f s: %d running%n", (System.nanoTime() - c0) / 1e9, running);
                    Thread.sleep(10_000);
                }
                double runningSecs = (System.nanoTime() - c0) / 1e9;
                LatencyRecorder.Stats load = probe.take((System.nanoTime() - c0) / 1e9);
                System.out.printf("%d pods running %.0f s after the first create%n", running, runningSecs);
                Thread.sleep(TimeUnit.SECONDS.toMillis(holdSeconds));
                LatencyRecorder.Stats hold = probe.take(holdSeconds);
                System.gc();
                Thread.sleep(2000);
                long heap = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / (1024 * 1024);
                System.out.printf("| scale: %d hollow nodes, %d pods running | pods created in %.0f s, bound in %.0f s, "
                        + "running in %.0f s | heap after GC %d MiB | RSS %s | peak RSS %s |%n", nodes, running,
                        createSecs, boundSecs, runningSecs, heap, ProcStatus.mib("VmRSS"), ProcStatus.mib("VmHWM"));
                System.out.printf("| single-object writes over HTTP while the pods arrive | %d | p50 %.1f ms | p99 %.1f ms"
                        + " | max %.1f ms | errors %d |%n", load.ops(), load.p50(), load.p99(), load.max(), load.errors());
                System.out.printf("| single-object writes over HTTP, %d s held at scale | %d | p50 %.1f ms | p99 %.1f ms"
                        + " | max %.1f ms | errors %d |%n", holdSeconds, hold.ops(), hold.p50(), hold.p99(), hold.max(),
                        hold.errors());
            } finally {
                probe.close();
                controllers.close();
                scheduler.close();
                hollow.close(false);
            }
        }
    }

    private static void create(KubeClient client, int pods) throws InterruptedException {
        AtomicInteger failed = new AtomicInteger();
        Threads.forEach(pods, 16, i -> {
            try {
                client.resources(Pod.class).inNamespace("scale-" + (i % NAMESPACES)).create(pod("pod-" + i));
            } catch (RuntimeException e) {
                failed.incrementAndGet();
            }
            if (i > 0 && i % 25_000 == 0) {
                System.out.printf("  %d pods created; RSS %s%n", i, ProcStatus.mib("VmRSS"));
            }
        });
        if (failed.get() > 0) {
            System.out.printf("  %d creates failed%n", failed.get());
        }
    }

    private static Pod pod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "scale").endMetadata()
                .withNewSpec().addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10")
                .withNewResources().addToRequests("cpu", new Quantity("10m"))
                .addToRequests("memory", new Quantity("16Mi")).endResources().endContainer().endSpec().build();
    }

    /** Writes single objects over HTTP at a fixed rate (create, update, delete in turn) and records each latency. */
    private static final class Probe implements AutoCloseable {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private final String base;
        private final int rate;
        private final AtomicBoolean running = new AtomicBoolean(true);
        private volatile LatencyRecorder recorder = new LatencyRecorder();
        private final Thread thread;
        private final String value = "x".repeat(1024);

        Probe(int port, int rate) {
            this.base = "http://127.0.0.1:" + port + "/api/v1/namespaces/probe/configmaps";
            this.rate = rate;
            this.thread = new Thread(this::run, "scale-probe");
            this.thread.setDaemon(true);
        }

        void start() {
            thread.start();
        }

        /** The latencies since the last take, and a fresh recorder. */
        LatencyRecorder.Stats take(double seconds) {
            LatencyRecorder r = recorder;
            recorder = new LatencyRecorder();
            return r.stats(seconds);
        }

        private void run() {
            long period = TimeUnit.SECONDS.toNanos(1) / Math.max(1, rate);
            long next = System.nanoTime();
            int i = 0;
            while (running.get()) {
                String name = "probe-" + (i / 3);
                String body = "{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"metadata\":{\"name\":\"" + name
                        + "\"},\"data\":{\"v\":\"" + value + (i % 3) + "\"}}";
                HttpRequest req = switch (i % 3) {
                    case 0 -> HttpRequest.newBuilder(URI.create(base)).timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build();
                    case 1 -> HttpRequest.newBuilder(URI.create(base + "/" + name)).timeout(Duration.ofSeconds(30))
                            .header("Content-Type", "application/json")
                            .PUT(HttpRequest.BodyPublishers.ofString(body)).build();
                    default -> HttpRequest.newBuilder(URI.create(base + "/" + name)).timeout(Duration.ofSeconds(30))
                            .DELETE().build();
                };
                long s = System.nanoTime();
                try {
                    HttpResponse<Void> r = http.send(req, HttpResponse.BodyHandlers.discarding());
                    if (r.statusCode() >= 300) {
                        recorder.error();
                    } else {
                        recorder.record(System.nanoTime() - s);
                    }
                } catch (java.io.IOException e) {
                    recorder.error();
                } catch (InterruptedException e) {
                    return;
                }
                i++;
                next += period;
                long wait = next - System.nanoTime();
                if (wait > 0) {
                    try {
                        TimeUnit.NANOSECONDS.sleep(wait);
                    } catch (InterruptedException e) {
                        return;
                    }
                } else {
                    next = System.nanoTime(); // fell behind: no catch-up burst
                }
            }
        }

        @Override
        public void close() throws InterruptedException {
            running.set(false);
            thread.interrupt();
            thread.join(10_000);
        }
    }
}
