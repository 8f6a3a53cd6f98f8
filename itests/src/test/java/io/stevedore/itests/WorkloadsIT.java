package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.itests.Cluster.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Workloads as a kubectl user runs them: a Deployment applied, rolled out, scaled, updated, rolled
 * back, paused, restarted and deleted, on the distribution's own scheduler and controller manager,
 * with hollow nodes (feature {@code stevedore-hollow-nodes}) standing in for kubelets.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WorkloadsIT {

    static Cluster cluster;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start("workloads");
        // A short grace period, so a lost node shows in seconds rather than Kubernetes' 50.
        Cluster.setProperty(cluster.home().resolve("etc/io.stevedore.controllermanager.cfg"),
                "nodeMonitorGracePeriodSeconds", "4");
        Cluster.setProperty(cluster.home().resolve("etc/io.stevedore.controllermanager.cfg"),
                "nodeMonitorPeriodSeconds", "1");
        Path cfg = cluster.home().resolve("etc/io.stevedore.hollownodes.cfg");
        Files.writeString(cfg, "namePrefix = hollow-\ncount = 3\ncpu = 4\nmemory = 16Gi\npods = 110\n"
                + "leaseRenewSeconds = 2\nstatusUpdateSeconds = 10\n");
        cluster.shell("feature:install stevedore-hollow-nodes").assertOk();
        await(() -> lines(cluster.kubectl("get", "nodes", "--no-headers").out()).stream()
                .filter(l -> l.contains(" Ready ")).count() == 3);
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    static void await(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(500)).until(condition);
    }

    static List<String> lines(String s) {
        return Arrays.stream(s.split("\n")).filter(l -> !l.isBlank()).toList();
    }

    private Result rolloutStatus() {
        return cluster.kubectl("rollout", "status", "deploy/web", "-n", "apps", "--timeout=90s").assertOk();
    }

    private List<String> runningPods() {
        return lines(cluster.kubectl("get", "pods", "-n", "apps", "-l", "app=web", "--no-headers",
                "--field-selector=status.phase=Running", "-o", "custom-columns=NAME:.metadata.name,NODE:.spec.nodeName,"
                        + "IMAGE:.spec.containers[0].image,DELETING:.metadata.deletionTimestamp").assertOk().out())
                .stream().filter(l -> l.endsWith("<none>")).toList();
    }

    private String image() {
        return cluster.kubectl("get", "deploy", "web", "-n", "apps", "-o",
                "jsonpath={.spec.template.spec.containers[0].image}").assertOk().out().trim();
    }

    @Test
    @Order(1)
    void anAppliedDeploymentRollsOutOntoTheNodes() throws Exception {
        cluster.kubectl("create", "namespace", "apps").assertOk();
        Path manifest = cluster.home().resolve("web.yaml");
        Files.writeString(manifest, """
                apiVersion: apps/v1
                kind: Deployment
                metadata:
                  name: web
                  namespace: apps
                  annotations:
                    kubernetes.io/change-cause: first release
                spec:
                  replicas: 3
                  selector:
                    matchLabels: {app: web}
                  template:
                    metadata:
                      labels: {app: web}
                    spec:
                      containers:
                      - name: web
                        image: nginx:1.25
                        resources:
                          requests: {cpu: 100m, memory: 64Mi}
                """);
        cluster.kubectl("apply", "-f", manifest.toString()).assertOk();
        assertThat(rolloutStatus().out()).contains("deployment \"web\" successfully rolled out");
        List<String> pods = runningPods();
        assertThat(pods).hasSize(3).allMatch(l -> l.matches("web-[a-z0-9]+-[a-z0-9]{5}\\s+hollow-\\d\\s+nginx:1.25\\s+<none>"));
        assertThat(cluster.kubectl("get", "deploy", "web", "-n", "apps", "--no-headers").out()).contains("3/3", "web");
        assertThat(lines(cluster.kubectl("get", "rs", "-n", "apps", "--no-headers").out())).hasSize(1);
    }

    @Test
    @Order(2)
    void scalingAddsPods() {
        cluster.kubectl("scale", "deploy/web", "-n", "apps", "--replicas=5").assertOk();
        rolloutStatus();
        await(() -> runningPods().size() == 5);
        assertThat(cluster.kubectl("get", "deploy", "web", "-n", "apps", "-o", "jsonpath={.status.availableReplicas}")
                .out()).isEqualTo("5");
    }

    @Test
    @Order(3)
    void aNewImageRollsOutAndUndoRollsBack() {
        cluster.kubectl("set", "image", "deploy/web", "-n", "apps", "web=nginx:1.26").assertOk();
        cluster.kubectl("annotate", "deploy/web", "-n", "apps", "kubernetes.io/change-cause=second release",
                "--overwrite").assertOk();
        rolloutStatus();
        await(() -> runningPods().size() == 5 && runningPods().stream().allMatch(l -> l.contains("nginx:1.26")));
        String history = cluster.kubectl("rollout", "history", "deploy/web", "-n", "apps").assertOk().out();
        assertThat(history).contains("REVISION", "CHANGE-CAUSE").containsPattern("1\\s+first release")
                .containsPattern("2\\s+second release");
        assertThat(lines(cluster.kubectl("get", "rs", "-n", "apps", "--no-headers").out())).hasSize(2);

        cluster.kubectl("rollout", "undo", "deploy/web", "-n", "apps").assertOk();
        rolloutStatus();
        assertThat(image()).isEqualTo("nginx:1.25");
        await(() -> runningPods().size() == 5 && runningPods().stream().allMatch(l -> l.contains("nginx:1.25")));
        // The first ReplicaSet is back as revision 3; no third ReplicaSet was made.
        String after = cluster.kubectl("rollout", "history", "deploy/web", "-n", "apps").assertOk().out();
        assertThat(after).containsPattern("2\\s+second release").containsPattern("3\\s+first release")
                .doesNotContainPattern("(?m)^1\\s");
        assertThat(lines(cluster.kubectl("get", "rs", "-n", "apps", "--no-headers").out())).hasSize(2);
    }

    @Test
    @Order(4)
    void aPausedRolloutWaitsForResumeAndRestartRollsEveryPod() {
        cluster.kubectl("rollout", "pause", "deploy/web", "-n", "apps").assertOk();
        cluster.kubectl("set", "image", "deploy/web", "-n", "apps", "web=nginx:1.27").assertOk();
        await(() -> cluster.kubectl("get", "deploy", "web", "-n", "apps", "-o",
                "jsonpath={.status.conditions[?(@.type==\"Progressing\")].reason}").out().equals("DeploymentPaused"));
        assertThat(lines(cluster.kubectl("get", "rs", "-n", "apps", "--no-headers").out())).hasSize(2);
        assertThat(runningPods()).allMatch(l -> l.contains("nginx:1.25"));
        cluster.kubectl("rollout", "resume", "deploy/web", "-n", "apps").assertOk();
        rolloutStatus();
        await(() -> runningPods().size() == 5 && runningPods().stream().allMatch(l -> l.contains("nginx:1.27")));

        List<String> before = runningPods();
        cluster.kubectl("rollout", "restart", "deploy/web", "-n", "apps").assertOk();
        rolloutStatus();
        await(() -> runningPods().size() == 5 && runningPods().stream().noneMatch(before::contains));
        assertThat(cluster.kubectl("get", "deploy", "web", "-n", "apps", "-o",
                "jsonpath={.spec.template.metadata.annotations}").out()).contains("kubectl.kubernetes.io/restartedAt");
    }

    @Test
    @Order(5)
    void aDeletedPodIsReplaced() {
        String victim = runningPods().get(0).split("\\s+")[0];
        cluster.kubectl("delete", "pod", victim, "-n", "apps").assertOk();
        await(() -> runningPods().size() == 5 && runningPods().stream().noneMatch(l -> l.startsWith(victim + " ")));
    }

    @Test
    @Order(6)
    void aServiceListsTheReadyPodsInItsEndpointsAndSlices() {
        cluster.kubectl("expose", "deploy/web", "-n", "apps", "--port=80", "--target-port=8080").assertOk();
        await(() -> cluster.kubectl("get", "endpoints", "web", "-n", "apps", "-o",
                "jsonpath={.subsets[*].addresses[*].ip}").out().trim().split("\\s+").length == 5);
        assertThat(cluster.kubectl("get", "endpoints", "web", "-n", "apps", "-o",
                "jsonpath={.subsets[0].ports[0].port}").out()).isEqualTo("8080");
        await(() -> cluster.kubectl("get", "endpointslices", "-n", "apps", "-l", "kubernetes.io/service-name=web",
                "-o", "jsonpath={.items[*].endpoints[*].addresses[0]}").out().trim().split("\\s+").length == 5);
        assertThat(cluster.kubectl("get", "sa", "default", "-n", "apps").exitCode()).isZero();
    }

    @Test
    @Order(7)
    void theKarafShellRunsTheWorkloadCommands() {
        assertThat(cluster.shell("kube:rollout status deploy/web -n apps").assertOk().out())
                .contains("deployment \"web\" successfully rolled out");
        assertThat(cluster.shell("kube:rollout history deploy/web -n apps").assertOk().out())
                .contains("REVISION", "CHANGE-CAUSE");
        assertThat(cluster.shell("kube:scale deploy/web -n apps --replicas 5").assertOk().out())
                .contains("deployment.apps/web scaled");
        assertThat(cluster.shell("kube:cordon hollow-2").assertOk().out()).contains("node/hollow-2 cordoned");
        assertThat(cluster.kubectl("get", "node", "hollow-2", "--no-headers").out()).contains("SchedulingDisabled");
        assertThat(cluster.shell("kube:uncordon hollow-2").assertOk().out()).contains("node/hollow-2 uncordoned");
        assertThat(cluster.shell("kube:taint nodes hollow-2 dedicated=ops:NoSchedule").assertOk().out())
                .contains("node/hollow-2 tainted");
        assertThat(cluster.kubectl("get", "node", "hollow-2", "-o", "jsonpath={.spec.taints[*].key}").out())
                .contains("dedicated");
        assertThat(cluster.shell("kube:taint nodes hollow-2 dedicated-").assertOk().out())
                .contains("node/hollow-2 untainted");
        assertThat(cluster.shell("kube:get events -n apps").assertOk().out()).contains("ScalingReplicaSet");
    }

    @Test
    @Order(8)
    void eventsTellTheStory() {
        String events = cluster.kubectl("get", "events", "-n", "apps").assertOk().out();
        assertThat(events).contains("ScalingReplicaSet", "Scaled up replica set web-", "SuccessfulCreate",
                "Created pod: web-", "Scheduled", "Successfully assigned apps/web-", "SuccessfulDelete");
        String describe = cluster.kubectl("describe", "deploy", "web", "-n", "apps").assertOk().out();
        assertThat(describe).contains("NewReplicaSet:", "deployment-controller", "MinimumReplicasAvailable",
                "NewReplicaSetAvailable");
    }

    private void silence(String nodes) throws Exception {
        Cluster.setProperty(cluster.home().resolve("etc/io.stevedore.hollownodes.cfg"), "silentNodes", nodes);
    }

    @Test
    @Order(9)
    void aNodeThatStopsHeartbeatingTurnsNotReadyAndItsPodsAreReplacedElsewhere() throws Exception {
        // Pods that give an unreachable node two seconds instead of the default five minutes.
        cluster.kubectl("patch", "deploy", "web", "-n", "apps", "-p", "{\"spec\":{\"template\":{\"spec\":"
                + "{\"tolerations\":[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":2}]}}}}").assertOk();
        rolloutStatus();
        await(() -> runningPods().size() == 5);
        String victim = runningPods().stream().map(l -> l.split("\\s+")[1])
                .collect(java.util.stream.Collectors.groupingBy(n -> n, java.util.stream.Collectors.counting()))
                .entrySet().stream().max(java.util.Map.Entry.comparingByValue()).orElseThrow().getKey();
        silence(victim);
        await(() -> cluster.kubectl("get", "node", victim, "--no-headers").out().contains("NotReady"));
        assertThat(cluster.kubectl("get", "node", victim, "-o", "jsonpath={.spec.taints[*].key}").out())
                .contains("node.kubernetes.io/unreachable");
        assertThat(cluster.kubectl("get", "node", victim, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].reason}").out()).isEqualTo("NodeStatusUnknown");
        await(() -> runningPods().size() == 5 && runningPods().stream().noneMatch(l -> l.contains(" " + victim + " ")));
        assertThat(cluster.kubectl("get", "events", "-n", "apps").out()).contains("TaintManagerEviction");

        silence("");
        await(() -> !cluster.kubectl("get", "node", victim, "--no-headers").out().contains("NotReady"));
        await(() -> cluster.kubectl("get", "node", victim, "-o", "jsonpath={.spec.taints}").out().isBlank());
    }

    @Test
    @Order(10)
    void deletingTheDeploymentRemovesEverythingItOwns() {
        cluster.kubectl("delete", "deploy", "web", "-n", "apps").assertOk();
        await(() -> cluster.kubectl("get", "rs,pods", "-n", "apps", "--no-headers").out().isBlank());
    }

    @Test
    @Order(11)
    void deletingTheNamespaceEmptiesItThenRemovesIt() {
        cluster.kubectl("create", "deployment", "last", "-n", "apps", "--image=busybox", "--replicas=2").assertOk();
        cluster.kubectl("create", "configmap", "settings", "-n", "apps", "--from-literal=a=b").assertOk();
        await(() -> lines(cluster.kubectl("get", "pods", "-n", "apps", "--no-headers").out()).size() == 2);
        cluster.kubectl("delete", "namespace", "apps", "--timeout=90s").assertOk();
        assertThat(cluster.kubectl("get", "namespace", "apps").err()).contains("namespaces \"apps\" not found");
        assertThat(cluster.kubectl("get", "deploy,rs,pods,cm,svc,sa", "-n", "apps", "--no-headers").out()).isBlank();
    }
}
