package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.KubeTypes;
import io.stevedore.api.client.Reconciler;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The garbage collector ({@code pkg/controller/garbagecollector}): a graph of every watched object
 * by uid with its owner references, kept from informers. An object whose owners are all gone is
 * deleted (background, or as its own finalizers say); an owner deleted with the
 * {@code foregroundDeletion} finalizer has its dependents deleted first and loses the finalizer
 * once no dependent blocks it; an owner deleted with {@code orphan} has its references removed
 * from its dependents, then loses that finalizer. An owner missing from the graph is looked up
 * fresh from the API before anything is deleted because of it.
 */
public final class GarbageCollector extends Controller {

    static final String COMPONENT = "garbage-collector-controller";
    static final String ORPHAN = "orphan";
    static final String FOREGROUND = "foregroundDeletion";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** One watched object: its kind and the object as last seen. */
    private record Item(Class<? extends HasMetadata> type, HasMetadata object) {
        String uid() {
            return object.getMetadata().getUid();
        }

        List<OwnerReference> owners() {
            List<OwnerReference> refs = object.getMetadata().getOwnerReferences();
            return refs == null ? List.of() : refs;
        }

        boolean deleting() {
            return object.getMetadata().getDeletionTimestamp() != null;
        }

        boolean hasFinalizer(String f) {
            List<String> fs = object.getMetadata().getFinalizers();
            return fs != null && fs.contains(f);
        }
    }

    private final KubeClient client;
    private final Map<String, Class<? extends HasMetadata>> kinds = new HashMap<>();
    private final Map<String, Item> graph = new ConcurrentHashMap<>();
    private final Map<String, Set<String>> dependents = new ConcurrentHashMap<>();
    /**
     * Owners deleted with the orphan policy, remembered for a while: a dependent the graph had not
     * seen yet when its owner was orphaned only loses the reference, it is never deleted for it.
     */
    private final Map<String, Instant> orphaned = new ConcurrentHashMap<>();
    static final Duration ORPHAN_MEMORY = Duration.ofMinutes(10);
    private final Clock clock;

    GarbageCollector(KubeClient client, InformerFactory informers, List<Class<? extends HasMetadata>> types,
                     Clock clock) {
        super(client, COMPONENT);
        this.client = client;
        this.clock = clock;
        for (Class<? extends HasMetadata> type : types) {
            if (KubeTypes.find(type).isEmpty()) {
                continue;
            }
            kinds.put(kindKey(HasMetadata.getApiVersion(type), HasMetadata.getKind(type)), type);
            watch(informers, type);
        }
    }

    private <T extends HasMetadata> void watch(InformerFactory informers, Class<T> type) {
        SharedIndexInformer<T> informer = informers.sharedIndexInformerFor(type, Duration.ZERO);
        informer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                observed(type, null, obj);
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                observed(type, oldObj, newObj);
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                removed(obj);
            }
        });
    }

    private static String kindKey(String apiVersion, String kind) {
        int slash = apiVersion == null ? -1 : apiVersion.indexOf('/');
        return (slash < 0 ? "" : apiVersion.substring(0, slash)) + "/" + kind;
    }

    // ---- graph upkeep: handlers only update the graph and enqueue uids

    private void observed(Class<? extends HasMetadata> type, HasMetadata before, HasMetadata obj) {
        String uid = obj.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        Item previous = graph.put(uid, new Item(type, obj));
        List<OwnerReference> oldRefs = previous == null ? List.of() : previous.owners();
        Item item = graph.get(uid);
        for (OwnerReference r : oldRefs) {
            if (item.owners().stream().noneMatch(n -> Objects.equals(n.getUid(), r.getUid()))) {
                Set<String> set = dependents.get(r.getUid());
                if (set != null) {
                    set.remove(uid);
                }
                // A foreground owner may be waiting for this reference to go.
                loop.queue().add(r.getUid());
            }
        }
        for (OwnerReference r : item.owners()) {
            dependents.computeIfAbsent(r.getUid(), k -> ConcurrentHashMap.newKeySet()).add(uid);
        }
        boolean refsChanged = previous == null || !oldRefs.equals(item.owners());
        boolean startedDeleting = item.deleting() && (previous == null || !previous.deleting()
                || !Objects.equals(previous.object().getMetadata().getFinalizers(), obj.getMetadata().getFinalizers()));
        if ((refsChanged && !item.owners().isEmpty()) || startedDeleting) {
            loop.queue().add(uid);
        }
        if (startedDeleting) {
            // Dependents whose owner began a foreground deletion are deleted now.
            Set<String> deps = dependents.get(uid);
            if (deps != null && item.hasFinalizer(FOREGROUND)) {
                deps.forEach(loop.queue()::add);
            }
        }
    }

    private void removed(HasMetadata obj) {
        String uid = obj.getMetadata().getUid();
        if (uid == null) {
            return;
        }
        Item item = graph.remove(uid);
        if (item != null) {
            for (OwnerReference r : item.owners()) {
                Set<String> set = dependents.get(r.getUid());
                if (set != null) {
                    set.remove(uid);
                }
                loop.queue().add(r.getUid());
            }
        }
        Set<String> deps = dependents.get(uid);
        if (deps != null) {
            deps.forEach(loop.queue()::add);
        }
    }

    // ---- reconcile one uid

    @Override
    public Reconciler.Result reconcile(String uid) {
        Item item = graph.get(uid);
        if (item == null) {
            Set<String> deps = dependents.get(uid);
            if (deps != null && deps.isEmpty()) {
                dependents.remove(uid);
            }
            return Reconciler.Result.DONE;
        }
        if (item.deleting()) {
            if (item.hasFinalizer(ORPHAN)) {
                orphanDependents(item);
            } else if (item.hasFinalizer(FOREGROUND)) {
                deleteDependentsFirst(item);
            }
            return Reconciler.Result.DONE;
        }
        if (item.owners().isEmpty()) {
            return Reconciler.Result.DONE;
        }
        List<OwnerReference> solid = new ArrayList<>();
        List<OwnerReference> dangling = new ArrayList<>();
        List<OwnerReference> waiting = new ArrayList<>();
        List<OwnerReference> orphanedBy = new ArrayList<>();
        for (OwnerReference ref : item.owners()) {
            switch (classify(item, ref)) {
                case SOLID -> solid.add(ref);
                case DANGLING -> (orphaned.containsKey(ref.getUid()) ? orphanedBy : dangling).add(ref);
                case WAITING -> waiting.add(ref);
            }
        }
        if (!orphanedBy.isEmpty() && solid.isEmpty() && waiting.isEmpty() && dangling.isEmpty()) {
            patch(item, ControllerRefs.removeOwnersPatch(orphanedBy.stream().map(OwnerReference::getUid).toList(), uid));
            return Reconciler.Result.DONE;
        }
        dangling.addAll(orphanedBy);
        if (!solid.isEmpty()) {
            if (dangling.isEmpty() && waiting.isEmpty()) {
                return Reconciler.Result.DONE;
            }
            List<String> gone = new ArrayList<>();
            dangling.forEach(r -> gone.add(r.getUid()));
            waiting.forEach(r -> gone.add(r.getUid()));
            patch(item, ControllerRefs.removeOwnersPatch(gone, uid));
            return Reconciler.Result.DONE;
        }
        String policy;
        if (!waiting.isEmpty() && hasDependents(uid)) {
            policy = "Foreground";
        } else if (item.hasFinalizer(ORPHAN)) {
            policy = "Orphan";
        } else if (item.hasFinalizer(FOREGROUND)) {
            policy = "Foreground";
        } else {
            policy = "Background";
        }
        delete(item, policy);
        return Reconciler.Result.DONE;
    }

    private enum OwnerState { SOLID, DANGLING, WAITING }

    private OwnerState classify(Item item, OwnerReference ref) {
        Item owner = graph.get(ref.getUid());
        HasMetadata found = owner == null ? null : owner.object();
        if (found == null) {
            Class<? extends HasMetadata> type = kinds.get(kindKey(ref.getApiVersion(), ref.getKind()));
            if (type == null) {
                // A kind this collector does not watch: it cannot tell, so it keeps the dependent.
                return OwnerState.SOLID;
            }
            Optional<? extends HasMetadata> live = resources(type, item.object().getMetadata().getNamespace())
                    .get(ref.getName());
            if (live.isEmpty() || !ref.getUid().equals(live.get().getMetadata().getUid())) {
                return OwnerState.DANGLING;
            }
            found = live.get();
        }
        List<String> fs = found.getMetadata().getFinalizers();
        if (found.getMetadata().getDeletionTimestamp() != null && fs != null && fs.contains(FOREGROUND)) {
            return OwnerState.WAITING;
        }
        return OwnerState.SOLID;
    }

    private boolean hasDependents(String uid) {
        Set<String> deps = dependents.get(uid);
        return deps != null && deps.stream().anyMatch(graph::containsKey);
    }

    private void orphanDependents(Item owner) {
        Instant now = clock.instant();
        orphaned.values().removeIf(t -> t.plus(ORPHAN_MEMORY).isBefore(now));
        orphaned.put(owner.uid(), now);
        for (Item d : dependentsOf(owner)) {
            patch(d, ControllerRefs.removeOwnersPatch(List.of(owner.uid()), d.uid()));
        }
        removeFinalizer(owner, ORPHAN);
    }

    /**
     * The owner's dependents as the graph knows them, and, since the graph may lag behind the last
     * writes, as a fresh list of every watched kind shows them: a finalizer is only lifted on both.
     */
    private List<Item> dependentsOf(Item owner) {
        Map<String, Item> found = new java.util.LinkedHashMap<>();
        Set<String> deps = dependents.get(owner.uid());
        if (deps != null) {
            for (String dep : List.copyOf(deps)) {
                Item d = graph.get(dep);
                if (d != null && d.owners().stream().anyMatch(r -> owner.uid().equals(r.getUid()))) {
                    found.put(dep, d);
                }
            }
        }
        String ns = owner.object().getMetadata().getNamespace();
        for (Class<? extends HasMetadata> type : kinds.values()) {
            @SuppressWarnings("unchecked")
            ResourceClient<HasMetadata> all = (ResourceClient<HasMetadata>) client.resources(type);
            ResourceClient<HasMetadata> rc = ns == null || ns.isEmpty() ? all.inAnyNamespace() : resources(type, ns);
            for (HasMetadata o : rc.list().items()) {
                List<OwnerReference> refs = o.getMetadata().getOwnerReferences();
                if (refs != null && refs.stream().anyMatch(r -> owner.uid().equals(r.getUid()))) {
                    found.putIfAbsent(o.getMetadata().getUid(), new Item(type, o));
                }
            }
        }
        return List.copyOf(found.values());
    }

    private void deleteDependentsFirst(Item owner) {
        boolean blocked = false;
        for (Item d : dependentsOf(owner)) {
            Optional<OwnerReference> ref = d.owners().stream()
                    .filter(r -> owner.uid().equals(r.getUid())).findFirst();
            if (ref.isPresent() && Boolean.TRUE.equals(ref.get().getBlockOwnerDeletion())) {
                blocked = true;
            }
            // Only enqueued: one the graph has not seen yet is handled once its informer brings it.
            if (!d.deleting()) {
                loop.queue().add(d.uid());
            }
        }
        if (!blocked) {
            removeFinalizer(owner, FOREGROUND);
        }
    }

    @SuppressWarnings("unchecked")
    private ResourceClient<HasMetadata> resources(Class<? extends HasMetadata> type, String namespace) {
        ResourceClient<HasMetadata> rc = (ResourceClient<HasMetadata>) client.resources(type);
        ResourceType rt = rc.type();
        return rt.namespaced() ? rc.inNamespace(namespace) : rc;
    }

    private void delete(Item item, String policy) {
        HasMetadata o = item.object();
        try {
            resources(item.type(), o.getMetadata().getNamespace()).delete(o.getMetadata().getName(),
                    new DeleteOptions(null, policy, o.getMetadata().getUid(), null, false));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }

    private void patch(Item item, String patch) {
        HasMetadata o = item.object();
        try {
            resources(item.type(), o.getMetadata().getNamespace()).patch(o.getMetadata().getName(),
                    PatchType.STRATEGIC_MERGE, patch);
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    /** Removes one finalizer, guarded by the resourceVersion it was read at (a conflict retries). */
    private void removeFinalizer(Item item, String finalizer) {
        HasMetadata o = item.object();
        ObjectNode patch = JSON.createObjectNode();
        ObjectNode meta = patch.putObject("metadata");
        ArrayNode list = meta.putArray("finalizers");
        for (String f : o.getMetadata().getFinalizers()) {
            if (!finalizer.equals(f)) {
                list.add(f);
            }
        }
        meta.put("resourceVersion", o.getMetadata().getResourceVersion());
        try {
            resources(item.type(), o.getMetadata().getNamespace()).patch(o.getMetadata().getName(),
                    PatchType.MERGE, JSON.writeValueAsString(patch));
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }
}
