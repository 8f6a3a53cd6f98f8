package io.stevedore.bench;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.registry.PatchType;
import io.stevedore.client.internal.KubeClientComponent;
import io.stevedore.controller.internal.ControllerManager;
import io.stevedore.hollownodes.HollowNodes;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.Scheduler;
import io.stevedore.scheduler.internal.plugins.DefaultPlugins;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A Deployment at scale, the whole control plane in one JVM: the Hazelcast store with its WAL, the
 * registry, the in-JVM client, the scheduler, the controller manager and N hollow nodes. Measures
 * seconds from create to every replica available, then for a rolling update (a new image) to
 * complete, and the JVM's peak RSS (VmHWM) and heap after each phase.
 */
public final class DeploymentBench {

    private DeploymentBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args);
        int nodes = Integer.parseInt(a.get("nodes", "200"));
        int replicas = Integer.parseInt(a.get("replicas", "1000"));
        try (ApiHarness api = ApiHarness.start()) {
            KubeClient client = new KubeClientComponent(api.registry());
            HollowNodes hollow = new HollowNodes(client, HollowNodes.Spec.of("hollow-", nodes)
                    .withCapacity("8", "32Gi", 110), Clock.systemUTC());
            long t0 = System.nanoTime();
            hollow.start();
            System.out.printf("registered %d hollow nodes in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);
            Scheduler scheduler = new Scheduler(client, "default-scheduler",
                    new Framework(DefaultPlugins.create(), Framework.defaultWeights(), 0), Duration.ofSeconds(1),
                    Duration.ofSeconds(10), Clock.systemUTC());
            ControllerManager controllers = new ControllerManager(client,
                    ControllerManager.Settings.defaults(ControllerManager.enabled("*")), "bench", Clock.systemUTC());
            try {
                scheduler.start(Duration.ofSeconds(60));
                controllers.start(Duration.ofSeconds(60));
                long c0 = System.nanoTime();
                client.resources(Deployment.class).inNamespace("default").create(deployment(replicas));
                double created = awaitComplete(client, replicas, c0);
                System.out.printf("| deployment create -> %d available | %d hollow nodes | %.1f s | peak RSS %s | heap %s |%n",
                        replicas, nodes, created, peakRss(), heapUsed());
                long u0 = System.nanoTime();
                client.resources(Deployment.class).inNamespace("default").patch("bench", PatchType.STRATEGIC_MERGE,
                        "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"app\","
                                + "\"image\":\"registry.k8s.io/pause:3.10-v2\"}]}}}}");
                double rolled = awaitComplete(client, replicas, u0);
                System.out.printf("| rolling update of %d replicas (25%% surge, 25%% unavailable) | %d hollow nodes | "
                        + "%.1f s | peak RSS %s | heap %s |%n", replicas, nodes, rolled, peakRss(), heapUsed());
                System.out.printf("pods at the end: %d%n", client.resources(Pod.class).inNamespace("default").list()
                        .items().size());
            } finally {
                controllers.close();
                scheduler.close();
                hollow.close();
            }
        }
    }

    /** Seconds until the deployment's newest generation is observed and fully available (bounded: 15 min). */
    private static double awaitComplete(KubeClient client, int replicas, long t0) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(15);
        long lastPrint = 0;
        while (System.nanoTime() < deadline) {
            Deployment d = client.resources(Deployment.class).inNamespace("default").get("bench").orElseThrow();
            var st = d.getStatus();
            if (st != null && st.getObservedGeneration() != null
                    && st.getObservedGeneration() >= d.getMetadata().getGeneration()
                    && intOf(st.getUpdatedReplicas()) == replicas && intOf(st.getAvailableReplicas()) == replicas
                    && intOf(st.getReplicas()) == replicas) {
                return (System.nanoTime() - t0) / 1e9;
            }
            if (System.nanoTime() - lastPrint > TimeUnit.SECONDS.toNanos(10)) {
                lastPrint = System.nanoTime();
                System.out.printf("  %.0f s: updated %d, available %d, total %d%n", (lastPrint - t0) / 1e9,
                        st == null ? 0 : intOf(st.getUpdatedReplicas()), st == null ? 0 : intOf(st.getAvailableReplicas()),
                        st == null ? 0 : intOf(st.getReplicas()));
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("deployment did not complete in 15 minutes");
    }

    private static int intOf(Integer i) {
        return i == null ? 0 : i;
    }

    private static Deployment deployment(int replicas) {
        return new DeploymentBuilder().withNewMetadata().withName("bench").endMetadata().withNewSpec()
                .withReplicas(replicas).withNewSelector().addToMatchLabels("app", "bench").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "bench").endMetadata().withNewSpec()
                .addNewContainer().withName("app").withImage("registry.k8s.io/pause:3.10").withNewResources()
                .addToRequests("cpu", new Quantity("10m")).addToRequests("memory", new Quantity("16Mi"))
                .endResources().endContainer().endSpec().endTemplate().endSpec().build();
    }

    /** The JVM's peak resident set (VmHWM). */
    static String peakRss() {
        return ProcStatus.mib("VmHWM");
    }

    private static String heapUsed() {
        Runtime r = Runtime.getRuntime();
        return ((r.totalMemory() - r.freeMemory()) / (1024 * 1024)) + " MiB";
    }
}
