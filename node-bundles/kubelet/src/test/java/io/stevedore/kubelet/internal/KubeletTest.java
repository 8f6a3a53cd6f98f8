package io.stevedore.kubelet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ContainerStatus;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.apiserver.internal.registry.Patchers;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import io.stevedore.client.internal.KubeClientComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The kubelet against the real registry and a fake runtime: what it asks the runtime to do, and what it reports. */
class KubeletTest {

    private final StoreRegistry registry = new StoreRegistry(new MemoryStore(), Clock.systemUTC(), Patchers.create());
    private final KubeClient client;
    private final FakeRuntime runtime = new FakeRuntime();
    @TempDir
    Path dir;
    private Kubelet kubelet;

    KubeletTest() {
        registry.start();
        client = new KubeClientComponent(registry);
    }

    private Kubelet start(FakeRuntime rt) throws Exception {
        Kubelet.Settings s = new Kubelet.Settings("n1", "10.0.0.9", dir.resolve("data"), dir.resolve("mem"), 110,
                Duration.ofMillis(300), 40, Duration.ofMillis(200), Duration.ofMinutes(5), Duration.ofMillis(100), 4,
                Map.of());
        Kubelet k = new Kubelet(client, rt, s, Clock.systemUTC());
        k.start();
        return k;
    }

    @AfterEach
    void stop() {
        if (kubelet != null) {
            kubelet.close();
        }
        registry.close();
    }

    private void assignCidr() {
        client.resources(Node.class).patch("n1", PatchType.MERGE, "{\"spec\":{\"podCIDR\":\"10.244.0.0/24\"}}");
    }

    private Pod pod(String name, String restartPolicy, String image) {
        return client.resources(Pod.class).inNamespace("default").create(new PodBuilder().withNewMetadata()
                .withName(name).endMetadata().withNewSpec().withNodeName("n1").withRestartPolicy(restartPolicy)
                .withTerminationGracePeriodSeconds(7L)
                .addNewInitContainer().withName("init").withImage("busybox").endInitContainer()
                .addNewContainer().withName("app").withImage(image).withImagePullPolicy("Never").endContainer()
                .endSpec().build());
    }

    private Pod get(String name) {
        return client.resources(Pod.class).inNamespace("default").get(name).orElse(null);
    }

    private static ContainerStatus app(Pod p) {
        return p.getStatus().getContainerStatuses().get(0);
    }

    @Test
    void registersTheNodeWithItsRuntimeAndTurnsReadyOnceThePodNetworkIsConfigured() throws Exception {
        kubelet = start(runtime);
        Node n = client.resources(Node.class).get("n1").orElseThrow();
        assertThat(n.getStatus().getNodeInfo().getContainerRuntimeVersion()).isEqualTo("fake://1.0");
        assertThat(n.getStatus().getCapacity().get("pods").toString()).isEqualTo("110");
        assertThat(n.getStatus().getAddresses()).anyMatch(a -> a.getType().equals("InternalIP")
                && a.getAddress().equals("10.0.0.9"));
        assertThat(n.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready")
                && c.getStatus().equals("False") && c.getMessage().contains("podCIDR"));
        Lease lease = client.resources(Lease.class).inNamespace("kube-node-lease").get("n1").orElseThrow();
        assertThat(lease.getSpec().getLeaseDurationSeconds()).isEqualTo(40);
        assignCidr();
        await().atMost(Duration.ofSeconds(10)).until(() -> client.resources(Node.class).get("n1").orElseThrow()
                .getStatus().getConditions().stream().anyMatch(c -> c.getType().equals("Ready")
                        && c.getStatus().equals("True")));
        assertThat(runtime.cidr).isEqualTo("10.244.0.0/24");
    }

    @Test
    void runsInitContainersFirstThenTheAppAndReportsRunningWithThePodIp() throws Exception {
        kubelet = start(runtime);
        pod("p", "Always", "busybox");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("init") != null);
        assertThat(runtime.latest("app")).isNull();
        Pod pending = get("p");
        await().atMost(Duration.ofSeconds(10)).until(() -> get("p").getStatus().getInitContainerStatuses() != null);
        runtime.exit(runtime.latest("init").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(get("p").getStatus().getPhase()));
        Pod p = get("p");
        assertThat(pending).isNotNull();
        assertThat(p.getStatus().getPodIP()).startsWith("10.244.0.");
        assertThat(p.getStatus().getHostIP()).isEqualTo("10.0.0.9");
        assertThat(app(p).getContainerID()).startsWith("fake://");
        assertThat(app(p).getReady()).isTrue();
        assertThat(p.getStatus().getConditions()).anyMatch(c -> c.getType().equals("Ready") && c.getStatus().equals("True"));
        assertThat(runtime.actions).containsSubsequence("runSandbox p 0", "create init 0", "start init 0",
                "create app 0", "start app 0");
    }

    @Test
    void restartsAFailedContainerOnceAtOnceThenBacksOffWithCrashLoopBackOff() throws Exception {
        kubelet = start(runtime);
        pod("p", "Always", "busybox");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("init") != null);
        runtime.exit(runtime.latest("init").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("app") != null);
        runtime.exit(runtime.latest("app").id(), 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("app").attempt() == 1);
        runtime.exit(runtime.latest("app").id(), 1);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            ContainerStatus s = app(get("p"));
            return s.getState().getWaiting() != null && "CrashLoopBackOff".equals(s.getState().getWaiting().getReason());
        });
        ContainerStatus s = app(get("p"));
        assertThat(s.getRestartCount()).isEqualTo(1);
        assertThat(s.getLastState().getTerminated().getExitCode()).isEqualTo(1);
        assertThat(s.getState().getWaiting().getMessage()).startsWith("back-off 10s restarting failed container=app");
        assertThat(get("p").getStatus().getPhase()).isEqualTo("Running");
        assertThat(runtime.latest("app").attempt()).isEqualTo(1);
    }

    @Test
    void neverRestartsUnderNeverAndReportsSucceededOrFailed() throws Exception {
        kubelet = start(runtime);
        pod("ok", "Never", "busybox");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("init") != null);
        runtime.exit(runtime.latest("init").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("app") != null);
        runtime.exit(runtime.latest("app").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Succeeded".equals(get("ok").getStatus().getPhase()));
        assertThat(app(get("ok")).getState().getTerminated().getReason()).isEqualTo("Completed");
        assertThat(runtime.latest("app").attempt()).isZero();
    }

    @Test
    void aMissingImageWithPullPolicyNeverWaitsWithErrImageNeverPull() throws Exception {
        kubelet = start(runtime);
        pod("p", "Always", "nothere:1");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("init") != null);
        runtime.exit(runtime.latest("init").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> {
            Pod p = get("p");
            return p.getStatus().getContainerStatuses() != null && app(p).getState().getWaiting() != null
                    && "ErrImageNeverPull".equals(app(p).getState().getWaiting().getReason());
        });
        assertThat(app(get("p")).getState().getWaiting().getMessage())
                .isEqualTo("Container image \"nothere:1\" is not present with pull policy of Never");
        assertThat(get("p").getStatus().getPhase()).isEqualTo("Pending");
    }

    @Test
    void aDeletedPodIsStoppedWithItsGracePeriodThenRemovedFromTheApi() throws Exception {
        kubelet = start(runtime);
        pod("p", "Always", "busybox");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("init") != null);
        runtime.exit(runtime.latest("init").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(get("p").getStatus().getPhase()));
        String appId = runtime.latest("app").id();
        client.resources(Pod.class).inNamespace("default").delete("p", new DeleteOptions(5L, null, null, null, false));
        await().atMost(Duration.ofSeconds(10)).until(() -> get("p") == null);
        assertThat(runtime.stopGrace.get(appId)).isEqualTo(Duration.ofSeconds(5));
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.containers.isEmpty() && runtime.sandboxes.isEmpty());
    }

    @Test
    void aRestartedKubeletAdoptsRunningContainersAndRemovesThoseNoPodOwns() throws Exception {
        kubelet = start(runtime);
        pod("p", "Always", "busybox");
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("init") != null);
        runtime.exit(runtime.latest("init").id(), 0);
        await().atMost(Duration.ofSeconds(10)).until(() -> "Running".equals(get("p").getStatus().getPhase()));
        kubelet.close();
        kubelet = null;
        // an orphan: a pod deleted while the kubelet was down
        var orphan = runtime.runSandbox(new io.stevedore.api.runtime.SandboxSpec("gone-uid", "default", "gone", 0,
                "gone", false, java.util.List.of(), java.util.List.of(), java.util.List.of(), java.util.List.of(),
                Map.of()));
        runtime.actions.clear();
        int before = runtime.containers.size();
        kubelet = start(runtime);
        await().atMost(Duration.ofSeconds(10)).until(() -> !runtime.sandboxes.containsKey(orphan.id()));
        Thread.sleep(500);
        assertThat(runtime.actions).noneMatch(a -> a.startsWith("create") || a.startsWith("runSandbox"));
        assertThat(runtime.containers).hasSize(before);
        assertThat(get("p").getStatus().getPhase()).isEqualTo("Running");
    }

    @Test
    void configMapAndSecretVolumesAreWrittenAtomicallyAndFollowUpdates() throws Exception {
        client.resources(io.fabric8.kubernetes.api.model.ConfigMap.class).inNamespace("default").create(
                new io.fabric8.kubernetes.api.model.ConfigMapBuilder().withNewMetadata().withName("cm").endMetadata()
                        .addToData("k", "v1").build());
        kubelet = start(runtime);
        client.resources(Pod.class).inNamespace("default").create(new PodBuilder().withNewMetadata()
                .withName("v").endMetadata().withNewSpec().withNodeName("n1")
                .addNewVolume().withName("c").withNewConfigMap().withName("cm").endConfigMap().endVolume()
                .addNewContainer().withName("app").withImage("busybox").addNewVolumeMount().withName("c")
                .withMountPath("/etc/c").endVolumeMount().endContainer().endSpec().build());
        await().atMost(Duration.ofSeconds(10)).until(() -> runtime.latest("app") != null);
        String uid = get("v").getMetadata().getUid();
        Path file = dir.resolve("data/pods").resolve(uid).resolve("volumes/kubernetes.io~configmap/c/k");
        assertThat(Files.readString(file)).isEqualTo("v1");
        assertThat(Files.isSymbolicLink(file)).isTrue();
        client.resources(io.fabric8.kubernetes.api.model.ConfigMap.class).inNamespace("default").patch("cm",
                PatchType.MERGE, "{\"data\":{\"k\":\"v2\"}}");
        await().atMost(Duration.ofSeconds(10)).until(() -> Files.readString(file).equals("v2"));
        assertThat(Optional.ofNullable(runtime.latest("app")).orElseThrow().attempt()).isZero();
    }
}
