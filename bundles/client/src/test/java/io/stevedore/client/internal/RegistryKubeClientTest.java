package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.LimitRange;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.KubeTypes;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.client.Watch;
import io.stevedore.api.client.Watcher;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.PatchType;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class RegistryKubeClientTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final KubeClient client = new KubeClientComponent(registry);

    @AfterEach
    void tearDown() throws Exception {
        registry.close();
    }

    static Pod pod(String ns, String name, String app) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", app).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx")
                .withNewResources().addToRequests("cpu", new Quantity("500m")).endResources()
                .endContainer().endSpec().build();
    }

    @Test
    void crudRoundTripThroughTheTypedClient() {
        ResourceClient<Pod> pods = client.resources(Pod.class).inNamespace("default");

        Pod created = pods.create(pod(null, "web-1", "web"));
        assertThat(created.getMetadata().getNamespace()).isEqualTo("default");
        assertThat(created.getMetadata().getUid()).isNotBlank();
        assertThat(created.getMetadata().getResourceVersion()).isNotBlank();
        assertThat(created.getSpec().getContainers().get(0).getResources().getRequests().get("cpu"))
                .isEqualTo(new Quantity("500m"));

        Pod read = pods.get("web-1").orElseThrow();
        assertThat(read).isEqualTo(created);

        Pod changed = client.deepCopy(read);
        changed.getMetadata().getLabels().put("tier", "front");
        Pod updated = pods.update(changed);
        assertThat(updated.getMetadata().getLabels()).containsEntry("tier", "front");
        assertThat(Long.parseLong(updated.getMetadata().getResourceVersion()))
                .isGreaterThan(Long.parseLong(created.getMetadata().getResourceVersion()));
        assertThat(read.getMetadata().getLabels()).doesNotContainKey("tier");

        Pod withStatus = client.deepCopy(updated);
        withStatus.setStatus(new io.fabric8.kubernetes.api.model.PodStatusBuilder().withPhase("Running").build());
        assertThat(pods.updateStatus(withStatus).getStatus().getPhase()).isEqualTo("Running");

        Pod patched = pods.patch("web-1", PatchType.MERGE, "{\"metadata\":{\"annotations\":{\"a\":\"b\"}}}");
        assertThat(patched.getMetadata().getAnnotations()).containsEntry("a", "b");
        assertThat(patched.getStatus().getPhase()).isEqualTo("Running");

        assertThat(pods.delete("web-1")).get().extracting(p -> p.getMetadata().getName()).isEqualTo("web-1");
        assertThat(pods.get("web-1")).isEmpty();
        assertThat(pods.delete("web-1")).isEmpty();
    }

    @Test
    void staleUpdateFailsWithConflict() {
        ResourceClient<ConfigMap> cms = client.resources(ConfigMap.class).inNamespace("ns1");
        ConfigMap first = cms.create(new ConfigMapBuilder().withNewMetadata().withName("c").endMetadata()
                .addToData("k", "1").build());
        ConfigMap second = client.deepCopy(first);
        second.getData().put("k", "2");
        cms.update(second);
        first.getData().put("k", "3");
        assertThatThrownBy(() -> cms.update(first)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.code()).isEqualTo(409));
        assertThatThrownBy(() -> cms.create(second)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.reason()).isEqualTo("AlreadyExists"));
    }

    @Test
    void listsByNamespaceAndLabels() {
        ResourceClient<Pod> all = client.resources(Pod.class);
        all.create(pod("a", "p1", "web"));
        all.create(pod("a", "p2", "db"));
        all.create(pod("b", "p3", "web"));

        assertThat(names(all.list().items())).containsExactly("p1", "p2", "p3");
        assertThat(names(all.inNamespace("a").list().items())).containsExactly("p1", "p2");
        assertThat(names(all.withLabel("app", "web").list().items())).containsExactly("p1", "p3");
        assertThat(names(all.inNamespace("a").withLabel("app", "web").list().items())).containsExactly("p1");
        assertThat(names(all.list(ListOptions.ALL.withLabelSelector("app in (db,cache)")).items()))
                .containsExactly("p2");
        assertThat(all.list().resourceVersion()).isEqualTo(Long.toString(registry.currentRv()));
    }

    @Test
    void fieldSelectorsNarrowListsAndInformers() throws Exception {
        ResourceClient<Pod> all = client.resources(Pod.class);
        Pod onNode = pod("a", "bound", "web");
        onNode.getSpec().setNodeName("n1");
        all.create(onNode);
        all.create(pod("a", "pending", "web"));
        ResourceClient<Pod> mine = all.withField("spec.nodeName", "n1");
        assertThat(names(mine.list().items())).containsExactly("bound");
        try (var informer = mine.informer(java.time.Duration.ZERO)) {
            informer.start();
            assertThat(informer.waitForCacheSync(java.time.Duration.ofSeconds(10))).isTrue();
            assertThat(informer.getIndexer().listKeys()).containsExactly("a/bound");
        }
    }

    @Test
    void clusterScopedAndAppsKinds() {
        ResourceClient<Namespace> namespaces = client.resources(Namespace.class);
        namespaces.create(new NamespaceBuilder().withNewMetadata().withName("team-a").endMetadata().build());
        assertThat(namespaces.get("team-a")).get().extracting(n -> n.getMetadata().getNamespace()).isNull();

        ResourceClient<Deployment> deployments = client.resources(Deployment.class).inNamespace("default");
        Deployment d = deployments.create(new DeploymentBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(3).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", "web").endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("nginx").endContainer().endSpec()
                .endTemplate().endSpec().build());
        assertThat(d.getApiVersion()).isEqualTo("apps/v1");
        assertThat(deployments.get("web").orElseThrow().getSpec().getReplicas()).isEqualTo(3);
        assertThat(deployments.type()).isEqualTo(ResourceTypes.DEPLOYMENTS);
    }

    @Test
    void mapsModelClassesToResourceTypes() {
        assertThat(KubeTypes.of(Pod.class)).isEqualTo(ResourceTypes.PODS);
        assertThat(KubeTypes.of(Deployment.class)).isEqualTo(ResourceTypes.DEPLOYMENTS);
        assertThat(KubeTypes.of(io.fabric8.kubernetes.api.model.coordination.v1.Lease.class))
                .isEqualTo(ResourceTypes.LEASES);
        assertThat(KubeTypes.find(LimitRange.class)).isEmpty();
        assertThatThrownBy(() -> client.resources(LimitRange.class)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void byNameCallsOnNamespacedKindsNeedANamespace() {
        assertThatThrownBy(() -> client.resources(Pod.class).get("x")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> client.resources(Pod.class).create(pod(null, "x", "a")))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void watchDeliversTypedEventsAndEndsOnExpired() {
        ResourceClient<Pod> pods = client.resources(Pod.class).inNamespace("default");
        List<String> events = new CopyOnWriteArrayList<>();
        AtomicReference<ApiException> closedWith = new AtomicReference<>();
        String rv = pods.list().resourceVersion();
        Watch watch = pods.watch(ListOptions.ALL.withResourceVersion(rv).withBookmarks(true), new Watcher<>() {
            @Override
            public void eventReceived(Action action, Pod resource) {
                events.add(action + " " + resource.getMetadata().getName());
            }

            @Override
            public void onClose(ApiException cause) {
                closedWith.set(cause);
            }
        });
        pods.create(pod(null, "w", "web"));
        pods.patch("w", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"x\":\"y\"}}}");
        pods.delete("w");
        client.resources(Pod.class).inNamespace("other").create(pod(null, "elsewhere", "web"));
        registry.bookmark();
        await().until(() -> events.size() >= 4);
        assertThat(events).containsExactly("ADDED w", "MODIFIED w", "DELETED w", "BOOKMARK null");

        registry.expireWatches();
        await().until(() -> closedWith.get() != null);
        assertThat(closedWith.get().code()).isEqualTo(410);
        assertThat(closedWith.get().reason()).isEqualTo("Expired");
        watch.close();
    }

    private static List<String> names(List<? extends io.fabric8.kubernetes.api.model.HasMetadata> items) {
        return items.stream().map(i -> i.getMetadata().getName()).toList();
    }
}
