package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.itests.Cluster.Result;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The same core paths on the process runtime (containers as host processes, no isolation): the node
 * says so, pods run with a loopback pod IP, are probed, stream their logs, exec and port-forward,
 * restart by policy, are deleted gracefully, and are adopted after kill -9 of Karaf.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ProcessNodeIT {

    static Cluster cluster;
    static String node;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.prepare("process-node").withKubelet("process");
        node = cluster.nodeName();
        cluster.launch();
        await(() -> jsonpath("node/" + node, "{.status.conditions[?(@.type==\"Ready\")].status}").equals("True"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster == null) {
            return;
        }
        try {
            cluster.kubectl("delete", "pods", "--all", "--grace-period=1", "--timeout=60s");
        } finally {
            cluster.close();
            // processes adopted after the restart are not the new JVM's children: end them by their data directory
            killProcessesUnder(cluster.home());
        }
    }

    static void killProcessesUnder(Path home) {
        String marker = home.toAbsolutePath().toString();
        ProcessHandle.allProcesses().filter(p -> p.info().commandLine().map(c -> c.contains(marker)).orElse(false))
                .forEach(ProcessHandle::destroyForcibly);
    }

    static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(condition);
    }

    static String jsonpath(String what, String path) {
        return cluster.kubectl("get", what, "-o", "jsonpath=" + path).out().trim();
    }

    static void apply(String name, String yaml) throws IOException {
        Path f = cluster.home().resolve(name + ".yaml");
        Files.writeString(f, yaml);
        cluster.kubectl("apply", "-f", f.toString()).assertOk();
    }

    @Test
    @Order(1)
    void theNodeRunsOnTheProcessRuntimeAndSaysSo() {
        assertThat(jsonpath("node/" + node, "{.status.nodeInfo.containerRuntimeVersion}")).startsWith("process://");
        assertThat(jsonpath("node/" + node, "{.status.conditions[?(@.type==\"Ready\")].message}"))
                .contains("WARNING: process runtime");
    }

    @Test
    @Order(2)
    void aPodRunsAsHostProcessesOnItsLoopbackAddressWithProbesLogsExecAndPortForward() throws Exception {
        apply("web", """
                apiVersion: v1
                kind: Pod
                metadata: {name: web}
                spec:
                  containers:
                  - name: web
                    image: busybox
                    command: ["sh", "-c", "echo started on $MY_IP; mkdir -p www; echo hi-proc > www/index.html; exec busybox httpd -f -p $MY_IP:8080 -h www"]
                    env: [{name: MY_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}]
                    readinessProbe: {httpGet: {path: /index.html, port: 8080}, periodSeconds: 1}
                    livenessProbe: {tcpSocket: {port: 8080}, periodSeconds: 2}
                """);
        cluster.kubectl("wait", "--for=condition=Ready", "pod/web", "--timeout=90s").assertOk();
        String ip = jsonpath("pod/web", "{.status.podIP}");
        assertThat(ip).startsWith("127.42.");
        assertThat(cluster.kubectl("logs", "web").assertOk().out()).isEqualTo("started on " + ip + "\n");
        Result exec = cluster.kubectl("exec", "web", "--", "sh", "-c", "cat www/index.html; exit 4");
        assertThat(exec.exitCode()).isEqualTo(4);
        assertThat(exec.out()).isEqualTo("hi-proc\n");
        assertThat(cluster.getThroughPortForward("pod/web", 8080, "/index.html")).isEqualTo("hi-proc\n");
    }

    @Test
    @Order(3)
    void restartPolicyAndGracefulDeletion() throws Exception {
        apply("jobs", """
                apiVersion: v1
                kind: Pod
                metadata: {name: once}
                spec:
                  restartPolicy: OnFailure
                  containers:
                  - name: c
                    image: busybox
                    command: ["sh", "-c", "test -f data/marker && exit 0; touch data/marker; exit 5"]
                    volumeMounts: [{name: data, mountPath: /data}]
                  volumes: [{name: data, emptyDir: {}}]
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: term}
                spec:
                  terminationGracePeriodSeconds: 30
                  containers:
                  - {name: c, image: busybox, command: ["sh", "-c", "trap 'exit 0' TERM; while true; do sleep 1; done"]}
                """);
        await(() -> jsonpath("pod/once", "{.status.phase}").equals("Succeeded"));
        assertThat(jsonpath("pod/once", "{.status.containerStatuses[0].restartCount}")).isEqualTo("1");
        assertThat(jsonpath("pod/once", "{.status.containerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("5");
        cluster.kubectl("wait", "--for=condition=Ready", "pod/term", "--timeout=90s").assertOk();
        long t0 = System.nanoTime();
        cluster.kubectl("delete", "pod", "term", "--timeout=60s").assertOk();
        assertThat((System.nanoTime() - t0) / 1_000_000_000L).isLessThan(25);
    }

    @Test
    @Order(4)
    void afterKillNineOfKarafTheRunningProcessesAreAdoptedNotDuplicated() throws Exception {
        String marker = cluster.home().toAbsolutePath().toString();
        List<Long> before = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("httpd -f -p 127.42.")).orElse(false)).map(ProcessHandle::pid).toList();
        assertThat(before).isNotEmpty();
        // kill only the JVM (its processes outlive it, as a kubelet's containers do)
        ProcessHandle jvm = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("java") && c.contains(marker)).orElse(false)).findFirst().orElseThrow();
        jvm.destroyForcibly();
        jvm.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
        cluster.kill();
        cluster.launch();
        cluster.kubectl("wait", "--for=condition=Ready", "pod/web", "--timeout=90s").assertOk();
        List<Long> after = ProcessHandle.allProcesses().filter(p -> p.info().commandLine()
                .map(c -> c.contains("httpd -f -p 127.42.")).orElse(false)).map(ProcessHandle::pid).toList();
        assertThat(after).containsAll(before);
        assertThat(jsonpath("pod/web", "{.status.containerStatuses[0].restartCount}")).isEqualTo("0");
    }
}
