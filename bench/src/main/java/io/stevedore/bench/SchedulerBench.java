package io.stevedore.bench;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.stevedore.api.client.KubeClient;
import io.stevedore.client.internal.KubeClientComponent;
import io.stevedore.scheduler.internal.Framework;
import io.stevedore.scheduler.internal.Scheduler;
import io.stevedore.scheduler.internal.plugins.DefaultPlugins;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntConsumer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * scheduler_perf's SchedulingBasic shape in one JVM: the Hazelcast store with its WAL, the registry, the
 * in-JVM client and the scheduler; N nodes (4 CPU, 32 Gi, 110 pods), initial pods scheduled first, then the
 * measured pods (100m CPU, 500 Mi each) created by 8 threads; throughput = measured pods / seconds from
 * the first create to the last binding.
 */
public final class SchedulerBench {

    private SchedulerBench() {
    }

    public static void main(String[] args) throws Exception {
        BenchArgs a = BenchArgs.parse(args);
        int nodes = Integer.parseInt(a.get("nodes", "5000"));
        int initPods = Integer.parseInt(a.get("initPods", "1000"));
        int pods = Integer.parseInt(a.get("pods", "10000"));
        String shape = a.get("shape", "basic");
        parallelism = Integer.parseInt(a.get("parallelism", Integer.toString(Framework.defaultParallelism())));
        int rounds = Integer.parseInt(a.get("rounds", "3"));
        if (!List.of("basic", "antiaffinity", "taints").contains(shape)) {
            throw new IllegalArgumentException("--shape: basic, antiaffinity or taints, not " + shape);
        }
        try (ApiHarness api = ApiHarness.start()) {
            KubeClient client = new KubeClientComponent(api.registry());
            long t0 = System.nanoTime();
            parallel(nodes, i -> {
                Node want = node("node-" + i);
                if (shape.equals("taints")) {
                    // Every node tainted; half also carry a PreferNoSchedule taint the pods do not tolerate.
                    want.setSpec(new io.fabric8.kubernetes.api.model.NodeSpec());
                    List<io.fabric8.kubernetes.api.model.Taint> taints = new java.util.ArrayList<>();
                    taints.add(new io.fabric8.kubernetes.api.model.Taint("NoSchedule", "dedicated", null, "perf"));
                    if (i % 2 == 0) {
                        taints.add(new io.fabric8.kubernetes.api.model.Taint("PreferNoSchedule", "spare", null, "yes"));
                    }
                    want.getSpec().setTaints(taints);
                }
                Node created = client.resources(Node.class).create(want);
                created.setStatus(want.getStatus());
                client.resources(Node.class).updateStatus(created);
            });
            System.out.printf("created %d nodes in %.1f s%n", nodes, (System.nanoTime() - t0) / 1e9);
            String name = switch (shape) {
                case "antiaffinity" -> "SchedulingPodAntiAffinity (required, hostname)";
                case "taints" -> "SchedulingBasic with taints and tolerations";
                default -> "SchedulingBasic";
            };
            Scheduler scheduler = newScheduler(client);
            try {
                scheduler.start(Duration.ofSeconds(120));
                run(client, scheduler, "init", initPods, 0, shape);
                double rate = run(client, scheduler, "measured", pods, initPods, shape);
                System.out.printf("| scheduler %s, pods created while it runs | %d nodes | %d pods | %.0f pods/s |%n",
                        name, nodes, pods, rate);
            } finally {
                scheduler.close();
            }
            // The scheduler's own rate: a backlog of pending pods created while no scheduler runs, then one starts
            // (its informers list them) and binds them all; seconds from its start to the last binding. Repeated
            // (the backlog deleted between rounds) because the first rounds still pay for the JIT: on 2 cores the
            // compiler threads took about a third of the CPU of a single round.
            double warm = 0;
            for (int round = 1; round <= rounds; round++) {
                String prefix = "backlog" + round + "-";
                long created = System.nanoTime();
                parallel(pods, i -> client.resources(Pod.class).inNamespace("default").create(pod(prefix + i, shape)));
                double createRate = pods / ((System.nanoTime() - created) / 1e9);
                Scheduler second = newScheduler(client);
                try {
                    long t1 = System.nanoTime();
                    second.start(Duration.ofSeconds(120));
                    long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
                    while (second.scheduledCount() < pods && System.nanoTime() < deadline) {
                        Thread.sleep(5);
                    }
                    double secs = (System.nanoTime() - t1) / 1e9;
                    warm = second.scheduledCount() / secs;
                    System.out.printf("backlog round %d: %d of %d pods bound in %.2f s from the scheduler's start "
                            + "(%.0f pods/s), %d failed attempts; the backlog was created at %.0f pods/s%n", round,
                            second.scheduledCount(), pods, secs, warm, second.failedCount(), createRate);
                } finally {
                    second.close();
                }
                if (round < rounds) {
                    parallel(pods, i -> client.resources(Pod.class).inNamespace("default").delete(prefix + i,
                            new io.stevedore.api.registry.DeleteOptions(0L, null, null, null, false)));
                }
            }
            System.out.printf("| scheduler %s, backlog of pending pods, round %d of %d | %d nodes | %d pods | "
                    + "%.0f pods/s |%n", name, rounds, rounds, nodes, pods, warm);
            // The store's own write rate in the same JVM and run: 32 writers updating 1 KiB values (each binding is
            // one such write, with the registry's work around it).
            double storeRate = storeWriteRate(api.storeHarness().store(), 32, 20_000);
            System.out.printf("| store writes (1 KiB, 32 writers) in the same run | %.0f writes/s |%n", storeRate);
        }
    }

    private static double storeWriteRate(io.stevedore.api.store.Store store, int writers, int writes)
            throws InterruptedException {
        byte[] value = new byte[1024];
        java.util.Arrays.fill(value, (byte) 'x');
        for (int k = 0; k < writers; k++) {
            store.create("/bench/store-rate/" + k, value);
        }
        AtomicInteger next = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        long t0 = System.nanoTime();
        for (int t = 0; t < writers; t++) {
            int k = t;
            pool.execute(() -> {
                while (next.getAndIncrement() < writes) {
                    store.update("/bench/store-rate/" + k, value, 0);
                }
            });
        }
        pool.shutdown();
        pool.awaitTermination(10, TimeUnit.MINUTES);
        return writes / ((System.nanoTime() - t0) / 1e9);
    }

    private static int parallelism = Framework.defaultParallelism();

    private static Scheduler newScheduler(KubeClient client) {
        return new Scheduler(client, "default-scheduler",
                new Framework(DefaultPlugins.create(), Framework.defaultWeights(), 0, parallelism), Duration.ofSeconds(1),
                Duration.ofSeconds(10), Clock.systemUTC());
    }

    private static double run(KubeClient client, Scheduler scheduler, String what, int count, int offset,
                              String shape) throws InterruptedException {
        long before = scheduler.scheduledCount();
        long t0 = System.nanoTime();
        parallel(count, i -> client.resources(Pod.class).inNamespace("default").create(pod("pod-" + (offset + i), shape)));
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(10);
        while (scheduler.scheduledCount() - before < count && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        double secs = (System.nanoTime() - t0) / 1e9;
        long done = scheduler.scheduledCount() - before;
        System.out.printf("%s: %d of %d pods bound in %.2f s (%.0f pods/s), %d failed attempts%n", what, done, count,
                secs, done / secs, scheduler.failedCount());
        return done / secs;
    }

    private static void parallel(int n, IntConsumer task) throws InterruptedException {
        Threads.forEach(n, 8, task);
    }

    private static Node node(String name) {
        return new NodeBuilder().withNewMetadata().withName(name).addToLabels("kubernetes.io/hostname", name)
                .endMetadata().withNewStatus().addToAllocatable("cpu", new Quantity("4"))
                .addToAllocatable("memory", new Quantity("32Gi")).addToAllocatable("pods", new Quantity("110"))
                .addToCapacity("cpu", new Quantity("4")).addToCapacity("memory", new Quantity("32Gi"))
                .addToCapacity("pods", new Quantity("110")).endStatus().build();
    }

    private static Pod pod(String name, String shape) {
        Pod p = basicPod(name);
        if (shape.equals("antiaffinity")) {
            // scheduler_perf's SchedulingPodAntiAffinity: at most one pod labelled color=green per node.
            p.getMetadata().setLabels(java.util.Map.of("color", "green"));
            p.getSpec().setAffinity(new io.fabric8.kubernetes.api.model.AffinityBuilder().withNewPodAntiAffinity()
                    .addNewRequiredDuringSchedulingIgnoredDuringExecution().withNewLabelSelector()
                    .addToMatchLabels("color", "green").endLabelSelector().withTopologyKey("kubernetes.io/hostname")
                    .endRequiredDuringSchedulingIgnoredDuringExecution().endPodAntiAffinity().build());
        } else if (shape.equals("taints")) {
            p.getSpec().setTolerations(List.of(new io.fabric8.kubernetes.api.model.TolerationBuilder()
                    .withKey("dedicated").withOperator("Equal").withValue("perf").withEffect("NoSchedule").build()));
        }
        return p;
    }

    private static Pod basicPod(String name) {
        return new PodBuilder().withNewMetadata().withName(name).endMetadata().withNewSpec().addNewContainer()
                .withName("pause").withImage("registry.k8s.io/pause:3.10").withNewResources()
                .addToRequests("cpu", new Quantity("100m")).addToRequests("memory", new Quantity("500Mi"))
                .endResources().endContainer().endSpec().build();
    }
}
