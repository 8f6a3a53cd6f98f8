package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.OwnerReferenceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetBuilder;
import io.stevedore.api.registry.DeleteOptions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The garbage collector with its workers running, on a seeded store: each propagation policy end to end. */
class GarbageCollectorTest {

    private final Fixture f = new Fixture();
    private final GarbageCollector gc = new GarbageCollector(f.recording, f.recording.newInformerFactory(),
            ControllerManager.GC_KINDS, java.time.Clock.systemUTC());

    @BeforeEach
    void start() throws InterruptedException {
        f.startInformers();
        gc.start(2);
    }

    @AfterEach
    void close() {
        gc.close();
        f.close();
    }

    private ReplicaSet owner(String name) {
        // replicas 0: no ReplicaSet controller runs here, and none is needed.
        return f.res(ReplicaSet.class).create(new ReplicaSetBuilder().withNewMetadata().withName(name).endMetadata()
                .withNewSpec().withReplicas(0).withNewSelector().addToMatchLabels("app", name).endSelector()
                .withTemplate(ReplicaSetControllerTest.template(Map.of("app", name))).endSpec().build());
    }

    private Pod dependent(String name, OwnerReference... owners) {
        return f.res(Pod.class).create(new PodBuilder().withNewMetadata().withName(name).withOwnerReferences(owners)
                .endMetadata().withNewSpec().addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec().build());
    }

    private static OwnerReference ref(HasMetadata owner, boolean block) {
        return new OwnerReferenceBuilder().withApiVersion(owner.getApiVersion()).withKind(owner.getKind())
                .withName(owner.getMetadata().getName()).withUid(owner.getMetadata().getUid())
                .withController(true).withBlockOwnerDeletion(block).build();
    }

    private boolean podExists(String name) {
        return f.res(Pod.class).get(name).isPresent();
    }

    @Test
    void backgroundDeletionRemovesTheOwnerAtOnceAndItsDependentsAfter() {
        ReplicaSet rs = owner("web");
        dependent("a", ref(rs, true));
        dependent("b", ref(rs, false));
        dependent("unrelated");
        f.res(ReplicaSet.class).delete("web", new DeleteOptions(null, "Background", null, null, false));
        assertThat(f.res(ReplicaSet.class).get("web")).isEmpty();
        Fixture.until(() -> !podExists("a") && !podExists("b"));
        assertThat(podExists("unrelated")).isTrue();
        assertThat(f.takeActions()).contains("delete pods default/a", "delete pods default/b")
                .doesNotContain("delete pods default/unrelated");
    }

    @Test
    void foregroundDeletionKeepsTheOwnerUntilItsBlockingDependentsAreGone() {
        ReplicaSet rs = owner("web");
        Pod a = dependent("a", ref(rs, true));
        // A finalizer of someone else's holds the dependent for a while.
        a.getMetadata().setFinalizers(List.of("example.com/hold"));
        f.res(Pod.class).update(a);
        f.res(ReplicaSet.class).delete("web", new DeleteOptions(null, "Foreground", null, null, false));
        Fixture.until(() -> f.res(Pod.class).get("a").map(p -> p.getMetadata().getDeletionTimestamp() != null)
                .orElse(false));
        ReplicaSet waiting = f.res(ReplicaSet.class).get("web").orElseThrow();
        assertThat(waiting.getMetadata().getFinalizers()).contains("foregroundDeletion");
        assertThat(waiting.getMetadata().getDeletionTimestamp()).isNotNull();
        Pod held = f.res(Pod.class).get("a").orElseThrow();
        held.getMetadata().setFinalizers(List.of());
        f.res(Pod.class).update(held);
        Fixture.until(() -> !podExists("a") && f.res(ReplicaSet.class).get("web").isEmpty());
    }

    @Test
    void foregroundDeletionGoesDownAChainOfOwners() {
        ConfigMap top = f.res(ConfigMap.class).create(new ConfigMapBuilder().withNewMetadata().withName("top")
                .endMetadata().build());
        ReplicaSet middle = f.res(ReplicaSet.class).create(new ReplicaSetBuilder().withNewMetadata().withName("mid")
                .withOwnerReferences(ref(top, true)).endMetadata().withNewSpec().withReplicas(0).withNewSelector()
                .addToMatchLabels("app", "mid").endSelector()
                .withTemplate(ReplicaSetControllerTest.template(Map.of("app", "mid"))).endSpec().build());
        dependent("leaf", ref(middle, true));
        f.res(ConfigMap.class).delete("top", new DeleteOptions(null, "Foreground", null, null, false));
        Fixture.until(() -> f.res(ConfigMap.class).get("top").isEmpty() && f.res(ReplicaSet.class).get("mid").isEmpty()
                && !podExists("leaf"));
    }

    @Test
    void orphanDeletionLeavesTheDependentsWithoutTheReference() {
        ReplicaSet rs = owner("web");
        dependent("a", ref(rs, true));
        f.res(ReplicaSet.class).delete("web", new DeleteOptions(null, "Orphan", null, null, false));
        Fixture.until(() -> f.res(ReplicaSet.class).get("web").isEmpty() && f.res(Pod.class).get("a")
                .map(p -> p.getMetadata().getOwnerReferences() == null || p.getMetadata().getOwnerReferences().isEmpty())
                .orElse(false));
        assertThat(f.takeActions()).contains("patch pods default/a", "patch replicasets default/web")
                .doesNotContain("delete pods default/a");
    }

    @Test
    void aDependentWithAnotherLiveOwnerOnlyLosesTheDanglingReference() {
        ReplicaSet gone = owner("gone");
        ConfigMap alive = f.res(ConfigMap.class).create(new ConfigMapBuilder().withNewMetadata().withName("alive")
                .endMetadata().build());
        OwnerReference aliveRef = new OwnerReferenceBuilder().withApiVersion("v1").withKind("ConfigMap")
                .withName("alive").withUid(alive.getMetadata().getUid()).build();
        dependent("shared", ref(gone, false), aliveRef);
        f.res(ReplicaSet.class).delete("gone", new DeleteOptions(null, "Background", null, null, false));
        Fixture.until(() -> f.res(Pod.class).get("shared").map(p -> p.getMetadata().getOwnerReferences().size() == 1)
                .orElse(false));
        assertThat(f.res(Pod.class).get("shared").orElseThrow().getMetadata().getOwnerReferences().get(0).getUid())
                .isEqualTo(alive.getMetadata().getUid());
    }

    @Test
    void aDependentOfAnOwnerThatNeverExistedIsCollected() {
        dependent("stray", new OwnerReferenceBuilder().withApiVersion("apps/v1").withKind("ReplicaSet")
                .withName("ghost").withUid("00000000-0000-0000-0000-000000000001").build());
        Fixture.until(() -> !podExists("stray"));
    }

    @Test
    void aDependentTheCollectorSeesOnlyAfterItsOwnerWasOrphanedKeepsLiving() {
        ReplicaSet rs = owner("web");
        f.res(ReplicaSet.class).delete("web", new DeleteOptions(null, "Orphan", null, null, false));
        Fixture.until(() -> f.res(ReplicaSet.class).get("web").isEmpty());
        dependent("late", ref(rs, true));
        Fixture.until(() -> f.res(Pod.class).get("late").map(p -> p.getMetadata().getOwnerReferences() == null
                || p.getMetadata().getOwnerReferences().isEmpty()).orElse(false));
    }

    @Test
    void anOwnerRecreatedUnderTheSameNameIsNotTheOwner() {
        ReplicaSet first = owner("web");
        f.res(ReplicaSet.class).delete("web", new DeleteOptions(null, "Background", null, null, false));
        Fixture.until(() -> f.res(ReplicaSet.class).get("web").isEmpty());
        owner("web");
        dependent("old-child", ref(first, false));
        Fixture.until(() -> !podExists("old-child"));
        assertThat(f.res(ReplicaSet.class).get("web")).isPresent();
    }
}
