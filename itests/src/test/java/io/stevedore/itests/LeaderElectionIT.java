package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Two control-plane members in one grid: the scheduler and the controller manager run once, on the member that
 * holds their Leases; when that member is killed (SIGKILL, no release), the other takes both Leases over and
 * carries on scheduling and reconciling, with every acknowledged object still there.
 */
class LeaderElectionIT {

    private static final List<String> LEASES = List.of("kube-scheduler", "kube-controller-manager");

    private Cluster first;
    private Cluster second;

    @AfterEach
    void stop() throws InterruptedException {
        if (second != null) {
            second.stop();
        }
        if (first != null) {
            first.stop();
        }
    }

    @Test
    void aStandbyTakesOverTheSchedulerAndControllersWhenTheLeaderIsKilled() throws Exception {
        first = Cluster.prepare("leader-a");
        second = Cluster.prepare("leader-b");
        String grid = "le-" + System.nanoTime();
        String members = "127.0.0.1:" + first.hazelcastPort() + ",127.0.0.1:" + second.hazelcastPort();
        for (Cluster c : List.of(first, second)) {
            c.set("io.stevedore.store.cfg", "clusterName", grid).set("io.stevedore.store.cfg", "members", members);
        }
        second.set("io.stevedore.hollownodes.cfg", "namePrefix", "standby-")
                .set("io.stevedore.hollownodes.cfg", "count", "2");

        first.launch();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
                .until(() -> LEASES.stream().allMatch(l -> !holder(first, l).isEmpty()));
        String schedulerLeader = holder(first, "kube-scheduler");
        String controllerLeader = holder(first, "kube-controller-manager");

        second.launch();
        // one grid: the second member serves the same Leases, and it does not take them from a live leader
        assertThat(holder(second, "kube-scheduler")).isEqualTo(schedulerLeader);
        second.shell("feature:install stevedore-hollow-nodes").assertOk();
        await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofSeconds(1)).until(() ->
                second.kubectl("get", "nodes", "--no-headers").out().lines()
                        .filter(l -> l.matches("standby-\\d+\\s+Ready\\s.*")).count() == 2);
        second.kubectl("create", "deployment", "before", "--image=nginx:1.25", "--replicas=2").assertOk();
        second.kubectl("rollout", "status", "deployment/before", "--timeout=90s").assertOk();
        assertThat(holder(second, "kube-scheduler")).isEqualTo(schedulerLeader);
        assertThat(holder(second, "kube-controller-manager")).isEqualTo(controllerLeader);
        int transitions = Integer.parseInt(second.kubectl("get", "lease", "-n", "kube-system", "kube-scheduler",
                "-o", "jsonpath={.spec.leaseTransitions}").assertOk().out().trim());

        long killed = System.nanoTime();
        first.kill();
        for (String lease : LEASES) {
            String old = lease.equals("kube-scheduler") ? schedulerLeader : controllerLeader;
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> {
                String h = holder(second, lease);
                return !h.isEmpty() && !h.equals(old);
            });
            long ms = (System.nanoTime() - killed) / 1_000_000;
            System.out.printf("LeaderElectionIT: %s taken over %d ms after the leader was killed%n", lease, ms);
            // the design's bound is lease duration (10 s) + two retry periods; the issue asks for 15 s
            assertThat(ms).as("takeover of " + lease).isLessThanOrEqualTo(15_000);
        }
        assertThat(Integer.parseInt(second.kubectl("get", "lease", "-n", "kube-system", "kube-scheduler",
                "-o", "jsonpath={.spec.leaseTransitions}").assertOk().out().trim())).isEqualTo(transitions + 1);

        // the new leader schedules and reconciles: a new Deployment rolls out, a deleted pod is replaced
        second.kubectl("create", "deployment", "after", "--image=nginx:1.25", "--replicas=2").assertOk();
        second.kubectl("rollout", "status", "deployment/after", "--timeout=90s").assertOk();
        String victim = second.kubectl("get", "pods", "-l", "app=before", "-o", "jsonpath={.items[0].metadata.name}")
                .assertOk().out().trim();
        second.kubectl("delete", "pod", victim, "--wait=false").assertOk();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofSeconds(1)).until(() -> {
            String names = second.kubectl("get", "pods", "-l", "app=before", "--field-selector=status.phase=Running",
                    "-o", "jsonpath={.items[*].metadata.name}").out();
            return !names.contains(victim) && names.trim().split("\\s+").length == 2;
        });
        assertThat(second.kubectl("get", "deployment", "before", "-o", "jsonpath={.status.availableReplicas}")
                .assertOk().out().trim()).isEqualTo("2");
    }

    private static String holder(Cluster c, String lease) {
        Cluster.Result r = c.kubectl("get", "lease", "-n", "kube-system", lease, "--ignore-not-found",
                "-o", "jsonpath={.spec.holderIdentity}");
        return r.exitCode() == 0 ? r.out().trim() : "";
    }
}
