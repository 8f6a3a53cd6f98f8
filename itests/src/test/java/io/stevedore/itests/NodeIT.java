package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.itests.Cluster.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
 * The kubelet on a real Docker engine, driven with kubectl as a user does: the machine registers as a
 * Ready node, pods run real containers (images made locally with {@code docker import}), share
 * localhost, get every volume type and their environment, are probed, crash-loop, get OOM-killed, are
 * deleted gracefully, stream their logs, exec and port-forward, and survive a kill -9 of Karaf.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodeIT {

    static Cluster cluster;
    static String node;
    static String image;
    static Path hostDir;

    @BeforeAll
    static void start() throws Exception {
        Docker.require();
        Docker.unreachableRoutes();
        image = Docker.busybox();
        cluster = Cluster.prepare("node").withKubelet("docker");
        node = cluster.nodeName();
        hostDir = cluster.home().resolve("host-dir");
        Files.createDirectories(hostDir);
        cluster.launch();
        await(() -> cluster.kubectl("get", "node", node, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().trim().equals("True"));
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
            cluster.removeDockerLeftovers();
        }
    }

    static void await(Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(90)).pollInterval(Duration.ofMillis(300)).until(condition);
    }

    static Result apply(String name, String yaml) throws IOException {
        Path f = cluster.home().resolve(name + ".yaml");
        Files.writeString(f, yaml.replace("IMAGE", image).replace("HOSTDIR", hostDir.toString()));
        return cluster.kubectl("apply", "-f", f.toString()).assertOk();
    }

    static String jsonpath(String what, String path) {
        return cluster.kubectl("get", what, "-o", "jsonpath=" + path).out().trim();
    }

    static void awaitReady(String pod) {
        cluster.kubectl("wait", "--for=condition=Ready", "pod/" + pod, "--timeout=90s").assertOk();
    }

    @Test
    @Order(1)
    void theMachineIsAReadyNodeOnTheDockerRuntime() {
        assertThat(jsonpath("node/" + node, "{.status.nodeInfo.containerRuntimeVersion}")).startsWith("docker://");
        assertThat(jsonpath("node/" + node, "{.status.capacity.pods}")).isEqualTo("110");
        assertThat(jsonpath("node/" + node, "{.spec.podCIDR}")).startsWith("10.244.");
        assertThat(cluster.kubectl("get", "lease", node, "-n", "kube-node-lease", "-o",
                "jsonpath={.spec.leaseDurationSeconds}").assertOk().out()).isEqualTo("40");
        // the supervisor reports the runtime's and the kubelet's health beside the kubelet's own conditions
        await(() -> jsonpath("node/" + node, "{.status.conditions[?(@.type==\"ContainerRuntimeUnhealthy\")].status}")
                .equals("False"));
        await(() -> jsonpath("node/" + node, "{.status.conditions[?(@.type==\"KubeletUnhealthy\")].reason}")
                .equals("KubeletIsHealthy"));
        assertThat(jsonpath("node/" + node, "{.status.conditions[?(@.type==\"Ready\")].status}")).isEqualTo("True");
    }

    @Test
    @Order(2)
    void aPodsContainersShareLocalhostAndGetTheirVolumesAndEnvironment() throws Exception {
        apply("duo", """
                apiVersion: v1
                kind: ConfigMap
                metadata: {name: content}
                data: {index.html: "hello from a configmap"}
                ---
                apiVersion: v1
                kind: Secret
                metadata: {name: creds}
                stringData: {password: s3cret}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: duo, labels: {app: duo}}
                spec:
                  containers:
                  - name: web
                    image: IMAGE
                    imagePullPolicy: IfNotPresent
                    command: ["httpd", "-f", "-p", "8080", "-h", "/www"]
                    ports: [{containerPort: 8080, name: http}]
                    readinessProbe: {httpGet: {path: /index.html, port: http}, periodSeconds: 1}
                    volumeMounts:
                    - {name: content, mountPath: /www}
                    - {name: creds, mountPath: /etc/creds}
                    - {name: scratch, mountPath: /scratch}
                    - {name: info, mountPath: /etc/info}
                    - {name: host, mountPath: /host}
                    - {name: token, mountPath: /var/run/token}
                    env:
                    - {name: MY_POD, valueFrom: {fieldRef: {fieldPath: metadata.name}}}
                    - {name: MY_IP, valueFrom: {fieldRef: {fieldPath: status.podIP}}}
                    - {name: GREETING, valueFrom: {configMapKeyRef: {name: content, key: index.html}}}
                    - {name: PW, valueFrom: {secretKeyRef: {name: creds, key: password}}}
                    - {name: BOTH, value: "$(MY_POD)@$(MY_IP)"}
                  - name: client
                    image: IMAGE
                    imagePullPolicy: IfNotPresent
                    command: ["sh", "-c", "echo shared > /scratch/note; while true; do wget -qO- http://localhost:8080/index.html; echo; sleep 1; done"]
                    readinessProbe: {tcpSocket: {port: 8080}, periodSeconds: 1}
                    volumeMounts:
                    - {name: scratch, mountPath: /scratch}
                  volumes:
                  - {name: content, configMap: {name: content}}
                  - {name: creds, secret: {secretName: creds}}
                  - {name: scratch, emptyDir: {}}
                  - {name: host, hostPath: {path: HOSTDIR, type: Directory}}
                  - name: info
                    downwardAPI:
                      items: [{path: labels, fieldRef: {fieldPath: metadata.labels}}]
                  - name: token
                    projected:
                      sources: [{serviceAccountToken: {path: token, expirationSeconds: 3600}}]
                """);
        awaitReady("duo");
        assertThat(jsonpath("pod/duo", "{.status.podIP}")).startsWith("10.244.");
        assertThat(jsonpath("pod/duo", "{.status.phase}")).isEqualTo("Running");
        await(() -> cluster.kubectl("logs", "duo", "-c", "client", "--tail=1").out().contains("hello from a configmap"));
        String env = cluster.kubectl("exec", "duo", "-c", "web", "--", "sh", "-c",
                "echo $MY_POD $GREETING $PW $BOTH; cat /etc/creds/password; echo; cat /scratch/note /etc/info/labels; "
                        + "echo; echo written > /host/from-pod; head -c 3 /var/run/token/token").assertOk().out();
        String ip = jsonpath("pod/duo", "{.status.podIP}");
        assertThat(env).contains("duo hello from a configmap s3cret duo@" + ip).contains("s3cret\nshared")
                .contains("app=\"duo\"").endsWith("eyJ");
        assertThat(Files.readString(hostDir.resolve("from-pod"))).isEqualTo("written\n");
        // a secret lives in memory only
        assertThat(cluster.kubectl("exec", "duo", "-c", "web", "--", "sh", "-c", "grep /etc/creds /proc/mounts")
                .assertOk().out()).contains("tmpfs");
    }

    @Test
    @Order(3)
    void aFailingLivenessProbeRestartsTheContainerAndACrashingOneBacksOff() throws Exception {
        apply("probes", """
                apiVersion: v1
                kind: Pod
                metadata: {name: live}
                spec:
                  containers:
                  - name: c
                    image: IMAGE
                    imagePullPolicy: Never
                    command: ["sh", "-c", "touch /tmp/ok; sleep 3; rm /tmp/ok; sleep 600"]
                    livenessProbe: {exec: {command: [cat, /tmp/ok]}, periodSeconds: 1, failureThreshold: 2}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: crash}
                spec:
                  containers:
                  - {name: c, image: IMAGE, imagePullPolicy: Never, command: ["sh", "-c", "echo boom $(date +%s%N); exit 3"]}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: oom}
                spec:
                  restartPolicy: Never
                  containers:
                  - {name: c, image: IMAGE, imagePullPolicy: Never, command: ["sh", "-c", "tail /dev/zero"],
                     resources: {limits: {memory: 16Mi}}}
                ---
                apiVersion: v1
                kind: Pod
                metadata: {name: noimage}
                spec:
                  containers:
                  - {name: c, image: "not-here:1.0", imagePullPolicy: Never}
                """);
        await(() -> Integer.parseInt("0" + jsonpath("pod/live", "{.status.containerStatuses[0].restartCount}")) >= 1);
        await(() -> jsonpath("pod/crash", "{.status.containerStatuses[0].state.waiting.reason}").equals("CrashLoopBackOff"));
        assertThat(jsonpath("pod/crash", "{.status.containerStatuses[0].lastState.terminated.exitCode}")).isEqualTo("3");
        assertThat(cluster.kubectl("get", "pod", "crash").out()).contains("CrashLoopBackOff");
        assertThat(cluster.kubectl("logs", "crash", "--previous").assertOk().out()).startsWith("boom");
        await(() -> jsonpath("pod/oom", "{.status.containerStatuses[0].state.terminated.reason}").equals("OOMKilled"));
        assertThat(jsonpath("pod/oom", "{.status.phase}")).isEqualTo("Failed");
        await(() -> jsonpath("pod/noimage", "{.status.containerStatuses[0].state.waiting.reason}")
                .equals("ErrImageNeverPull"));
        assertThat(cluster.kubectl("describe", "pod", "live").out()).contains("Liveness probe failed");
        cluster.kubectl("delete", "pod", "live", "crash", "oom", "noimage", "--grace-period=1").assertOk();
    }

    @Test
    @Order(4)
    void aDeletedPodGetsSigtermAndItsGracePeriodThenItsContainersGo() throws Exception {
        apply("graceful", """
                apiVersion: v1
                kind: Pod
                metadata: {name: graceful}
                spec:
                  terminationGracePeriodSeconds: 30
                  containers:
                  - name: c
                    image: IMAGE
                    imagePullPolicy: Never
                    command: ["sh", "-c", "trap 'echo got TERM > /host/term; exit 0' TERM; while true; do sleep 1; done"]
                    volumeMounts: [{name: host, mountPath: /host}]
                  volumes: [{name: host, hostPath: {path: HOSTDIR}}]
                """);
        awaitReady("graceful");
        long t0 = System.nanoTime();
        cluster.kubectl("delete", "pod", "graceful", "--timeout=60s").assertOk();
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        assertThat(Files.readString(hostDir.resolve("term"))).isEqualTo("got TERM\n");
        assertThat(seconds).as("a container that exits on SIGTERM ends its pod before the grace period").isLessThan(25);
        await(() -> Docker.containers(node, true).stream().noneMatch(n -> n.contains("_graceful_")));
    }

    @Test
    @Order(5)
    void logsExecAndPortForwardThroughKubectl() throws Exception {
        Result logs = cluster.kubectl("logs", "duo", "-c", "client", "--tail=2", "--timestamps");
        assertThat(logs.assertOk().out().split("\n")).hasSize(2)
                .allMatch(l -> l.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d+Z hello from a configmap"));
        Result exit = cluster.kubectl("exec", "duo", "-c", "web", "--", "sh", "-c", "echo out; echo err >&2; exit 3");
        assertThat(exit.exitCode()).isEqualTo(3);
        assertThat(exit.out()).isEqualTo("out\n");
        assertThat(exit.err()).contains("err");
        // kubectl picks the first container itself; the API answers a bare request as Kubernetes does
        assertThat(cluster.kubectl("logs", "duo", "--tail=1").assertOk().err()).contains("Defaulted container \"web\"");
        HttpResponse<String> bare = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(cluster.url()
                + "/api/v1/namespaces/default/pods/duo/log")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(bare.statusCode()).isEqualTo(400);
        assertThat(bare.body()).contains("a container name must be specified for pod duo, choose one of: [web client]");
        assertThat(cluster.getThroughPortForward("pod/duo", 8080, "/index.html")).isEqualTo("hello from a configmap");
    }

    @Test
    @Order(6)
    void aDeploymentRollsOutOnRealContainersAndAnUnreadyPodLeavesItsServiceEndpoints() throws Exception {
        apply("web", """
                apiVersion: apps/v1
                kind: Deployment
                metadata: {name: web}
                spec:
                  replicas: 3
                  selector: {matchLabels: {app: web}}
                  template:
                    metadata: {labels: {app: web}}
                    spec:
                      containers:
                      - name: c
                        image: IMAGE
                        imagePullPolicy: IfNotPresent
                        command: ["sh", "-c", "touch /tmp/ready; sleep 3600"]
                        readinessProbe: {exec: {command: [cat, /tmp/ready]}, periodSeconds: 1}
                ---
                apiVersion: v1
                kind: Service
                metadata: {name: web}
                spec:
                  selector: {app: web}
                  ports: [{port: 80}]
                """);
        cluster.kubectl("rollout", "status", "deploy/web", "--timeout=90s").assertOk();
        await(() -> jsonpath("endpoints/web", "{.subsets[0].addresses[*].ip}").split(" ").length == 3);
        String pod = cluster.kubectl("get", "pods", "-l", "app=web", "-o", "jsonpath={.items[0].metadata.name}")
                .assertOk().out().trim();
        String ip = jsonpath("pod/" + pod, "{.status.podIP}");
        cluster.kubectl("exec", pod, "--", "rm", "/tmp/ready").assertOk();
        await(() -> jsonpath("endpoints/web", "{.subsets[0].notReadyAddresses[*].ip}").equals(ip));
        assertThat(jsonpath("endpoints/web", "{.subsets[0].addresses[*].ip}")).doesNotContain(ip);
        cluster.kubectl("exec", pod, "--", "touch", "/tmp/ready").assertOk();
        await(() -> jsonpath("endpoints/web", "{.subsets[0].addresses[*].ip}").contains(ip));
    }

    @Test
    @Order(7)
    void afterKillNineOfKarafTheKubeletAdoptsItsContainersAndRemovesOrphans() throws Exception {
        List<String> before = Docker.containers(node, false);
        assertThat(before).isNotEmpty();
        cluster.kill();
        // the API is down: nothing can change the pods; the containers keep running
        assertThat(Docker.containers(node, false)).containsExactlyInAnyOrderElementsOf(before);
        // a container of a pod deleted while the kubelet was down: it must go
        Docker.run(List.of("docker", "run", "-d", "--name", "orphan-" + node, "--label", "io.stevedore.node=" + node,
                "--label", "io.kubernetes.docker.type=container", "--label", "io.kubernetes.pod.uid=gone-" + node,
                "--label", "io.kubernetes.container.name=c", image, "sleep", "600"), 60);
        cluster.launch();
        await(() -> cluster.kubectl("get", "node", node, "-o",
                "jsonpath={.status.conditions[?(@.type==\"Ready\")].status}").out().trim().equals("True"));
        await(() -> Docker.containers(node, true).stream().noneMatch(n -> n.startsWith("orphan-")));
        cluster.kubectl("wait", "--for=condition=Ready", "pod", "-l", "app=web", "--timeout=90s").assertOk();
        awaitReady("duo");
        Thread.sleep(3000);
        assertThat(Docker.containers(node, false)).as("no container restarted or duplicated")
                .containsExactlyInAnyOrderElementsOf(before);
        assertThat(jsonpath("pod/duo", "{.status.containerStatuses[*].restartCount}")).isEqualTo("0 0");
        cluster.kubectl("delete", "pod", "duo", "--grace-period=1").assertOk();
        await(() -> Docker.containers(node, true).stream().noneMatch(n -> n.contains("_duo_")));
    }
}
