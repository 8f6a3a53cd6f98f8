package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.registry.PatchType;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The Deployment loop on a seeded store. The ReplicaSet controller runs beside it for real; the
 * deployment's passes are either driven by hand (to check each pass's writes) or by its workers,
 * with the test standing in for kubelets by marking pods ready.
 */
class DeploymentControllerTest {

    private final Fixture f = new Fixture();
    private final InformerFactory informers = f.recording.newInformerFactory();
    private final DeploymentController dc = new DeploymentController(f.recording, informers,
            new EventRecorder(f.seed, DeploymentController.COMPONENT, "test", Clock.systemUTC()), Clock.systemUTC());
    private final InformerFactory rsInformers = f.seed.newInformerFactory();
    private final ReplicaSetController<ReplicaSet> rsc = new ReplicaSetController<>(f.seed, ReplicaKind.REPLICA_SETS,
            rsInformers, new EventRecorder(f.seed, "replicaset-controller", "test", Clock.systemUTC()),
            Clock.systemUTC());

    @AfterEach
    void close() {
        dc.close();
        rsc.close();
        rsInformers.stopAllRegisteredInformers();
        f.close();
    }

    private Deployment deployment(String name, int replicas, String image, Map<String, Object> strategy) {
        DeploymentBuilder b = new DeploymentBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withNewTemplate().withNewMetadata().addToLabels("app", name).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage(image).endContainer().endSpec()
                .endTemplate().endSpec();
        Deployment d = b.build();
        if (strategy.containsKey("type")) {
            d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                    .withType((String) strategy.get("type")).build());
        }
        if (strategy.containsKey("maxSurge")) {
            d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                    .withType("RollingUpdate").withNewRollingUpdate()
                    .withMaxSurge(new IntOrString(strategy.get("maxSurge")))
                    .withMaxUnavailable(new IntOrString(strategy.get("maxUnavailable"))).endRollingUpdate().build());
        }
        if (strategy.containsKey("revisionHistoryLimit")) {
            d.getSpec().setRevisionHistoryLimit((Integer) strategy.get("revisionHistoryLimit"));
        }
        if (strategy.containsKey("progressDeadlineSeconds")) {
            d.getSpec().setProgressDeadlineSeconds((Integer) strategy.get("progressDeadlineSeconds"));
        }
        return f.res(Deployment.class).create(d);
    }

    private Deployment get(String name) {
        return f.res(Deployment.class).get(name).orElseThrow();
    }

    private List<ReplicaSet> replicaSets() {
        return f.res(ReplicaSet.class).list().items().stream()
                .sorted(Comparator.comparingLong(DeploymentController::revision)).toList();
    }

    private Optional<DeploymentCondition> condition(String name, String type) {
        Deployment d = get(name);
        return d.getStatus() == null || d.getStatus().getConditions() == null ? Optional.empty()
                : d.getStatus().getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private void setImage(String name, String image) {
        f.res(Deployment.class).patch(name, PatchType.STRATEGIC_MERGE,
                "{\"spec\":{\"template\":{\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    private void startReplicaSetController() throws InterruptedException {
        f.startInformers();
        rsInformers.startAllRegisteredInformers();
        assertThat(rsInformers.waitForCacheSync(java.time.Duration.ofSeconds(10))).isTrue();
        rsc.start(2);
    }

    /** Starts both loops' workers: the deployment's too. */
    private void startAll() throws InterruptedException {
        startReplicaSetController();
        dc.start(2);
    }

    /** Stands in for kubelets until the deployment completes; answers the most pods seen at once. */
    private int rollToCompletion(String name) {
        AtomicInteger most = new AtomicInteger();
        Fixture.until(() -> {
            f.markReady(p -> true, Instant.now().minusSeconds(1));
            // maxSurge bounds the replica sets' desired replicas (Kubernetes' GetReplicaCountForReplicaSets); pods
            // of a scaled-down set may linger a moment until its controller deletes them
            most.accumulateAndGet(replicaSets().stream().mapToInt(rs -> rs.getSpec().getReplicas() == null ? 0
                    : rs.getSpec().getReplicas()).sum(), Math::max);
            Deployment d = get(name);
            return DeploymentController.isComplete(d, d.getStatus()) && condition(name, "Progressing")
                    .map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false)
                    && f.pods().size() == d.getSpec().getReplicas();
        });
        return most.get();
    }

    private List<String> events(String reason) {
        return f.res(Event.class).list().items().stream().filter(e -> reason.equals(e.getReason()))
                .sorted(Comparator.comparing(Event::getFirstTimestamp)).map(Event::getMessage).toList();
    }

    @Test
    void theFirstPassCreatesARevisionOneReplicaSetNamedByTheTemplateHash() throws Exception {
        deployment("web", 3, "nginx:1", Map.of());
        f.startInformers();
        dc.reconcile("default/web");
        List<String> actions = f.takeActions();
        ReplicaSet rs = replicaSets().get(0);
        String hash = rs.getMetadata().getLabels().get("pod-template-hash");
        assertThat(rs.getMetadata().getName()).isEqualTo("web-" + hash).matches("web-[bcdfghjklmnpqrstvwxz2456789]{6,10}");
        assertThat(actions).containsExactly("create replicasets default/" + rs.getMetadata().getName(),
                "updateStatus deployments default/web", "updateStatus deployments default/web",
                "updateStatus deployments default/web");
        // The revision annotation goes with the status: it does not bump the generation.
        assertThat(get("web").getMetadata().getGeneration()).isEqualTo(1L);
        assertThat(rs.getSpec().getReplicas()).isEqualTo(3);
        assertThat(rs.getSpec().getSelector().getMatchLabels()).containsEntry("app", "web")
                .containsEntry("pod-template-hash", hash);
        assertThat(rs.getSpec().getTemplate().getMetadata().getLabels()).containsEntry("pod-template-hash", hash);
        assertThat(rs.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1")
                .containsEntry("deployment.kubernetes.io/desired-replicas", "3")
                .containsEntry("deployment.kubernetes.io/max-replicas", "4");
        assertThat(ControllerRefs.controllerOf(rs).orElseThrow().getKind()).isEqualTo("Deployment");
        assertThat(get("web").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(condition("web", "Progressing").orElseThrow().getReason()).isEqualTo("NewReplicaSetCreated");
        assertThat(condition("web", "Progressing").orElseThrow().getMessage())
                .isEqualTo("Created new replica set \"" + rs.getMetadata().getName() + "\"");
        assertThat(condition("web", "Available").orElseThrow().getStatus()).isEqualTo("False");
        assertThat(events("ScalingReplicaSet")).containsExactly("Scaled up replica set " + rs.getMetadata().getName()
                + " from 0 to 3");
        // The same template always hashes the same.
        assertThat(DeploymentController.computeHash(rs.getSpec().getTemplate(), null)).isNotEqualTo(hash);
        assertThat(DeploymentController.computeHash(get("web").getSpec().getTemplate(), null)).isEqualTo(hash);
        assertThat(DeploymentController.computeHash(get("web").getSpec().getTemplate(), 1)).isNotEqualTo(hash);
    }

    @Test
    void aRollingUpdateStaysWithinMaxSurgeAndKeepsOldRevisions() throws Exception {
        deployment("web", 4, "nginx:1", Map.of("maxSurge", 1, "maxUnavailable", 1));
        startAll();
        rollToCompletion("web");
        setImage("web", "nginx:2");
        int most = rollToCompletion("web");
        assertThat(most).isLessThanOrEqualTo(5);
        List<ReplicaSet> rss = replicaSets();
        assertThat(rss).hasSize(2);
        assertThat(rss.get(0).getSpec().getReplicas()).isZero();
        assertThat(rss.get(0).getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "1");
        assertThat(rss.get(1).getSpec().getReplicas()).isEqualTo(4);
        assertThat(rss.get(1).getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        Deployment d = get("web");
        assertThat(d.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "2");
        assertThat(d.getStatus().getUpdatedReplicas()).isEqualTo(4);
        assertThat(d.getStatus().getAvailableReplicas()).isEqualTo(4);
        assertThat(d.getStatus().getObservedGeneration()).isEqualTo(d.getMetadata().getGeneration());
        assertThat(condition("web", "Available").orElseThrow().getReason()).isEqualTo("MinimumReplicasAvailable");
        assertThat(condition("web", "Progressing").orElseThrow().getMessage())
                .isEqualTo("ReplicaSet \"" + rss.get(1).getMetadata().getName() + "\" has successfully progressed.");
        assertThat(f.pods()).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:2"));
        assertThat(events("ScalingReplicaSet")).anyMatch(m -> m.startsWith("Scaled down replica set "
                + rss.get(0).getMetadata().getName()));

        // kubectl rollout undo: the old ReplicaSet's template goes back into the deployment.
        var template = rss.get(0).getSpec().getTemplate();
        template.getMetadata().getLabels().remove("pod-template-hash");
        f.res(Deployment.class).patch("web", PatchType.JSON, "[{\"op\":\"replace\",\"path\":\"/spec/template\","
                + "\"value\":" + new tools.jackson.databind.json.JsonMapper().writeValueAsString(template) + "}]");
        rollToCompletion("web");
        List<ReplicaSet> after = replicaSets();
        assertThat(after).hasSize(2);
        ReplicaSet back = after.get(1);
        assertThat(back.getMetadata().getName()).isEqualTo(rss.get(0).getMetadata().getName());
        assertThat(back.getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3")
                .containsEntry("deployment.kubernetes.io/revision-history", "1");
        assertThat(get("web").getMetadata().getAnnotations()).containsEntry("deployment.kubernetes.io/revision", "3");
        assertThat(f.pods()).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:1"));
    }

    @Test
    void aPausedDeploymentScalesButDoesNotRollUntilResumed() throws Exception {
        deployment("web", 2, "nginx:1", Map.of());
        startAll();
        rollToCompletion("web");
        f.res(Deployment.class).patch("web", PatchType.MERGE, "{\"spec\":{\"paused\":true}}");
        Fixture.until(() -> condition("web", "Progressing").map(c -> "DeploymentPaused".equals(c.getReason())
                && "Unknown".equals(c.getStatus()) && "Deployment is paused".equals(c.getMessage())).orElse(false));
        setImage("web", "nginx:2");
        f.res(Deployment.class).patch("web", PatchType.MERGE, "{\"spec\":{\"replicas\":3}}");
        Fixture.until(() -> replicaSets().get(0).getSpec().getReplicas() == 3);
        Fixture.until(() -> get("web").getStatus().getObservedGeneration() == get("web").getMetadata().getGeneration());
        assertThat(replicaSets()).hasSize(1);
        f.res(Deployment.class).patch("web", PatchType.MERGE, "{\"spec\":{\"paused\":false}}");
        rollToCompletion("web");
        assertThat(replicaSets()).hasSize(2);
        assertThat(f.pods()).hasSize(3).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:2"));
    }

    @Test
    void recreateScalesTheOldReplicaSetToZeroAndWaitsForItsPodsBeforeCreatingTheNew() throws Exception {
        deployment("web", 2, "nginx:1", Map.of("type", "Recreate"));
        startReplicaSetController();
        Fixture.until(() -> {
            dc.reconcile("default/web");
            f.markReady(p -> true, Instant.now().minusSeconds(1));
            return get("web").getStatus() != null && Integer.valueOf(2).equals(get("web").getStatus()
                    .getAvailableReplicas());
        });
        setImage("web", "nginx:2");
        Fixture.until(() -> get("web").getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                .equals("nginx:2") && dcSees("web", "nginx:2"));
        f.takeActions();
        dc.reconcile("default/web");
        List<String> first = f.takeActions();
        assertThat(first).contains("update replicasets default/" + replicaSets().get(0).getMetadata().getName())
                .noneMatch(a -> a.startsWith("create replicasets"));
        assertThat(replicaSets()).hasSize(1);
        Fixture.until(() -> {
            dc.reconcile("default/web");
            return replicaSets().size() == 2;
        });
        // By the time the new ReplicaSet exists, every old pod is gone.
        assertThat(f.pods()).allMatch(p -> p.getSpec().getContainers().get(0).getImage().equals("nginx:2"));
        Fixture.until(() -> {
            dc.reconcile("default/web");
            f.markReady(p -> true, Instant.now().minusSeconds(1));
            return f.pods().size() == 2 && DeploymentController.isComplete(get("web"), get("web").getStatus());
        });
    }

    /** Whether the deployment controller's cache has the given image. */
    private boolean dcSees(String name, String image) {
        return informers.sharedIndexInformerFor(Deployment.class, java.time.Duration.ZERO).lister()
                .get("default", name).map(d -> d.getSpec().getTemplate().getSpec().getContainers().get(0).getImage()
                        .equals(image)).orElse(false);
    }

    @Test
    void scalingMidRolloutSplitsTheNewReplicasProportionally() throws Exception {
        deployment("web", 10, "nginx:1", Map.of());
        startReplicaSetController();
        Fixture.until(() -> {
            dc.reconcile("default/web");
            f.markReady(p -> true, Instant.now().minusSeconds(1));
            return Integer.valueOf(10).equals(get("web").getStatus().getAvailableReplicas());
        });
        setImage("web", "nginx:2");
        Fixture.until(() -> dcSees("web", "nginx:2"));
        // New pods never become ready: the rollout is stuck at surge 3, unavailable 2.
        Fixture.until(() -> {
            dc.reconcile("default/web");
            List<ReplicaSet> rss = replicaSets();
            return rss.size() == 2 && rss.get(0).getSpec().getReplicas() == 8 && rss.get(1).getSpec().getReplicas() == 3;
        });
        f.res(Deployment.class).patch("web", PatchType.MERGE, "{\"spec\":{\"replicas\":20}}");
        Fixture.until(() -> informers.sharedIndexInformerFor(Deployment.class, java.time.Duration.ZERO).lister()
                .get("default", "web").map(d -> d.getSpec().getReplicas() == 20).orElse(false));
        Fixture.until(() -> informers.sharedIndexInformerFor(ReplicaSet.class, java.time.Duration.ZERO).lister()
                .list("default", null).stream().mapToInt(DeploymentController::replicas).sum() == 11);
        dc.reconcile("default/web");
        List<ReplicaSet> rss = replicaSets();
        // 20 + maxSurge 5 = 25, shared by size: 8 * 25 / 13 rounds to 15, 3 * 25 / 13 to 6, the rest to the largest.
        assertThat(rss.get(0).getSpec().getReplicas()).isEqualTo(19);
        assertThat(rss.get(1).getSpec().getReplicas()).isEqualTo(6);
        assertThat(rss).allSatisfy(rs -> assertThat(rs.getMetadata().getAnnotations())
                .containsEntry("deployment.kubernetes.io/desired-replicas", "20")
                .containsEntry("deployment.kubernetes.io/max-replicas", "25"));
    }

    @Test
    void oldReplicaSetsBeyondTheHistoryLimitAreDeleted() throws Exception {
        deployment("web", 1, "nginx:1", Map.of("revisionHistoryLimit", 1));
        startAll();
        rollToCompletion("web");
        setImage("web", "nginx:2");
        rollToCompletion("web");
        setImage("web", "nginx:3");
        rollToCompletion("web");
        Fixture.until(() -> replicaSets().size() == 2);
        assertThat(replicaSets()).extracting(rs -> rs.getSpec().getTemplate().getSpec().getContainers().get(0)
                .getImage()).containsExactly("nginx:2", "nginx:3");
    }

    @Test
    void aRolloutThatMakesNoProgressPastItsDeadlineIsReportedAsTimedOut() throws Exception {
        deployment("web", 2, "nginx:1", Map.of("progressDeadlineSeconds", 1));
        startAll();
        Fixture.until(() -> condition("web", "Progressing").map(c -> "ProgressDeadlineExceeded".equals(c.getReason())
                && "False".equals(c.getStatus())).orElse(false));
        assertThat(condition("web", "Progressing").orElseThrow().getMessage()).endsWith("has timed out progressing.");
    }

    @Test
    void fencepostsRoundSurgeUpAndUnavailabilityDown() {
        Deployment d = new DeploymentBuilder().withNewSpec().withReplicas(10).endSpec().build();
        assertThat(DeploymentController.maxSurge(d)).isEqualTo(3);
        assertThat(DeploymentController.maxUnavailable(d)).isEqualTo(2);
        d.getSpec().setReplicas(1);
        assertThat(DeploymentController.maxSurge(d)).isEqualTo(1);
        assertThat(DeploymentController.maxUnavailable(d)).isZero();
        d.getSpec().setStrategy(new io.fabric8.kubernetes.api.model.apps.DeploymentStrategyBuilder()
                .withType("RollingUpdate").withNewRollingUpdate().withMaxSurge(new IntOrString(0))
                .withMaxUnavailable(new IntOrString("0%")).endRollingUpdate().build());
        assertThat(DeploymentController.maxUnavailable(d)).isEqualTo(1);
    }
}
