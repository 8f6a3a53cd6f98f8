package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.PodTemplateSpecBuilder;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.Reconciler;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The replica loop on a seeded store: the writes each pass makes, as sample-controller's tests check them. */
class ReplicaSetControllerTest {

    private final Fixture f = new Fixture();
    private final ReplicaSetController<ReplicaSet> rsc = new ReplicaSetController<>(f.recording,
            ReplicaKind.REPLICA_SETS, f.recording.newInformerFactory(),
            new EventRecorder(f.seed, "replicaset-controller", "test", Clock.systemUTC()), Clock.systemUTC());

    @AfterEach
    void close() {
        rsc.close();
        f.close();
    }

    static PodTemplateSpec template(Map<String, String> labels) {
        return new PodTemplateSpecBuilder().withNewMetadata().withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec().build();
    }

    private ReplicaSet rs(String name, int replicas, int minReady) {
        return f.res(ReplicaSet.class).create(new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(replicas).withMinReadySeconds(minReady)
                .withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(template(Map.of("app", name))).endSpec().build());
    }

    private Pod pod(String name, Map<String, String> labels, OwnerReference owner) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).withLabels(labels).endMetadata()
                .withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer().endSpec();
        if (owner != null) {
            b.editMetadata().withOwnerReferences(owner).endMetadata();
        }
        return f.res(Pod.class).create(b.build());
    }

    private ReplicaSet get(String name) {
        return f.res(ReplicaSet.class).get(name).orElseThrow();
    }

    private List<Pod> ownedBy(ReplicaSet rs) {
        return f.pods().stream().filter(p -> ControllerRefs.controllerOf(p)
                .map(r -> r.getUid().equals(rs.getMetadata().getUid())).orElse(false)).toList();
    }

    private List<String> events(String reason) {
        return f.res(Event.class).list().items().stream().filter(e -> reason.equals(e.getReason()))
                .map(Event::getMessage).toList();
    }

    @Test
    void createsTheMissingPodsFromTheTemplateWithAControllerReferenceThenWritesStatus() throws Exception {
        ReplicaSet rs = rs("web", 3, 0);
        f.startInformers();
        rsc.reconcile("default/web");
        assertThat(f.takeActions()).containsExactly("create pods default/web-", "create pods default/web-",
                "create pods default/web-", "updateStatus replicasets default/web");
        List<Pod> pods = ownedBy(rs);
        assertThat(pods).hasSize(3).allSatisfy(p -> {
            assertThat(p.getMetadata().getName()).matches("web-[a-z0-9]{5}");
            assertThat(p.getMetadata().getLabels()).containsEntry("app", "web");
            OwnerReference ref = p.getMetadata().getOwnerReferences().get(0);
            assertThat(ref.getKind()).isEqualTo("ReplicaSet");
            assertThat(ref.getApiVersion()).isEqualTo("apps/v1");
            assertThat(ref.getBlockOwnerDeletion()).isTrue();
        });
        // As in Kubernetes, the status counts what the pass started from; the next pass counts the new pods.
        assertThat(get("web").getStatus().getReplicas()).isZero();
        assertThat(get("web").getStatus().getObservedGeneration()).isEqualTo(1L);
        Fixture.until(() -> {
            rsc.reconcile("default/web");
            return get("web").getStatus().getReplicas() == 3;
        });
        assertThat(f.takeActions()).doesNotContain("create pods default/web-");
        assertThat(events("SuccessfulCreate")).hasSize(3).allMatch(m -> m.startsWith("Created pod: web-"));
    }

    @Test
    void aLaggingCacheNeverCausesASecondRoundOfCreates() throws Exception {
        rs("web", 5, 0);
        f.startInformers();
        rsc.reconcile("default/web");
        rsc.reconcile("default/web");
        rsc.reconcile("default/web");
        assertThat(f.takeActions().stream().filter(a -> a.startsWith("create")).count()).isEqualTo(5);
        assertThat(f.pods()).hasSize(5);
    }

    @Test
    void adoptsMatchingOrphansAndDeletesTheLeastUsefulPodsFirst() throws Exception {
        Pod ready = pod("ready", Map.of("app", "web"), null);
        pod("pending-1", Map.of("app", "web"), null);
        pod("pending-2", Map.of("app", "web"), null);
        pod("other", Map.of("app", "db"), null);
        f.markReady(p -> p.getMetadata().getName().equals("ready"), Instant.now());
        rs("web", 1, 0);
        f.startInformers();
        rsc.reconcile("default/web");
        List<String> actions = f.takeActions();
        assertThat(actions).containsExactlyInAnyOrder("patch pods default/ready", "patch pods default/pending-1",
                "patch pods default/pending-2", "delete pods default/pending-1", "delete pods default/pending-2",
                "updateStatus replicasets default/web");
        assertThat(actions.get(actions.size() - 1)).isEqualTo("updateStatus replicasets default/web");
        assertThat(f.pods().stream().map(p -> p.getMetadata().getName()).collect(Collectors.toSet()))
                .isEqualTo(Set.of("ready", "other"));
        assertThat(ControllerRefs.controllerOf(f.res(Pod.class).get("ready").orElseThrow())).isPresent();
        assertThat(ControllerRefs.controllerOf(f.res(Pod.class).get("other").orElseThrow())).isEmpty();
        assertThat(ready.getMetadata().getUid()).isEqualTo(f.res(Pod.class).get("ready").orElseThrow()
                .getMetadata().getUid());
        assertThat(get("web").getStatus().getReadyReplicas()).isEqualTo(1);
    }

    @Test
    void releasesAPodWhoseLabelsStopMatchingAndReplacesIt() throws Exception {
        ReplicaSet rs = rs("web", 1, 0);
        f.startInformers();
        Fixture.until(() -> {
            rsc.reconcile("default/web");
            return get("web").getStatus().getReplicas() == 1;
        });
        Pod mine = ownedBy(rs).get(0);
        mine.getMetadata().setLabels(Map.of("app", "debugging"));
        f.res(Pod.class).update(mine);
        f.takeActions();
        Fixture.until(() -> {
            rsc.reconcile("default/web");
            return ownedBy(rs).size() == 1 && !ownedBy(rs).get(0).getMetadata().getName()
                    .equals(mine.getMetadata().getName());
        });
        List<String> actions = f.takeActions();
        assertThat(actions).contains("patch pods default/" + mine.getMetadata().getName(), "create pods default/web-");
        assertThat(ControllerRefs.controllerOf(f.res(Pod.class).get(mine.getMetadata().getName()).orElseThrow()))
                .isEmpty();
    }

    @Test
    void neverTouchesPodsThatAnotherControllerOwns() throws Exception {
        ReplicaSet other = rs("other", 0, 0);
        pod("taken", Map.of("app", "web"), ControllerRefs.controllerRef(other));
        rs("web", 1, 0);
        f.startInformers();
        rsc.reconcile("default/web");
        assertThat(f.takeActions()).containsExactly("create pods default/web-", "updateStatus replicasets default/web");
        assertThat(ControllerRefs.controllerOf(f.res(Pod.class).get("taken").orElseThrow()).orElseThrow().getUid())
                .isEqualTo(other.getMetadata().getUid());
    }

    @Test
    void countsAvailableOnlyAfterMinReadySecondsAndAsksToLookAgain() throws Exception {
        ReplicaSet rs = rs("web", 2, 30);
        f.startInformers();
        rsc.reconcile("default/web");
        Fixture.until(() -> ownedBy(rs).size() == 2);
        Instant now = Instant.now();
        f.markReady(p -> true, now.minusSeconds(60));
        Fixture.until(() -> ownedBy(rs).stream().allMatch(Pods::isReady));
        Pod young = ownedBy(rs).get(0);
        young.getStatus().getConditions().get(0).setLastTransitionTime(Times.format(now));
        f.res(Pod.class).updateStatus(young);
        Fixture.until(() -> {
            Reconciler.Result r = rsc.reconcile("default/web");
            return get("web").getStatus().getReadyReplicas() == 2 && r.requeueAfter() != null;
        });
        assertThat(get("web").getStatus().getAvailableReplicas()).isEqualTo(1);
        assertThat(rsc.reconcile("default/web").requeueAfter()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void aFailingCreateIsRecordedAsReplicaFailureAndRetried() throws Exception {
        ReplicaSet rs = new ReplicaSetBuilder().withNewMetadata().withName("web").endMetadata()
                .withNewSpec().withReplicas(2).withNewSelector().addToMatchLabels("app", "web").endSelector()
                .withTemplate(template(Map.of("app", "web"))).endSpec().build();
        rs.getSpec().getTemplate().getSpec().setPriorityClassName("no-such-class");
        f.res(ReplicaSet.class).create(rs);
        f.startInformers();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> rsc.reconcile("default/web"))
                .isInstanceOf(ReplicaSetController.FailedPass.class);
        assertThat(f.takeActions()).containsExactly("create pods default/web-", "updateStatus replicasets default/web");
        var condition = get("web").getStatus().getConditions().get(0);
        assertThat(condition.getType()).isEqualTo("ReplicaFailure");
        assertThat(condition.getReason()).isEqualTo("FailedCreate");
        assertThat(condition.getMessage()).contains("no-such-class");
        assertThat(events("FailedCreate")).hasSize(1).allMatch(m -> m.startsWith("Error creating: "));
    }

    @Test
    void slowStartStopsAfterTheFirstFailingBatch() {
        int[] calls = {0};
        int created = ReplicaSetController.slowStartBatch(100, 1, () -> {
            synchronized (calls) {
                calls[0]++;
            }
            return false;
        });
        assertThat(created).isZero();
        assertThat(calls[0]).isEqualTo(1);
        int[] ok = {0};
        assertThat(ReplicaSetController.slowStartBatch(10, 1, () -> {
            synchronized (ok) {
                ok[0]++;
            }
            return true;
        })).isEqualTo(10);
        assertThat(ok[0]).isEqualTo(10);
    }

    @Test
    void replicationControllersRunTheSameLoop() throws Exception {
        try (Fixture g = new Fixture()) {
            ReplicaSetController<ReplicationController> rcc = new ReplicaSetController<>(g.recording,
                    ReplicaKind.REPLICATION_CONTROLLERS, g.recording.newInformerFactory(),
                    new EventRecorder(g.seed, "replication-controller", "test", Clock.systemUTC()), Clock.systemUTC());
            g.res(ReplicationController.class).create(new ReplicationControllerBuilder().withNewMetadata()
                    .withName("old").endMetadata().withNewSpec().withReplicas(2).withSelector(Map.of("app", "old"))
                    .withTemplate(template(Map.of("app", "old"))).endSpec().build());
            g.startInformers();
            rcc.reconcile("default/old");
            assertThat(g.takeActions()).containsExactly("create pods default/old-", "create pods default/old-",
                    "updateStatus replicationcontrollers default/old");
            assertThat(g.pods()).allSatisfy(p -> assertThat(p.getMetadata().getOwnerReferences().get(0).getKind())
                    .isEqualTo("ReplicationController"));
            rcc.close();
        }
    }
}
