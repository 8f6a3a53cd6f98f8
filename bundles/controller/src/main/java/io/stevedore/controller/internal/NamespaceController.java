package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceCondition;
import io.fabric8.kubernetes.api.model.NamespaceConditionBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.KubeTypes;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.registry.DeleteOptions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Namespace termination ({@code pkg/controller/namespace}): a namespace being deleted has everything in
 * it deleted (every served namespaced kind, background propagation), its status conditions saying what
 * remains (NamespaceContentRemaining, NamespaceFinalizersRemaining), and once it is empty its
 * {@code kubernetes} finalizer lifted through the finalize subresource, so the namespace goes.
 */
public final class NamespaceController extends Controller {

    static final String COMPONENT = "namespace-controller";
    static final String FINALIZER = "kubernetes";

    private final KubeClient client;
    private final List<Class<? extends HasMetadata>> kinds;
    private final Lister<Namespace> namespaces;
    private final Clock clock;

    NamespaceController(KubeClient client, InformerFactory informers, List<Class<? extends HasMetadata>> kinds,
                        Clock clock) {
        super(client, COMPONENT);
        this.client = client;
        this.clock = clock;
        this.kinds = kinds.stream().filter(k -> KubeTypes.find(k).map(ResourceType::namespaced).orElse(false))
                .toList();
        var informer = informers.sharedIndexInformerFor(Namespace.class, Duration.ZERO);
        this.namespaces = informer.lister();
        informer.addEventHandler(enqueueByName(ns -> { }));
    }

    @Override
    public Result reconcile(String name) {
        Optional<Namespace> found = namespaces.get(null, name);
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() == null) {
            return Result.DONE;
        }
        Map<String, Integer> remaining = new TreeMap<>();
        Map<String, Integer> finalizing = new TreeMap<>();
        for (Class<? extends HasMetadata> kind : kinds) {
            @SuppressWarnings("unchecked")
            ResourceClient<HasMetadata> rc = ((ResourceClient<HasMetadata>) client.resources(kind)).inNamespace(name);
            for (HasMetadata o : rc.list().items()) {
                String plural = rc.type().qualifiedPlural();
                remaining.merge(plural, 1, Integer::sum);
                if (o.getMetadata().getFinalizers() != null) {
                    for (String f : o.getMetadata().getFinalizers()) {
                        finalizing.merge(f, 1, Integer::sum);
                    }
                }
                if (o.getMetadata().getDeletionTimestamp() != null) {
                    continue;
                }
                try {
                    rc.delete(o.getMetadata().getName(), new DeleteOptions(null, "Background",
                            o.getMetadata().getUid(), null, false));
                } catch (ApiException e) {
                    if (e.code() != 404 && e.code() != 409) {
                        throw e;
                    }
                }
            }
        }
        Namespace ns = client.deepCopy(found.get());
        if (!remaining.isEmpty()) {
            setConditions(ns, remaining, finalizing);
            return Result.requeueAfter(Duration.ofSeconds(1));
        }
        List<String> finalizers = ns.getSpec() == null || ns.getSpec().getFinalizers() == null ? List.of()
                : ns.getSpec().getFinalizers();
        if (!finalizers.contains(FINALIZER)) {
            return Result.DONE;
        }
        List<String> left = new ArrayList<>(finalizers);
        left.remove(FINALIZER);
        ns.getSpec().setFinalizers(left);
        try {
            client.resources(Namespace.class).updateSubresource(ns, "finalize");
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
        return Result.DONE;
    }

    /** What Kubernetes reports while a namespace empties ({@code kubectl describe ns}). */
    private void setConditions(Namespace ns, Map<String, Integer> remaining, Map<String, Integer> finalizing) {
        List<String> counts = new ArrayList<>();
        remaining.forEach((kind, n) -> counts.add(kind + " has " + n + " resource instances"));
        List<NamespaceCondition> conditions = new ArrayList<>();
        String now = Times.now(clock);
        conditions.add(new NamespaceConditionBuilder().withType("NamespaceContentRemaining").withStatus("True")
                .withReason("SomeResourcesRemain").withMessage("Some resources are remaining: "
                        + String.join(", ", counts)).withLastTransitionTime(now).build());
        if (!finalizing.isEmpty()) {
            List<String> fs = new ArrayList<>();
            finalizing.forEach((f, n) -> fs.add(f + " in " + n + " resource instances"));
            conditions.add(new NamespaceConditionBuilder().withType("NamespaceFinalizersRemaining").withStatus("True")
                    .withReason("SomeFinalizersRemain").withMessage("Some content in the namespace has finalizers "
                            + "remaining: " + String.join(", ", fs)).withLastTransitionTime(now).build());
        }
        List<NamespaceCondition> current = ns.getStatus() == null || ns.getStatus().getConditions() == null
                ? List.of() : ns.getStatus().getConditions();
        boolean same = current.size() == conditions.size();
        for (int i = 0; same && i < conditions.size(); i++) {
            same = conditions.get(i).getType().equals(current.get(i).getType())
                    && conditions.get(i).getMessage().equals(current.get(i).getMessage());
        }
        if (same) {
            return;
        }
        ns.getStatus().setConditions(conditions);
        try {
            client.resources(Namespace.class).updateStatus(ns);
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }
}
