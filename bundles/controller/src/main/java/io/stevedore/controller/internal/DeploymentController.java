package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.DeploymentCondition;
import io.fabric8.kubernetes.api.model.apps.DeploymentStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.stevedore.api.ApiException;
import io.stevedore.api.LabelSelectors;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.client.Reconciler;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Deployment loop ({@code pkg/controller/deployment}): owns one ReplicaSet per pod template
 * (named by the template's hash, labelled {@code pod-template-hash}), numbered by the
 * {@code deployment.kubernetes.io/revision} annotation; rolls from old to new with maxSurge and
 * maxUnavailable (RollingUpdate) or all at once (Recreate); scales proportionally across the
 * active ReplicaSets; honours pause, minReadySeconds and progressDeadlineSeconds with the
 * Progressing and Available conditions; keeps revisionHistoryLimit old ReplicaSets. Rollback is
 * what kubectl does client-side (the template of an old ReplicaSet patched back), after which
 * that ReplicaSet becomes the new one with the next revision.
 */
public final class DeploymentController extends Controller {

    static final String COMPONENT = "deployment-controller";
    static final String HASH_LABEL = "pod-template-hash";
    static final String REVISION = "deployment.kubernetes.io/revision";
    static final String REVISION_HISTORY = "deployment.kubernetes.io/revision-history";
    static final String DESIRED_REPLICAS = "deployment.kubernetes.io/desired-replicas";
    static final String MAX_REPLICAS = "deployment.kubernetes.io/max-replicas";
    /** Deployment annotations not copied to its ReplicaSets. */
    static final Set<String> ANNOTATIONS_TO_SKIP = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            REVISION, REVISION_HISTORY, DESIRED_REPLICAS, MAX_REPLICAS, "deprecated.deployment.rollback.to");
    static final int MAX_REVISION_HISTORY_CHARS = 2000;

    static final String PROGRESSING = "Progressing";
    static final String AVAILABLE = "Available";
    static final String REPLICA_FAILURE = "ReplicaFailure";

    private static final JsonMapper JSON = JsonMapper.builder()
            .enable(tools.jackson.databind.SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS).build();

    private final KubeClient client;
    private final Lister<Deployment> deployments;
    private final Lister<ReplicaSet> replicaSets;
    private final Lister<Pod> pods;
    private final EventRecorder events;
    private final Clock clock;

    DeploymentController(KubeClient client, InformerFactory informers, EventRecorder events, Clock clock) {
        super(client, COMPONENT);
        this.client = client;
        this.events = events;
        this.clock = clock;
        SharedIndexInformer<Deployment> dInformer = informers.sharedIndexInformerFor(Deployment.class, Duration.ZERO);
        SharedIndexInformer<ReplicaSet> rsInformer = informers.sharedIndexInformerFor(ReplicaSet.class, Duration.ZERO);
        SharedIndexInformer<Pod> podInformer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        this.deployments = dInformer.lister();
        this.replicaSets = rsInformer.lister();
        this.pods = podInformer.lister();
        dInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Deployment d) {
                enqueue(d);
            }

            @Override
            public void onUpdate(Deployment oldD, Deployment newD) {
                enqueue(newD);
            }

            @Override
            public void onDelete(Deployment d, boolean unknown) {
                enqueue(d);
            }
        });
        rsInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(ReplicaSet rs) {
                Optional<OwnerReference> ref = ControllerRefs.controllerOf(rs);
                if (ref.isPresent()) {
                    resolve(rs.getMetadata().getNamespace(), ref.get()).ifPresent(DeploymentController.this::enqueue);
                } else {
                    matching(rs).forEach(DeploymentController.this::enqueue);
                }
            }

            @Override
            public void onUpdate(ReplicaSet oldRs, ReplicaSet newRs) {
                if (Objects.equals(oldRs.getMetadata().getResourceVersion(), newRs.getMetadata().getResourceVersion())) {
                    return;
                }
                Optional<OwnerReference> oldRef = ControllerRefs.controllerOf(oldRs);
                Optional<OwnerReference> newRef = ControllerRefs.controllerOf(newRs);
                String ns = newRs.getMetadata().getNamespace();
                if (oldRef.isPresent() && !Objects.equals(oldRef.map(OwnerReference::getUid),
                        newRef.map(OwnerReference::getUid))) {
                    resolve(ns, oldRef.get()).ifPresent(DeploymentController.this::enqueue);
                }
                if (newRef.isPresent()) {
                    resolve(ns, newRef.get()).ifPresent(DeploymentController.this::enqueue);
                } else if (!Objects.equals(oldRs.getMetadata().getLabels(), newRs.getMetadata().getLabels())
                        || oldRef.isPresent()) {
                    matching(newRs).forEach(DeploymentController.this::enqueue);
                }
            }

            @Override
            public void onDelete(ReplicaSet rs, boolean unknown) {
                ControllerRefs.controllerOf(rs).flatMap(r -> resolve(rs.getMetadata().getNamespace(), r))
                        .ifPresent(DeploymentController.this::enqueue);
            }
        });
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onDelete(Pod pod, boolean unknown) {
                // Recreate waits for every old pod to be gone before it starts the new ones.
                String ns = pod.getMetadata().getNamespace();
                ControllerRefs.controllerOf(pod).filter(r -> "ReplicaSet".equals(r.getKind()))
                        .flatMap(r -> replicaSets.get(ns, r.getName()))
                        .flatMap(ControllerRefs::controllerOf).flatMap(r -> resolve(ns, r))
                        .filter(d -> isRecreate(d)).ifPresent(DeploymentController.this::enqueue);
            }
        });
    }

    private void enqueue(Deployment d) {
        loop.queue().add(ObjectKeys.of(d));
    }

    private Optional<Deployment> resolve(String ns, OwnerReference ref) {
        if (!ControllerRefs.refersTo(ref, "apps/v1", "Deployment")) {
            return Optional.empty();
        }
        return deployments.get(ns, ref.getName()).filter(d -> ref.getUid().equals(d.getMetadata().getUid()));
    }

    private List<Deployment> matching(ReplicaSet rs) {
        List<Deployment> result = new ArrayList<>();
        for (Deployment d : deployments.list(rs.getMetadata().getNamespace(), null)) {
            LabelSelector sel = d.getSpec() == null ? null : d.getSpec().getSelector();
            if (sel != null && !isEverything(sel) && LabelSelectors.of(sel).matches(rs.getMetadata().getLabels())) {
                result.add(d);
            }
        }
        return result;
    }

    private static boolean isEverything(LabelSelector sel) {
        return (sel.getMatchLabels() == null || sel.getMatchLabels().isEmpty())
                && (sel.getMatchExpressions() == null || sel.getMatchExpressions().isEmpty());
    }

    // ---- reconcile

    /** One pass's view: the deployment (a copy this pass may change) and its ReplicaSets. */
    private final class Pass {
        final Deployment d;
        final String ns;
        ReplicaSet newRs;
        List<ReplicaSet> oldRss = new ArrayList<>();
        Reconciler.Result result = Reconciler.Result.DONE;

        Pass(Deployment d) {
            this.d = d;
            this.ns = d.getMetadata().getNamespace();
        }

        List<ReplicaSet> all() {
            List<ReplicaSet> all = new ArrayList<>(oldRss);
            if (newRs != null) {
                all.add(newRs);
            }
            return all;
        }
    }

    @Override
    public Reconciler.Result reconcile(String key) {
        Optional<Deployment> found = deployments.get(ObjectKeys.namespace(key), ObjectKeys.name(key));
        if (found.isEmpty()) {
            return Reconciler.Result.DONE;
        }
        Pass p = new Pass(client.deepCopy(found.get()));
        Deployment d = p.d;
        LabelSelector selector = d.getSpec().getSelector();
        if (selector == null || isEverything(selector)) {
            events.record(d, EventRecorder.WARNING, "SelectingAll", null,
                    "This deployment is selecting all pods. A non-empty selector is required.");
            long gen = generation(d);
            if (d.getStatus() == null || d.getStatus().getObservedGeneration() == null
                    || d.getStatus().getObservedGeneration() < gen) {
                DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
                st.setObservedGeneration(gen);
                d.setStatus(st);
                client.resources(Deployment.class).inNamespace(p.ns).updateStatus(d);
            }
            return Reconciler.Result.DONE;
        }
        List<ReplicaSet> rsList = claimReplicaSets(d);
        if (d.getMetadata().getDeletionTimestamp() != null) {
            splitReplicaSets(p, rsList, false);
            syncDeploymentStatus(p);
            return Reconciler.Result.DONE;
        }
        checkPausedConditions(p);
        if (Boolean.TRUE.equals(d.getSpec().getPaused())) {
            sync(p, rsList);
            return p.result;
        }
        if (isScalingEvent(p, rsList)) {
            sync(p, rsList);
            return p.result;
        }
        if (isRecreate(d)) {
            rolloutRecreate(p, rsList);
        } else {
            rolloutRolling(p, rsList);
        }
        return p.result;
    }

    private List<ReplicaSet> claimReplicaSets(Deployment d) {
        String ns = d.getMetadata().getNamespace();
        List<ReplicaSet> candidates = replicaSets.list(ns, null).stream().map(client::deepCopy).toList();
        return new ArrayList<>(ControllerRefs.claim(d, LabelSelectors.of(d.getSpec().getSelector()), candidates,
                () -> {
                    Optional<Deployment> fresh = client.resources(Deployment.class).inNamespace(ns)
                            .get(d.getMetadata().getName());
                    return fresh.isPresent() && d.getMetadata().getUid().equals(fresh.get().getMetadata().getUid())
                            && fresh.get().getMetadata().getDeletionTimestamp() == null;
                },
                new ControllerRefs.Claimer<>() {
                    @Override
                    public void adopt(ReplicaSet rs) {
                        client.resources(ReplicaSet.class).inNamespace(ns).patch(rs.getMetadata().getName(),
                                PatchType.STRATEGIC_MERGE, ControllerRefs.adoptPatch(d, rs.getMetadata().getUid()));
                    }

                    @Override
                    public void release(ReplicaSet rs) {
                        client.resources(ReplicaSet.class).inNamespace(ns).patch(rs.getMetadata().getName(),
                                PatchType.STRATEGIC_MERGE, ControllerRefs.removeOwnersPatch(
                                        List.of(d.getMetadata().getUid()), rs.getMetadata().getUid()));
                    }
                }));
    }

    /** Finds the new ReplicaSet (creating it when asked), syncing revisions; the rest are old. */
    private void splitReplicaSets(Pass p, List<ReplicaSet> rsList, boolean createIfMissing) {
        List<ReplicaSet> sorted = new ArrayList<>(rsList);
        sorted.sort(BY_CREATION);
        ReplicaSet existing = null;
        for (ReplicaSet rs : sorted) {
            if (equalIgnoreHash(rs.getSpec().getTemplate(), p.d.getSpec().getTemplate())) {
                existing = rs;
                break;
            }
        }
        p.oldRss = new ArrayList<>();
        for (ReplicaSet rs : rsList) {
            if (rs != existing) {
                p.oldRss.add(rs);
            }
        }
        long maxOld = 0;
        for (ReplicaSet rs : p.oldRss) {
            maxOld = Math.max(maxOld, revision(rs));
        }
        long newRevision = maxOld + 1;
        if (existing != null) {
            ReplicaSet copy = client.deepCopy(existing);
            boolean changed = setNewReplicaSetAnnotations(p.d, copy, newRevision, true);
            int minReady = orZero(p.d.getSpec().getMinReadySeconds());
            if (changed || orZero(copy.getSpec().getMinReadySeconds()) != minReady) {
                copy.getSpec().setMinReadySeconds(minReady);
                copy = client.resources(ReplicaSet.class).inNamespace(p.ns).update(copy);
            }
            p.newRs = copy;
            syncRevisionAnnotation(p, annotation(copy, REVISION));
            if (condition(p.d, PROGRESSING).isEmpty() && hasProgressDeadline(p.d)) {
                setCondition(p.d, newCondition(PROGRESSING, "True", "FoundNewReplicaSet",
                        "Found new replica set \"" + copy.getMetadata().getName() + "\""));
                p.d.setStatus(updateStatus(p.d).getStatus());
            }
            return;
        }
        if (!createIfMissing) {
            p.newRs = null;
            return;
        }
        p.newRs = createNewReplicaSet(p, newRevision);
    }

    private ReplicaSet createNewReplicaSet(Pass p, long newRevision) {
        Deployment d = p.d;
        Integer collisions = d.getStatus() == null ? null : d.getStatus().getCollisionCount();
        PodTemplateSpec template = copyTemplate(d);
        String hash = computeHash(template, collisions);
        Map<String, String> labels = new LinkedHashMap<>();
        if (template.getMetadata().getLabels() != null) {
            labels.putAll(template.getMetadata().getLabels());
        }
        labels.put(HASH_LABEL, hash);
        template.getMetadata().setLabels(labels);
        LabelSelector selector = JSON.convertValue(JSON.valueToTree(d.getSpec().getSelector()), LabelSelector.class);
        Map<String, String> matchLabels = new LinkedHashMap<>();
        if (selector.getMatchLabels() != null) {
            matchLabels.putAll(selector.getMatchLabels());
        }
        matchLabels.put(HASH_LABEL, hash);
        selector.setMatchLabels(matchLabels);
        ReplicaSet rs = new ReplicaSet();
        rs.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        rs.getMetadata().setName(d.getMetadata().getName() + "-" + hash);
        rs.getMetadata().setNamespace(p.ns);
        rs.getMetadata().setLabels(new LinkedHashMap<>(labels));
        rs.getMetadata().setOwnerReferences(List.of(ControllerRefs.controllerRef(d)));
        rs.setSpec(new io.fabric8.kubernetes.api.model.apps.ReplicaSetSpec(
                orZero(d.getSpec().getMinReadySeconds()), 0, selector, template));
        p.oldRss.sort(BY_CREATION);
        List<ReplicaSet> all = new ArrayList<>(p.oldRss);
        all.add(rs);
        int newReplicas = newReplicaSetReplicas(d, all, rs);
        rs.getSpec().setReplicas(newReplicas);
        setNewReplicaSetAnnotations(d, rs, newRevision, false);
        ReplicaSet created;
        boolean alreadyExists = false;
        try {
            created = client.resources(ReplicaSet.class).inNamespace(p.ns).create(rs);
        } catch (ApiException e) {
            if (e.code() == 409 && "AlreadyExists".equals(e.reason())) {
                Optional<ReplicaSet> other = client.resources(ReplicaSet.class).inNamespace(p.ns)
                        .get(rs.getMetadata().getName());
                if (other.isPresent() && ControllerRefs.controllerOf(other.get())
                        .map(r -> d.getMetadata().getUid().equals(r.getUid())).orElse(false)
                        && equalIgnoreHash(other.get().getSpec().getTemplate(), d.getSpec().getTemplate())) {
                    created = other.get();
                    alreadyExists = true;
                } else {
                    // A hash collision: the next pass hashes with a higher collision count.
                    DeploymentStatus st = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
                    st.setCollisionCount(collisions == null ? 1 : collisions + 1);
                    d.setStatus(st);
                    updateStatus(d);
                    throw e;
                }
            } else {
                if (hasProgressDeadline(d)) {
                    setCondition(d, newCondition(PROGRESSING, "False", "ReplicaSetCreateError",
                            "Failed to create new replica set \"" + rs.getMetadata().getName() + "\": "
                                    + e.getMessage()));
                    updateStatus(d);
                }
                throw e;
            }
        }
        if (!alreadyExists && newReplicas > 0) {
            events.record(d, EventRecorder.NORMAL, "ScalingReplicaSet", null,
                    "Scaled up replica set " + created.getMetadata().getName() + " from 0 to " + newReplicas);
        }
        syncRevisionAnnotation(p, Long.toString(newRevision));
        if (!alreadyExists && hasProgressDeadline(d)) {
            setCondition(d, newCondition(PROGRESSING, "True", "NewReplicaSetCreated",
                    "Created new replica set \"" + created.getMetadata().getName() + "\""));
            d.setStatus(updateStatus(d).getStatus());
        }
        return created;
    }

    private PodTemplateSpec copyTemplate(Deployment d) {
        PodTemplateSpec t = JSON.convertValue(JSON.valueToTree(d.getSpec().getTemplate()), PodTemplateSpec.class);
        if (t.getMetadata() == null) {
            t.setMetadata(new io.fabric8.kubernetes.api.model.ObjectMeta());
        }
        return t;
    }

    /**
     * The deployment's revision annotation follows its new ReplicaSet's; written with the status, as
     * Kubernetes does, so it does not bump the generation.
     */
    private void syncRevisionAnnotation(Pass p, String revision) {
        if (revision == null || revision.equals(annotation(p.d, REVISION))) {
            return;
        }
        annotations(p.d).put(REVISION, revision);
        Deployment updated = updateStatus(p.d);
        p.d.getMetadata().setAnnotations(updated.getMetadata().getAnnotations());
        p.d.setStatus(updated.getStatus());
    }

    // ---- strategies

    private void rolloutRolling(Pass p, List<ReplicaSet> rsList) {
        splitReplicaSets(p, rsList, true);
        if (reconcileNewReplicaSet(p)) {
            syncRolloutStatus(p);
            return;
        }
        if (reconcileOldReplicaSets(p)) {
            syncRolloutStatus(p);
            return;
        }
        if (isComplete(p.d, p.d.getStatus())) {
            cleanup(p);
        }
        syncRolloutStatus(p);
    }

    private void rolloutRecreate(Pass p, List<ReplicaSet> rsList) {
        splitReplicaSets(p, rsList, false);
        boolean scaledDown = false;
        for (int i = 0; i < p.oldRss.size(); i++) {
            ReplicaSet rs = p.oldRss.get(i);
            if (replicas(rs) == 0) {
                continue;
            }
            p.oldRss.set(i, scale(p, rs, 0));
            scaledDown = true;
        }
        if (scaledDown || oldPodsRunning(p)) {
            syncRolloutStatus(p);
            return;
        }
        if (p.newRs == null) {
            splitReplicaSets(p, rsList, true);
        }
        p.newRs = scale(p, p.newRs, desired(p.d));
        if (isComplete(p.d, p.d.getStatus())) {
            cleanup(p);
        }
        syncRolloutStatus(p);
    }

    private boolean oldPodsRunning(Pass p) {
        for (ReplicaSet rs : p.oldRss) {
            if (statusReplicas(rs) > 0) {
                return true;
            }
        }
        Set<String> oldUids = new java.util.HashSet<>();
        p.oldRss.forEach(rs -> oldUids.add(rs.getMetadata().getUid()));
        for (Pod pod : pods.list(p.ns, null)) {
            boolean ofOld = ControllerRefs.controllerOf(pod).map(r -> oldUids.contains(r.getUid())).orElse(false);
            String phase = Pods.phase(pod);
            if (ofOld && !"Failed".equals(phase) && !"Succeeded".equals(phase)) {
                return true;
            }
        }
        return false;
    }

    private boolean reconcileNewReplicaSet(Pass p) {
        int want = desired(p.d);
        int have = replicas(p.newRs);
        if (have == want) {
            return false;
        }
        if (have > want) {
            p.newRs = scale(p, p.newRs, want);
            return true;
        }
        int count = newReplicaSetReplicas(p.d, p.all(), p.newRs);
        if (count == have) {
            return false;
        }
        p.newRs = scale(p, p.newRs, count);
        return true;
    }

    private boolean reconcileOldReplicaSets(Pass p) {
        int oldPods = sumReplicas(p.oldRss);
        if (oldPods == 0) {
            return false;
        }
        int allPods = sumReplicas(p.all());
        int minAvailable = desired(p.d) - maxUnavailable(p.d);
        int newUnavailable = replicas(p.newRs) - availableReplicas(p.newRs);
        int maxScaledDown = allPods - minAvailable - newUnavailable;
        if (maxScaledDown <= 0) {
            return false;
        }
        int cleaned = cleanupUnhealthyReplicas(p, maxScaledDown);
        int scaled = scaleDownOldForRollingUpdate(p);
        return cleaned + scaled > 0;
    }

    /** Old ReplicaSets' unavailable pods go first: they serve nobody. */
    private int cleanupUnhealthyReplicas(Pass p, int maxCleanup) {
        p.oldRss.sort(BY_CREATION);
        int total = 0;
        for (int i = 0; i < p.oldRss.size() && total < maxCleanup; i++) {
            ReplicaSet rs = p.oldRss.get(i);
            int r = replicas(rs);
            int available = availableReplicas(rs);
            if (r == 0 || r == available) {
                continue;
            }
            int down = Math.min(maxCleanup - total, r - available);
            p.oldRss.set(i, scale(p, rs, r - down));
            total += down;
        }
        return total;
    }

    private int scaleDownOldForRollingUpdate(Pass p) {
        int minAvailable = desired(p.d) - maxUnavailable(p.d);
        int available = 0;
        for (ReplicaSet rs : p.all()) {
            available += availableReplicas(rs);
        }
        if (available <= minAvailable) {
            return 0;
        }
        p.oldRss.sort(BY_CREATION);
        int target = available - minAvailable;
        int total = 0;
        for (int i = 0; i < p.oldRss.size() && total < target; i++) {
            ReplicaSet rs = p.oldRss.get(i);
            int r = replicas(rs);
            if (r == 0) {
                continue;
            }
            int down = Math.min(r, target - total);
            p.oldRss.set(i, scale(p, rs, r - down));
            total += down;
        }
        return total;
    }

    /** Paused, or scaled while rolling: size the active ReplicaSets without rolling further. */
    private void sync(Pass p, List<ReplicaSet> rsList) {
        splitReplicaSets(p, rsList, false);
        proportionalScale(p);
        if (Boolean.TRUE.equals(p.d.getSpec().getPaused())) {
            cleanup(p);
        }
        syncDeploymentStatus(p);
    }

    private boolean isScalingEvent(Pass p, List<ReplicaSet> rsList) {
        splitReplicaSets(p, rsList, false);
        for (ReplicaSet rs : p.all()) {
            if (replicas(rs) == 0) {
                continue;
            }
            String desired = annotation(rs, DESIRED_REPLICAS);
            if (desired != null && !desired.equals(Integer.toString(desired(p.d)))) {
                return true;
            }
        }
        return false;
    }

    private void proportionalScale(Pass p) {
        Deployment d = p.d;
        int want = desired(d);
        List<ReplicaSet> active = new ArrayList<>();
        for (ReplicaSet rs : p.all()) {
            if (replicas(rs) > 0) {
                active.add(rs);
            }
        }
        ReplicaSet activeOrLatest = null;
        if (active.size() == 1) {
            activeOrLatest = active.get(0);
        } else if (active.isEmpty()) {
            if (p.newRs != null) {
                activeOrLatest = p.newRs;
            } else if (!p.oldRss.isEmpty()) {
                List<ReplicaSet> sorted = new ArrayList<>(p.oldRss);
                sorted.sort(BY_CREATION.reversed());
                activeOrLatest = sorted.get(0);
            }
        }
        if (activeOrLatest != null || active.size() <= 1) {
            if (activeOrLatest != null && replicas(activeOrLatest) != want) {
                replace(p, activeOrLatest, scale(p, activeOrLatest, want));
            }
            return;
        }
        if (p.newRs != null && replicas(p.newRs) == want && Integer.toString(want).equals(annotation(p.newRs,
                DESIRED_REPLICAS)) && availableReplicas(p.newRs) == want) {
            for (ReplicaSet rs : new ArrayList<>(p.oldRss)) {
                if (replicas(rs) > 0) {
                    replace(p, rs, scale(p, rs, 0));
                }
            }
            return;
        }
        if (isRecreate(d)) {
            return;
        }
        int total = sumReplicas(active);
        int allowed = want > 0 ? want + maxSurge(d) : 0;
        int toAdd = allowed - total;
        Comparator<ReplicaSet> bySize = Comparator.comparingInt(DeploymentController::replicas).reversed();
        active.sort(toAdd > 0 ? bySize.thenComparing(BY_CREATION.reversed()) : bySize.thenComparing(BY_CREATION));
        Map<String, Integer> sizes = new LinkedHashMap<>();
        int added = 0;
        for (ReplicaSet rs : active) {
            if (toAdd != 0) {
                int proportion = proportion(rs, d, toAdd, added);
                sizes.put(rs.getMetadata().getName(), replicas(rs) + proportion);
                added += proportion;
            } else {
                sizes.put(rs.getMetadata().getName(), replicas(rs));
            }
        }
        if (toAdd != 0 && !active.isEmpty()) {
            String first = active.get(0).getMetadata().getName();
            sizes.put(first, Math.max(0, sizes.get(first) + toAdd - added));
        }
        for (ReplicaSet rs : active) {
            replace(p, rs, scaleWithAnnotations(p, rs, sizes.get(rs.getMetadata().getName())));
        }
    }

    private static int proportion(ReplicaSet rs, Deployment d, int toAdd, int added) {
        if (replicas(rs) == 0 || toAdd == 0 || toAdd == added) {
            return 0;
        }
        int fraction = fraction(rs, d);
        int allowed = toAdd - added;
        return toAdd > 0 ? Math.min(fraction, allowed) : Math.max(fraction, allowed);
    }

    private static int fraction(ReplicaSet rs, Deployment d) {
        int want = desired(d);
        if (want == 0) {
            return -replicas(rs);
        }
        int deploymentReplicas = want + maxSurge(d);
        String max = annotation(rs, MAX_REPLICAS);
        int annotated;
        try {
            annotated = max == null ? statusReplicas(d) : Integer.parseInt(max);
        } catch (NumberFormatException e) {
            annotated = statusReplicas(d);
        }
        if (annotated == 0) {
            return 0;
        }
        double size = (double) replicas(rs) * deploymentReplicas / annotated;
        return (int) Math.round(size) - replicas(rs);
    }

    private void replace(Pass p, ReplicaSet before, ReplicaSet after) {
        if (before == p.newRs) {
            p.newRs = after;
            return;
        }
        int i = p.oldRss.indexOf(before);
        if (i >= 0) {
            p.oldRss.set(i, after);
        }
    }

    /** Scales one ReplicaSet (recording the event), keeping its desired/max annotations current. */
    private ReplicaSet scale(Pass p, ReplicaSet rs, int newScale) {
        if (replicas(rs) == newScale) {
            return rs;
        }
        return scaleWithAnnotations(p, rs, newScale);
    }

    private ReplicaSet scaleWithAnnotations(Pass p, ReplicaSet rs, int newScale) {
        int want = desired(p.d);
        int max = want + maxSurge(p.d);
        boolean sizeChanged = replicas(rs) != newScale;
        boolean annotationsChanged = !Integer.toString(want).equals(annotation(rs, DESIRED_REPLICAS))
                || !Integer.toString(max).equals(annotation(rs, MAX_REPLICAS));
        if (!sizeChanged && !annotationsChanged) {
            return rs;
        }
        int oldScale = replicas(rs);
        ReplicaSet copy = client.deepCopy(rs);
        copy.getSpec().setReplicas(newScale);
        annotations(copy).put(DESIRED_REPLICAS, Integer.toString(want));
        annotations(copy).put(MAX_REPLICAS, Integer.toString(max));
        ReplicaSet updated = client.resources(ReplicaSet.class).inNamespace(p.ns).update(copy);
        if (sizeChanged) {
            events.record(p.d, EventRecorder.NORMAL, "ScalingReplicaSet", null, "Scaled "
                    + (oldScale < newScale ? "up" : "down") + " replica set " + rs.getMetadata().getName()
                    + " from " + oldScale + " to " + newScale);
        }
        return updated;
    }

    /** Old ReplicaSets beyond revisionHistoryLimit, scaled to nothing, are deleted oldest revision first. */
    private void cleanup(Pass p) {
        Integer limit = p.d.getSpec().getRevisionHistoryLimit();
        if (limit == null) {
            return;
        }
        List<ReplicaSet> cleanable = new ArrayList<>();
        for (ReplicaSet rs : p.oldRss) {
            if (rs.getMetadata().getDeletionTimestamp() == null) {
                cleanable.add(rs);
            }
        }
        int diff = cleanable.size() - limit;
        if (diff <= 0) {
            return;
        }
        cleanable.sort(Comparator.comparingLong(DeploymentController::revision).thenComparing(BY_CREATION));
        for (int i = 0; i < diff; i++) {
            ReplicaSet rs = cleanable.get(i);
            long observed = rs.getStatus() == null || rs.getStatus().getObservedGeneration() == null ? 0
                    : rs.getStatus().getObservedGeneration();
            if (statusReplicas(rs) != 0 || replicas(rs) != 0 || generation(rs) > observed) {
                continue;
            }
            try {
                client.resources(ReplicaSet.class).inNamespace(p.ns).delete(rs.getMetadata().getName(),
                        new DeleteOptions(null, null, rs.getMetadata().getUid(), null, false));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    // ---- status

    private DeploymentStatus calculateStatus(Pass p) {
        List<ReplicaSet> all = p.all();
        int available = 0;
        int ready = 0;
        int actual = 0;
        for (ReplicaSet rs : all) {
            available += availableReplicas(rs);
            ready += rs.getStatus() == null ? 0 : orZero(rs.getStatus().getReadyReplicas());
            actual += statusReplicas(rs);
        }
        int unavailable = Math.max(0, sumReplicas(all) - available);
        DeploymentStatus old = p.d.getStatus() == null ? new DeploymentStatus() : p.d.getStatus();
        DeploymentStatus st = new DeploymentStatus();
        st.setObservedGeneration(generation(p.d));
        st.setReplicas(actual);
        st.setUpdatedReplicas(p.newRs == null ? 0 : statusReplicas(p.newRs));
        st.setReadyReplicas(ready);
        st.setAvailableReplicas(available);
        st.setUnavailableReplicas(unavailable);
        st.setCollisionCount(old.getCollisionCount());
        List<DeploymentCondition> conditions = new ArrayList<>();
        if (old.getConditions() != null) {
            for (DeploymentCondition c : old.getConditions()) {
                conditions.add(new DeploymentCondition(c.getLastTransitionTime(), c.getLastUpdateTime(),
                        c.getMessage(), c.getReason(), c.getStatus(), c.getType()));
            }
        }
        st.setConditions(conditions);
        if (available >= desired(p.d) - maxUnavailable(p.d)) {
            setCondition(st, newCondition(AVAILABLE, "True", "MinimumReplicasAvailable",
                    "Deployment has minimum availability."));
        } else {
            setCondition(st, newCondition(AVAILABLE, "False", "MinimumReplicasUnavailable",
                    "Deployment does not have minimum availability."));
        }
        return st;
    }

    private void syncDeploymentStatus(Pass p) {
        DeploymentStatus st = calculateStatus(p);
        if (!statusEquals(st, p.d.getStatus())) {
            p.d.setStatus(st);
            p.d.setStatus(updateStatus(p.d).getStatus());
        }
    }

    private void syncRolloutStatus(Pass p) {
        Deployment d = p.d;
        DeploymentStatus st = calculateStatus(p);
        if (!hasProgressDeadline(d)) {
            removeCondition(st, PROGRESSING);
        }
        Optional<DeploymentCondition> current = condition(st, PROGRESSING);
        boolean complete = Objects.equals(st.getReplicas(), st.getUpdatedReplicas()) && current
                .map(c -> "NewReplicaSetAvailable".equals(c.getReason())).orElse(false);
        String subject = p.newRs == null ? "Deployment \"" + d.getMetadata().getName() + "\""
                : "ReplicaSet \"" + p.newRs.getMetadata().getName() + "\"";
        if (hasProgressDeadline(d) && !complete) {
            if (isComplete(d, st)) {
                setCondition(st, newCondition(PROGRESSING, "True", "NewReplicaSetAvailable",
                        subject + " has successfully progressed."));
            } else if (isProgressing(d, st)) {
                DeploymentCondition c = newCondition(PROGRESSING, "True", "ReplicaSetUpdated",
                        subject + " is progressing.");
                if (current.isPresent() && "True".equals(current.get().getStatus())) {
                    c.setLastTransitionTime(current.get().getLastTransitionTime());
                }
                removeCondition(st, PROGRESSING);
                setCondition(st, c);
            } else if (timedOut(d, st)) {
                setCondition(st, newCondition(PROGRESSING, "False", "ProgressDeadlineExceeded",
                        subject + " has timed out progressing."));
            }
        }
        Optional<DeploymentCondition> failure = replicaFailure(p);
        if (failure.isPresent()) {
            setCondition(st, failure.get());
        } else {
            removeCondition(st, REPLICA_FAILURE);
        }
        if (statusEquals(st, d.getStatus())) {
            requeueStuck(p, st);
            return;
        }
        d.setStatus(st);
        d.setStatus(updateStatus(d).getStatus());
    }

    /** A ReplicaFailure of the new ReplicaSet (else of any) shows on the deployment. */
    private Optional<DeploymentCondition> replicaFailure(Pass p) {
        List<ReplicaSet> order = new ArrayList<>();
        if (p.newRs != null) {
            order.add(p.newRs);
        }
        order.addAll(p.oldRss);
        for (ReplicaSet rs : order) {
            if (rs.getStatus() == null || rs.getStatus().getConditions() == null) {
                continue;
            }
            for (ReplicaSetCondition c : rs.getStatus().getConditions()) {
                if (REPLICA_FAILURE.equals(c.getType())) {
                    return Optional.of(new DeploymentCondition(c.getLastTransitionTime(), c.getLastTransitionTime(),
                            c.getMessage(), c.getReason(), c.getStatus(), REPLICA_FAILURE));
                }
            }
        }
        return Optional.empty();
    }

    /** Look again when the progress deadline comes due ({@code requeueStuckDeployment}). */
    private void requeueStuck(Pass p, DeploymentStatus st) {
        Optional<DeploymentCondition> c = condition(st, PROGRESSING);
        if (!hasProgressDeadline(p.d) || c.isEmpty() || isComplete(p.d, st)
                || "ProgressDeadlineExceeded".equals(c.get().getReason())) {
            return;
        }
        Instant from = Times.parse(c.get().getLastUpdateTime()).orElse(clock.instant());
        Duration after = Duration.between(clock.instant(),
                from.plusSeconds(p.d.getSpec().getProgressDeadlineSeconds()));
        p.result = p.result.sooner(Reconciler.Result.requeueAfter(
                after.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : after.plusSeconds(1)));
    }

    private void checkPausedConditions(Pass p) {
        Deployment d = p.d;
        if (!hasProgressDeadline(d)) {
            return;
        }
        Optional<DeploymentCondition> c = condition(d, PROGRESSING);
        if (c.isPresent() && "ProgressDeadlineExceeded".equals(c.get().getReason())) {
            return;
        }
        boolean pausedShown = c.isPresent() && "DeploymentPaused".equals(c.get().getReason());
        boolean paused = Boolean.TRUE.equals(d.getSpec().getPaused());
        if (paused && !pausedShown) {
            setCondition(d, newCondition(PROGRESSING, "Unknown", "DeploymentPaused", "Deployment is paused"));
        } else if (!paused && pausedShown) {
            setCondition(d, newCondition(PROGRESSING, "Unknown", "DeploymentResumed", "Deployment is resumed"));
        } else {
            return;
        }
        d.setStatus(updateStatus(d).getStatus());
    }

    private Deployment updateStatus(Deployment d) {
        Deployment updated = client.resources(Deployment.class).inNamespace(d.getMetadata().getNamespace())
                .updateStatus(d);
        d.getMetadata().setResourceVersion(updated.getMetadata().getResourceVersion());
        return updated;
    }

    static boolean isComplete(Deployment d, DeploymentStatus st) {
        if (st == null) {
            return false;
        }
        int want = desired(d);
        return orZero(st.getUpdatedReplicas()) == want && orZero(st.getReplicas()) == want
                && orZero(st.getAvailableReplicas()) == want
                && (st.getObservedGeneration() == null ? 0 : st.getObservedGeneration()) >= generation(d);
    }

    private static boolean isProgressing(Deployment d, DeploymentStatus st) {
        DeploymentStatus old = d.getStatus() == null ? new DeploymentStatus() : d.getStatus();
        int oldOld = orZero(old.getReplicas()) - orZero(old.getUpdatedReplicas());
        int newOld = orZero(st.getReplicas()) - orZero(st.getUpdatedReplicas());
        return orZero(st.getUpdatedReplicas()) > orZero(old.getUpdatedReplicas()) || newOld < oldOld
                || orZero(st.getReadyReplicas()) > orZero(old.getReadyReplicas())
                || orZero(st.getAvailableReplicas()) > orZero(old.getAvailableReplicas());
    }

    private boolean timedOut(Deployment d, DeploymentStatus st) {
        Optional<DeploymentCondition> c = condition(st, PROGRESSING);
        if (c.isEmpty() || "NewReplicaSetAvailable".equals(c.get().getReason())) {
            return false;
        }
        if ("ProgressDeadlineExceeded".equals(c.get().getReason())) {
            return true;
        }
        Optional<Instant> from = Times.parse(c.get().getLastUpdateTime());
        return from.isPresent()
                && from.get().plusSeconds(d.getSpec().getProgressDeadlineSeconds()).isBefore(clock.instant());
    }

    private static boolean statusEquals(DeploymentStatus a, DeploymentStatus b) {
        return JSON.valueToTree(a).equals(JSON.valueToTree(b == null ? new DeploymentStatus() : b));
    }

    // ---- conditions

    private DeploymentCondition newCondition(String type, String status, String reason, String message) {
        String now = Times.now(clock);
        return new DeploymentCondition(now, now, message, reason, status, type);
    }

    private static Optional<DeploymentCondition> condition(Deployment d, String type) {
        return condition(d.getStatus(), type);
    }

    private static Optional<DeploymentCondition> condition(DeploymentStatus st, String type) {
        if (st == null || st.getConditions() == null) {
            return Optional.empty();
        }
        return st.getConditions().stream().filter(c -> type.equals(c.getType())).findFirst();
    }

    private static void setCondition(Deployment d, DeploymentCondition c) {
        if (d.getStatus() == null) {
            d.setStatus(new DeploymentStatus());
        }
        setCondition(d.getStatus(), c);
    }

    /** {@code SetDeploymentCondition}: same status and reason keep the old condition as it is. */
    private static void setCondition(DeploymentStatus st, DeploymentCondition c) {
        Optional<DeploymentCondition> current = condition(st, c.getType());
        if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())
                && Objects.equals(current.get().getReason(), c.getReason())) {
            return;
        }
        if (current.isPresent() && Objects.equals(current.get().getStatus(), c.getStatus())) {
            c.setLastTransitionTime(current.get().getLastTransitionTime());
        }
        removeCondition(st, c.getType());
        List<DeploymentCondition> list = st.getConditions() == null ? new ArrayList<>()
                : new ArrayList<>(st.getConditions());
        list.add(c);
        st.setConditions(list);
    }

    private static void removeCondition(DeploymentStatus st, String type) {
        if (st.getConditions() != null) {
            List<DeploymentCondition> list = new ArrayList<>(st.getConditions());
            list.removeIf(c -> type.equals(c.getType()));
            st.setConditions(list);
        }
    }

    // ---- revisions, annotations, templates

    /**
     * Copies the deployment's annotations onto the ReplicaSet and moves it to {@code newRevision}
     * (recording the revision it had in the history); a new ReplicaSet also gets the desired and max
     * replicas. Answers whether anything changed.
     */
    static boolean setNewReplicaSetAnnotations(Deployment d, ReplicaSet rs, long newRevision, boolean exists) {
        boolean changed = false;
        Map<String, String> target = annotations(rs);
        if (d.getMetadata().getAnnotations() != null) {
            for (Map.Entry<String, String> e : d.getMetadata().getAnnotations().entrySet()) {
                if (ANNOTATIONS_TO_SKIP.contains(e.getKey()) || e.getValue().equals(target.get(e.getKey()))) {
                    continue;
                }
                target.put(e.getKey(), e.getValue());
                changed = true;
            }
        }
        String old = target.get(REVISION);
        long oldRevision = parseRevision(old);
        if (oldRevision < newRevision) {
            target.put(REVISION, Long.toString(newRevision));
            changed = true;
            if (old != null && !old.isEmpty()) {
                String history = target.get(REVISION_HISTORY);
                String next = history == null || history.isEmpty() ? old : history + "," + old;
                while (next.length() > MAX_REVISION_HISTORY_CHARS && next.contains(",")) {
                    next = next.substring(next.indexOf(',') + 1);
                }
                target.put(REVISION_HISTORY, next);
            }
        }
        if (!exists) {
            target.put(DESIRED_REPLICAS, Integer.toString(desired(d)));
            target.put(MAX_REPLICAS, Integer.toString(desired(d) + maxSurge(d)));
            changed = true;
        }
        return changed;
    }

    /**
     * Templates equal but for the {@code pod-template-hash} label ({@code EqualIgnoreHash}), compared
     * semantically as Kubernetes does: an empty object, list or map equals an absent one (kubectl
     * writes {@code resources: {}} back on a rollback where the original had nothing).
     */
    static boolean equalIgnoreHash(PodTemplateSpec a, PodTemplateSpec b) {
        return io.stevedore.api.SemanticJson.equal(withoutHash(a), withoutHash(b));
    }

    private static tools.jackson.databind.JsonNode withoutHash(PodTemplateSpec t) {
        tools.jackson.databind.JsonNode n = JSON.valueToTree(t == null ? new PodTemplateSpec() : t);
        if (n instanceof ObjectNode o) {
            if (o.path("metadata").path("labels") instanceof ObjectNode labels) {
                labels.remove(HASH_LABEL);
                if (labels.isEmpty()) {
                    ((ObjectNode) o.get("metadata")).remove("labels");
                }
            }
            if (o.path("metadata") instanceof ObjectNode m && m.isEmpty()) {
                o.remove("metadata");
            }
        }
        return n;
    }

    private static final String SAFE_ALPHABET = "bcdfghjklmnpqrstvwxz2456789";

    /**
     * The template's hash as Kubernetes shapes it: FNV-32a over the template (here its canonical
     * JSON) and the collision count, its decimal digits mapped onto a vowel-free alphabet.
     */
    static String computeHash(PodTemplateSpec template, Integer collisionCount) {
        byte[] bytes = JSON.writeValueAsBytes(template);
        int h = 0x811c9dc5;
        for (byte b : bytes) {
            h ^= b & 0xff;
            h *= 0x01000193;
        }
        if (collisionCount != null) {
            int c = collisionCount;
            for (int i = 0; i < 8; i++) {
                h ^= i < 4 ? (c >>> (8 * i)) & 0xff : 0;
                h *= 0x01000193;
            }
        }
        String digits = Long.toString(Integer.toUnsignedLong(h));
        StringBuilder sb = new StringBuilder(digits.length());
        for (char ch : digits.toCharArray()) {
            sb.append(SAFE_ALPHABET.charAt(ch % SAFE_ALPHABET.length()));
        }
        return sb.toString();
    }

    // ---- sizes

    static boolean isRecreate(Deployment d) {
        return d.getSpec().getStrategy() != null && "Recreate".equals(d.getSpec().getStrategy().getType());
    }

    static int desired(Deployment d) {
        return d.getSpec().getReplicas() == null ? 1 : d.getSpec().getReplicas();
    }

    private static boolean hasProgressDeadline(Deployment d) {
        Integer s = d.getSpec().getProgressDeadlineSeconds();
        return s != null && s != Integer.MAX_VALUE;
    }

    /** maxSurge and maxUnavailable resolved against replicas ({@code ResolveFenceposts}). */
    static int[] fenceposts(Deployment d) {
        var ru = d.getSpec().getStrategy() == null ? null : d.getSpec().getStrategy().getRollingUpdate();
        int want = desired(d);
        int surge = scaled(ru == null ? null : ru.getMaxSurge(), want, true);
        int unavailable = scaled(ru == null ? null : ru.getMaxUnavailable(), want, false);
        if (surge == 0 && unavailable == 0) {
            unavailable = 1;
        }
        return new int[] {surge, unavailable};
    }

    private static int scaled(IntOrString v, int total, boolean roundUp) {
        if (v == null) {
            v = new IntOrString("25%");
        }
        if (v.getIntVal() != null) {
            return v.getIntVal();
        }
        String s = v.getStrVal() == null ? "" : v.getStrVal().trim();
        if (!s.endsWith("%")) {
            try {
                return Integer.parseInt(s);
            } catch (NumberFormatException e) {
                return 0;
            }
        }
        double pct = Integer.parseInt(s.substring(0, s.length() - 1));
        double value = pct * total / 100.0;
        return (int) (roundUp ? Math.ceil(value) : Math.floor(value));
    }

    static int maxSurge(Deployment d) {
        return isRecreate(d) ? 0 : fenceposts(d)[0];
    }

    static int maxUnavailable(Deployment d) {
        int want = desired(d);
        if (isRecreate(d) || want == 0) {
            return 0;
        }
        return Math.min(fenceposts(d)[1], want);
    }

    /** The new ReplicaSet's size in a rolling update: up to replicas + maxSurge pods in all. */
    static int newReplicaSetReplicas(Deployment d, List<ReplicaSet> all, ReplicaSet newRs) {
        if (isRecreate(d)) {
            return desired(d);
        }
        int current = sumReplicas(all);
        int maxTotal = desired(d) + maxSurge(d);
        if (current >= maxTotal) {
            return replicas(newRs);
        }
        int up = Math.min(maxTotal - current, desired(d) - replicas(newRs));
        return replicas(newRs) + up;
    }

    static int replicas(ReplicaSet rs) {
        return rs == null || rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 0 : rs.getSpec().getReplicas();
    }

    private static int statusReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null ? 0 : orZero(rs.getStatus().getReplicas());
    }

    private static int statusReplicas(Deployment d) {
        return d.getStatus() == null ? 0 : orZero(d.getStatus().getReplicas());
    }

    private static int availableReplicas(ReplicaSet rs) {
        return rs == null || rs.getStatus() == null ? 0 : orZero(rs.getStatus().getAvailableReplicas());
    }

    private static int sumReplicas(List<ReplicaSet> list) {
        int n = 0;
        for (ReplicaSet rs : list) {
            n += replicas(rs);
        }
        return n;
    }

    static long revision(ReplicaSet rs) {
        return parseRevision(annotation(rs, REVISION));
    }

    private static long parseRevision(String s) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static long generation(HasMetadata o) {
        return o.getMetadata().getGeneration() == null ? 0 : o.getMetadata().getGeneration();
    }

    private static String annotation(HasMetadata o, String key) {
        return o.getMetadata().getAnnotations() == null ? null : o.getMetadata().getAnnotations().get(key);
    }

    private static Map<String, String> annotations(HasMetadata o) {
        if (o.getMetadata().getAnnotations() == null) {
            o.getMetadata().setAnnotations(new HashMap<>());
        } else if (!(o.getMetadata().getAnnotations() instanceof HashMap)) {
            o.getMetadata().setAnnotations(new HashMap<>(o.getMetadata().getAnnotations()));
        }
        return o.getMetadata().getAnnotations();
    }

    private static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    static final Comparator<ReplicaSet> BY_CREATION = Comparator
            .comparing((ReplicaSet rs) -> Times.parse(rs.getMetadata().getCreationTimestamp()).orElse(Instant.MIN))
            .thenComparing(rs -> rs.getMetadata().getName());
}
