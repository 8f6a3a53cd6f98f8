package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.Watch;
import io.fabric8.kubernetes.client.Watcher;
import io.fabric8.kubernetes.client.WatcherException;
import io.fabric8.kubernetes.client.informers.ResourceEventHandler;
import io.fabric8.kubernetes.client.informers.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The fabric8 kubernetes-client 8.0 against the distribution: CRUD, watch, informers, resync after a restart. */
class Fabric8IT {

    static Cluster cluster;
    static KubernetesClient client;

    @BeforeAll
    static void start() throws Exception {
        cluster = Cluster.start("fabric8");
        Config config = new ConfigBuilder(Config.empty()).withMasterUrl(cluster.url()).withNamespace("default")
                .withRequestTimeout(30_000).withConnectionTimeout(5_000).build();
        client = new KubernetesClientBuilder().withConfig(config).build();
        client.namespaces().resource(new NamespaceBuilder().withNewMetadata().withName("f8").endMetadata().build())
                .create();
    }

    @AfterAll
    static void stop() throws Exception {
        if (client != null) {
            client.close();
        }
        if (cluster != null) {
            cluster.close();
        }
    }

    static ConfigMap cm(String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withName(name).withNamespace("f8").endMetadata()
                .withData(Map.of("k", value)).build();
    }

    @Test
    void crud() {
        ConfigMap created = client.configMaps().inNamespace("f8").resource(cm("crud", "1")).create();
        assertThat(created.getMetadata().getResourceVersion()).isNotEmpty();
        ConfigMap edited = client.configMaps().inNamespace("f8").withName("crud")
                .edit(c -> new ConfigMapBuilder(c).addToData("k", "2").build());
        assertThat(edited.getData()).containsEntry("k", "2");
        assertThat(client.configMaps().inNamespace("f8").list().getItems()).extracting(c -> c.getMetadata().getName())
                .contains("crud");
        assertThat(client.configMaps().inNamespace("f8").withName("crud").delete()).hasSize(1);
        assertThat(client.configMaps().inNamespace("f8").withName("crud").get()).isNull();
    }

    @Test
    void watch() throws Exception {
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        try (Watch w = client.configMaps().inNamespace("f8").watch(new Watcher<>() {
            @Override
            public void eventReceived(Action action, ConfigMap resource) {
                // a watch without a resourceVersion starts with ADDED events for what exists: keep ours only
                if (resource.getMetadata().getName().equals("watched")) {
                    events.add(action + " " + resource.getMetadata().getName());
                }
            }

            @Override
            public void onClose(WatcherException cause) {
            }
        })) {
            client.configMaps().inNamespace("f8").resource(cm("watched", "a")).create();
            client.configMaps().inNamespace("f8").withName("watched").edit(c -> new ConfigMapBuilder(c)
                    .addToData("k", "b").build());
            client.configMaps().inNamespace("f8").withName("watched").delete();
            assertThat(List.of(poll(events), poll(events), poll(events)))
                    .containsExactly("ADDED watched", "MODIFIED watched", "DELETED watched");
        }
    }

    static String poll(BlockingQueue<String> q) throws InterruptedException {
        String s = q.poll(30, TimeUnit.SECONDS);
        assertThat(s).as("an event within 30 s").isNotNull();
        return s;
    }

    @Test
    void informerSeesChangesAndResyncsAfterServerRestart() throws Exception {
        List<String> seen = new CopyOnWriteArrayList<>();
        SharedIndexInformer<ConfigMap> informer = client.configMaps().inNamespace("f8").inform(
                new ResourceEventHandler<>() {
                    @Override
                    public void onAdd(ConfigMap obj) {
                        seen.add("add " + obj.getMetadata().getName());
                    }

                    @Override
                    public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                        if (!oldObj.getMetadata().getResourceVersion().equals(newObj.getMetadata().getResourceVersion())) {
                            seen.add("update " + newObj.getMetadata().getName());
                        }
                    }

                    @Override
                    public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                        seen.add("delete " + obj.getMetadata().getName());
                    }
                }, 0);
        try {
            Awaitility.await().atMost(Duration.ofSeconds(30)).until(informer::hasSynced);
            client.configMaps().inNamespace("f8").resource(cm("inf", "1")).create();
            client.configMaps().inNamespace("f8").withName("inf").edit(c -> new ConfigMapBuilder(c)
                    .addToData("k", "2").build());
            client.configMaps().inNamespace("f8").withName("inf").delete();
            Awaitility.await().atMost(Duration.ofSeconds(30))
                    .until(() -> seen.containsAll(List.of("add inf", "update inf", "delete inf")));

            cluster.stop();
            cluster.launch();
            client.configMaps().inNamespace("f8").resource(cm("after-restart", "1")).create();
            Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> seen.contains("add after-restart"));
            assertThat(informer.getStore().getByKey("f8/after-restart")).isNotNull();
        } finally {
            informer.close();
        }
    }

    /** fabric8's scale(n) and scale(Scale): PUT of an autoscaling/v1 Scale on /scale, with its resourceVersion. */
    @Test
    void scaleSubresourceOfDeploymentsReplicaSetsAndControllers() {
        Map<String, String> labels = Map.of("app", "scaled");
        Deployment d = new DeploymentBuilder().withNewMetadata().withName("scaled").endMetadata()
                .withNewSpec().withReplicas(1).withNewSelector().withMatchLabels(labels).endSelector()
                .withNewTemplate().withNewMetadata().withLabels(labels).endMetadata().withNewSpec().addNewContainer()
                .withName("c").withImage("busybox").endContainer().endSpec().endTemplate().endSpec().build();
        var deployment = client.apps().deployments().inNamespace("f8").resource(d);
        deployment.create();
        assertThat(deployment.scale(3).getSpec().getReplicas()).isEqualTo(3);
        Scale scale = deployment.scale();
        assertThat(scale.getSpec().getReplicas()).isEqualTo(3);
        assertThat(scale.getStatus().getSelector()).isEqualTo("app=scaled");

        Scale stale = new ScaleBuilder(scale).editMetadata()
                .withResourceVersion(Long.toString(Long.parseLong(scale.getMetadata().getResourceVersion()) - 1))
                .endMetadata().editSpec().withReplicas(5).endSpec().build();
        KubernetesClientException conflict = catchThrowableOfType(KubernetesClientException.class,
                () -> deployment.scale(stale));
        assertThat(conflict.getCode()).isEqualTo(409);
        Scale two = deployment.scale(new ScaleBuilder(scale).editSpec().withReplicas(2).endSpec().build());
        assertThat(two.getSpec().getReplicas()).isEqualTo(2);
        assertThat(deployment.get().getSpec().getReplicas()).isEqualTo(2);

        var rs = client.apps().replicaSets().inNamespace("f8").resource(new ReplicaSetBuilder().withNewMetadata()
                .withName("scaled-rs").endMetadata().withNewSpec().withReplicas(1).withNewSelector()
                .withMatchLabels(labels).endSelector().withNewTemplate().withNewMetadata().withLabels(labels)
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().endTemplate().endSpec().build());
        rs.create();
        assertThat(rs.scale(4).getSpec().getReplicas()).isEqualTo(4);
        var rc = client.replicationControllers().inNamespace("f8").resource(new ReplicationControllerBuilder()
                .withNewMetadata().withName("scaled-rc").endMetadata().withNewSpec().withReplicas(1)
                .withSelector(labels).withNewTemplate().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec()
                .endTemplate().endSpec().build());
        rc.create();
        assertThat(rc.scale(0).getSpec().getReplicas()).isZero();
        assertThat(rc.scale().getSpec().getReplicas()).isZero();
    }

    @Test
    void serviceAccountTokenRequestAndReview() {
        client.serviceAccounts().inNamespace("f8").resource(new io.fabric8.kubernetes.api.model.ServiceAccountBuilder()
                .withNewMetadata().withName("robot").endMetadata().build()).create();
        io.fabric8.kubernetes.api.model.authentication.TokenRequest answer = client.serviceAccounts().inNamespace("f8")
                .withName("robot").tokenRequest(new io.fabric8.kubernetes.api.model.authentication.TokenRequestBuilder()
                        .withNewSpec().withAudiences("vault").withExpirationSeconds(900L).endSpec().build());
        assertThat(answer.getSpec().getExpirationSeconds()).isEqualTo(900L);
        assertThat(answer.getStatus().getExpirationTimestamp()).isNotEmpty();
        io.fabric8.kubernetes.api.model.authentication.TokenReview review = client.resource(
                new io.fabric8.kubernetes.api.model.authentication.TokenReviewBuilder().withNewSpec()
                        .withToken(answer.getStatus().getToken()).withAudiences("vault").endSpec().build()).create();
        assertThat(review.getStatus().getAuthenticated()).isTrue();
        assertThat(review.getStatus().getUser().getUsername()).isEqualTo("system:serviceaccount:f8:robot");
        assertThat(review.getStatus().getUser().getGroups()).contains("system:serviceaccounts:f8");
    }
}
