package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
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
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The ReplicaSet and ReplicationController loop ({@code pkg/controller/replicaset}): keeps
 * {@code spec.replicas} active pods matching the selector, adopting matching orphans and releasing
 * pods that stop matching; creates in slow-start batches (1, 2, 4, ...) so a failing template
 * costs one error, not hundreds; deletes the least useful pods first; never acts twice on a
 * lagging cache (expectations); writes status last.
 */
public final class ReplicaSetController<T extends HasMetadata> extends Controller {

    /** At most this many creates or deletes per pass ({@code BurstReplicas}). */
    static final int BURST_REPLICAS = 500;
    static final int SLOW_START_INITIAL_BATCH = 1;

    private final KubeClient client;
    private final ReplicaKind<T> kind;
    private final Lister<T> owners;
    private final Lister<Pod> pods;
    private final EventRecorder events;
    private final Expectations expectations;
    private final Clock clock;

    ReplicaSetController(KubeClient client, ReplicaKind<T> kind, InformerFactory informers, EventRecorder events,
                         Clock clock) {
        super(client, kind.component());
        this.client = client;
        this.kind = kind;
        this.events = events;
        this.clock = clock;
        this.expectations = new Expectations(clock);
        SharedIndexInformer<T> ownerInformer = informers.sharedIndexInformerFor(kind.type(), Duration.ZERO);
        SharedIndexInformer<Pod> podInformer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        this.owners = ownerInformer.lister();
        this.pods = podInformer.lister();
        ownerInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                enqueue(obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                enqueue(newObj);
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                expectations.forget(ObjectKeys.of(obj));
                enqueue(obj);
            }
        });
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                podAdded(pod);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                podUpdated(oldPod, newPod);
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                podDeleted(pod);
            }
        });
    }

    private void enqueue(HasMetadata owner) {
        loop.queue().add(ObjectKeys.of(owner));
    }

    // ---- event handlers: they only enqueue keys (and count what expectations wait for)

    private Optional<T> resolveControllerRef(String namespace, OwnerReference ref) {
        if (!ControllerRefs.refersTo(ref, apiVersion(), kindName())) {
            return Optional.empty();
        }
        return owners.get(namespace, ref.getName()).filter(o -> ref.getUid().equals(o.getMetadata().getUid()));
    }

    private String apiVersion() {
        return HasMetadata.getApiVersion(kind.type());
    }

    private String kindName() {
        return HasMetadata.getKind(kind.type());
    }

    private List<T> matchingOwners(Pod pod) {
        List<T> result = new ArrayList<>();
        for (T o : owners.list(pod.getMetadata().getNamespace(), null)) {
            if (kind.selector(o).matches(pod.getMetadata().getLabels())) {
                result.add(o);
            }
        }
        return result;
    }

    private void podAdded(Pod pod) {
        if (pod.getMetadata().getDeletionTimestamp() != null) {
            podDeleted(pod);
            return;
        }
        Optional<OwnerReference> ref = ControllerRefs.controllerOf(pod);
        if (ref.isPresent()) {
            resolveControllerRef(pod.getMetadata().getNamespace(), ref.get()).ifPresent(o -> {
                expectations.creationObserved(ObjectKeys.of(o));
                enqueue(o);
            });
            return;
        }
        matchingOwners(pod).forEach(this::enqueue);
    }

    private void podUpdated(Pod oldPod, Pod newPod) {
        if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
            return;
        }
        boolean labelsChanged = !Objects.equals(oldPod.getMetadata().getLabels(), newPod.getMetadata().getLabels());
        if (newPod.getMetadata().getDeletionTimestamp() != null) {
            podDeleted(newPod);
            if (labelsChanged) {
                podDeleted(oldPod);
            }
            return;
        }
        Optional<OwnerReference> oldRef = ControllerRefs.controllerOf(oldPod);
        Optional<OwnerReference> newRef = ControllerRefs.controllerOf(newPod);
        boolean refChanged = !Objects.equals(oldRef.map(OwnerReference::getUid), newRef.map(OwnerReference::getUid));
        String ns = newPod.getMetadata().getNamespace();
        if (refChanged && oldRef.isPresent()) {
            resolveControllerRef(ns, oldRef.get()).ifPresent(this::enqueue);
        }
        if (newRef.isPresent()) {
            resolveControllerRef(ns, newRef.get()).ifPresent(o -> {
                enqueue(o);
                int minReady = kind.minReadySeconds(o);
                if (minReady > 0 && !Pods.isReady(oldPod) && Pods.isReady(newPod)) {
                    loop.queue().addAfter(ObjectKeys.of(o), Duration.ofSeconds(minReady + 1L));
                }
            });
            return;
        }
        if (labelsChanged || refChanged) {
            matchingOwners(newPod).forEach(this::enqueue);
        }
    }

    private void podDeleted(Pod pod) {
        ControllerRefs.controllerOf(pod).flatMap(ref -> resolveControllerRef(pod.getMetadata().getNamespace(), ref))
                .ifPresent(o -> {
                    expectations.deletionObserved(ObjectKeys.of(o), ObjectKeys.of(pod));
                    enqueue(o);
                });
    }

    // ---- reconcile

    @Override
    public Reconciler.Result reconcile(String key) {
        String ns = ObjectKeys.namespace(key);
        Optional<T> found = owners.get(ns, ObjectKeys.name(key));
        if (found.isEmpty()) {
            expectations.forget(key);
            return Reconciler.Result.DONE;
        }
        T owner = found.get();
        boolean needsSync = expectations.satisfied(key) && owner.getMetadata().getDeletionTimestamp() == null;
        LabelSelectors.Selector selector = kind.selector(owner);
        List<Pod> active = pods.list(ns, null).stream().filter(Pods::isActive).toList();
        List<Pod> claimed = ControllerRefs.claim(owner, selector, active, () -> canAdopt(owner),
                new ControllerRefs.Claimer<>() {
                    @Override
                    public void adopt(Pod pod) {
                        client.resources(Pod.class).inNamespace(ns).patch(pod.getMetadata().getName(),
                                PatchType.STRATEGIC_MERGE, ControllerRefs.adoptPatch(owner, pod.getMetadata().getUid()));
                    }

                    @Override
                    public void release(Pod pod) {
                        client.resources(Pod.class).inNamespace(ns).patch(pod.getMetadata().getName(),
                                PatchType.STRATEGIC_MERGE, ControllerRefs.removeOwnersPatch(
                                        List.of(owner.getMetadata().getUid()), pod.getMetadata().getUid()));
                    }
                });
        FailedPass failed = null;
        if (needsSync) {
            try {
                manageReplicas(key, owner, claimed);
            } catch (FailedPass e) {
                failed = e;
            }
        }
        ReplicaKind.Status before = kind.status(owner);
        ReplicaKind.Failure failure = null;
        if (failed != null) {
            String since = before.failure() != null && failed.reason.equals(before.failure().reason())
                    ? before.failure().lastTransitionTime() : Times.now(clock);
            failure = new ReplicaKind.Failure(failed.reason, failed.getMessage(), since);
        }
        ReplicaKind.Status after = computeStatus(owner, claimed, failure);
        if (!after.equals(before)) {
            writeStatus(owner, after);
        }
        if (failed != null) {
            throw failed;
        }
        int minReady = kind.minReadySeconds(owner);
        if (minReady > 0 && after.readyReplicas() == kind.replicas(owner)
                && after.availableReplicas() != kind.replicas(owner)) {
            return Reconciler.Result.requeueAfter(Duration.ofSeconds(minReady));
        }
        return Reconciler.Result.DONE;
    }

    /** Writes the status; on a conflict (the cache was behind) once more on the object read fresh. */
    private void writeStatus(T owner, ReplicaKind.Status status) {
        String ns = owner.getMetadata().getNamespace();
        T copy = client.deepCopy(owner);
        kind.setStatus(copy, status);
        try {
            client.resources(kind.type()).inNamespace(ns).updateStatus(copy);
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
            Optional<T> fresh = client.resources(kind.type()).inNamespace(ns).get(owner.getMetadata().getName());
            if (fresh.isEmpty() || !owner.getMetadata().getUid().equals(fresh.get().getMetadata().getUid())) {
                return;
            }
            kind.setStatus(fresh.get(), status);
            client.resources(kind.type()).inNamespace(ns).updateStatus(fresh.get());
        }
    }

    /** A quorum read: adopt only if the owner is still there, with the same uid, and not being deleted. */
    private boolean canAdopt(T owner) {
        Optional<T> fresh = client.resources(kind.type()).inNamespace(owner.getMetadata().getNamespace())
                .get(owner.getMetadata().getName());
        return fresh.isPresent() && owner.getMetadata().getUid().equals(fresh.get().getMetadata().getUid())
                && fresh.get().getMetadata().getDeletionTimestamp() == null;
    }

    /** Creates or deletes the difference; a failure is thrown as a {@link FailedPass} with its reason. */
    private void manageReplicas(String key, T owner, List<Pod> claimed) {
        int diff = claimed.size() - kind.replicas(owner);
        String ns = owner.getMetadata().getNamespace();
        if (diff < 0) {
            PodTemplateSpec template = kind.template(owner);
            if (template == null) {
                return;
            }
            int wanted = Math.min(-diff, BURST_REPLICAS);
            expectations.expectCreations(key, wanted);
            AtomicReference<RuntimeException> error = new AtomicReference<>();
            int created = slowStartBatch(wanted, SLOW_START_INITIAL_BATCH, () -> {
                try {
                    Pod pod = client.resources(Pod.class).inNamespace(ns).create(podFromTemplate(owner, template));
                    events.record(owner, EventRecorder.NORMAL, "SuccessfulCreate", null,
                            "Created pod: " + pod.getMetadata().getName());
                    return true;
                } catch (RuntimeException e) {
                    error.compareAndSet(null, e);
                    if (!namespaceTerminating(e)) {
                        events.record(owner, EventRecorder.WARNING, "FailedCreate", null,
                                "Error creating: " + e.getMessage());
                    }
                    return false;
                }
            });
            if (created < wanted) {
                expectations.lowerCreations(key, wanted - created);
            }
            // Nothing can be created in a terminating namespace; that is not the template's fault.
            if (error.get() != null && !namespaceTerminating(error.get())) {
                throw new FailedPass("FailedCreate", error.get());
            }
            return;
        }
        if (diff > 0) {
            List<Pod> victims = podsToDelete(claimed, Math.min(diff, BURST_REPLICAS));
            Set<String> podKeys = new LinkedHashSet<>();
            victims.forEach(p -> podKeys.add(ObjectKeys.of(p)));
            expectations.expectDeletions(key, podKeys);
            RuntimeException first = null;
            for (Pod p : victims) {
                try {
                    client.resources(Pod.class).inNamespace(ns).delete(p.getMetadata().getName(),
                            new DeleteOptions(null, null, p.getMetadata().getUid(), null, false));
                    events.record(owner, EventRecorder.NORMAL, "SuccessfulDelete", null,
                            "Deleted pod: " + p.getMetadata().getName());
                } catch (RuntimeException e) {
                    expectations.deletionObserved(key, ObjectKeys.of(p));
                    if (!(e instanceof ApiException api && api.code() == 404)) {
                        events.record(owner, EventRecorder.WARNING, "FailedDelete", null,
                                "Error deleting: " + e.getMessage());
                        if (first == null) {
                            first = e;
                        }
                    }
                }
            }
            if (first != null) {
                throw new FailedPass("FailedDelete", first);
            }
        }
    }

    /** A pass whose creates or deletes failed: the status records it, then the key is retried. */
    static final class FailedPass extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final String reason;

        FailedPass(String reason, RuntimeException cause) {
            super(cause.getMessage(), cause);
            this.reason = reason;
        }
    }

    /**
     * Runs {@code count} calls in batches of 1, 2, 4, ... ({@code slowStartBatch}); stops after the
     * first batch with a failure. Answers how many succeeded.
     */
    static int slowStartBatch(int count, int initialBatch, java.util.function.BooleanSupplier call) {
        int remaining = count;
        int successes = 0;
        for (int batch = Math.min(remaining, initialBatch); batch > 0; batch = Math.min(2 * batch, remaining)) {
            AtomicInteger ok = new AtomicInteger();
            if (batch == 1) {
                if (call.getAsBoolean()) {
                    ok.incrementAndGet();
                }
            } else {
                List<Thread> threads = new ArrayList<>();
                int parallel = Math.min(batch, 16);
                AtomicInteger left = new AtomicInteger(batch);
                for (int i = 0; i < parallel; i++) {
                    Thread t = new Thread(() -> {
                        while (left.getAndDecrement() > 0) {
                            if (call.getAsBoolean()) {
                                ok.incrementAndGet();
                            }
                        }
                    });
                    t.setDaemon(true);
                    t.start();
                    threads.add(t);
                }
                for (Thread t : threads) {
                    try {
                        t.join();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return successes + ok.get();
                    }
                }
            }
            successes += ok.get();
            if (ok.get() < batch) {
                return successes;
            }
            remaining -= batch;
        }
        return successes;
    }

    private Pod podFromTemplate(T owner, PodTemplateSpec template) {
        ObjectMeta tm = template.getMetadata() == null ? new ObjectMeta() : template.getMetadata();
        Pod pod = new Pod();
        ObjectMeta meta = new ObjectMeta();
        meta.setNamespace(owner.getMetadata().getNamespace());
        meta.setGenerateName(owner.getMetadata().getName() + "-");
        meta.setLabels(tm.getLabels() == null ? null : new HashMap<>(tm.getLabels()));
        meta.setAnnotations(tm.getAnnotations() == null ? null : new HashMap<>(tm.getAnnotations()));
        meta.setFinalizers(tm.getFinalizers() == null ? null : new ArrayList<>(tm.getFinalizers()));
        meta.setOwnerReferences(List.of(ControllerRefs.controllerRef(owner)));
        pod.setMetadata(meta);
        Pod spec = client.deepCopy(new Pod(null, null, null, template.getSpec(), null));
        pod.setSpec(spec.getSpec());
        return pod;
    }

    /** The pods to delete first ({@code ActivePodsWithRanks}): unscheduled, pending, not ready, crowded, young. */
    static List<Pod> podsToDelete(List<Pod> pods, int count) {
        Map<String, Integer> perNode = new HashMap<>();
        for (Pod p : pods) {
            perNode.merge(Pods.nodeName(p), 1, Integer::sum);
        }
        Comparator<Pod> order = Comparator
                .comparing((Pod p) -> !Pods.nodeName(p).isEmpty())
                .thenComparing(p -> phaseRank(Pods.phase(p)))
                .thenComparing(Pods::isReady)
                .thenComparing(p -> -perNode.getOrDefault(Pods.nodeName(p), 0))
                .thenComparing(p -> Pods.readySince(p).orElse(Instant.MAX), Comparator.reverseOrder())
                .thenComparing(p -> -Pods.restarts(p))
                .thenComparing(p -> Times.parse(p.getMetadata().getCreationTimestamp()).orElse(Instant.MAX),
                        Comparator.reverseOrder());
        return pods.stream().sorted(order).limit(count).toList();
    }

    private static int phaseRank(String phase) {
        return switch (phase) {
            case "Pending", "" -> 0;
            case "Unknown" -> 1;
            default -> 2;
        };
    }

    private ReplicaKind.Status computeStatus(T owner, List<Pod> claimed, ReplicaKind.Failure failure) {
        PodTemplateSpec template = kind.template(owner);
        Map<String, String> templateLabels = template == null || template.getMetadata() == null
                ? Map.of() : template.getMetadata().getLabels();
        LabelSelectors.Selector fully = LabelSelectors.ofMap(templateLabels);
        int minReady = kind.minReadySeconds(owner);
        Instant now = clock.instant();
        int labeled = 0;
        int ready = 0;
        int available = 0;
        for (Pod p : claimed) {
            if (fully.matches(p.getMetadata().getLabels())) {
                labeled++;
            }
            if (Pods.isReady(p)) {
                ready++;
                if (Pods.isAvailable(p, minReady, now)) {
                    available++;
                }
            }
        }
        long generation = owner.getMetadata().getGeneration() == null ? 0 : owner.getMetadata().getGeneration();
        return new ReplicaKind.Status(claimed.size(), labeled, ready, available, generation, failure);
    }
}
