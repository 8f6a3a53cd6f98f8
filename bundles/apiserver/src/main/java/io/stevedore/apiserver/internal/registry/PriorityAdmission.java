package io.stevedore.apiserver.internal.registry;

import java.util.List;
import java.util.Optional;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.Store;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.kinds.PriorityClasses;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' Priority admission plugin: a new pod gets {@code spec.priority} and
 * {@code spec.preemptionPolicy} from its {@code priorityClassName} (or from the global default class,
 * whose name it then takes), and at most one PriorityClass may be the global default. The built-in
 * classes are created at start-up.
 */
final class PriorityAdmission {

    private final StoreRegistry registry;
    private final Store store;
    /** Each class's name, value, default flag and policy, decoded once per revision of the class. */
    private final RevisionMemo<PriorityClass> classes = new RevisionMemo<>(kv -> {
        ObjectNode pc = StoredObjects.decode(kv);
        return new PriorityClass(Json.name(pc), pc.path("value").asLong(0), pc.path("globalDefault").asBoolean(false),
                pc.path("preemptionPolicy").asString(PriorityClasses.PREEMPT_LOWER_PRIORITY));
    });

    private record PriorityClass(String name, long value, boolean globalDefault, String preemptionPolicy) {
    }

    PriorityAdmission(StoreRegistry registry, Store store) {
        this.registry = registry;
        this.store = store;
    }

    /** Creates {@code system-node-critical} and {@code system-cluster-critical} when missing. */
    void ensureSystemClasses() {
        for (PriorityClasses.SystemClass c : PriorityClasses.SYSTEM) {
            if (store.get(Keys.key(ResourceTypes.PRIORITYCLASSES, null, c.name())).isPresent()) {
                continue;
            }
            ObjectNode o = Json.NODES.objectNode();
            o.put("apiVersion", "scheduling.k8s.io/v1");
            o.put("kind", "PriorityClass");
            Json.meta(o).put("name", c.name());
            o.put("value", c.value());
            o.put("description", c.description());
            try {
                registry.create(ResourceTypes.PRIORITYCLASSES, null, o, null, WriteOptions.manager("stevedore"));
            } catch (ApiException e) {
                if (e.code() != 409) {
                    throw e;
                }
            }
        }
    }

    /** Sets a new pod's priority from its class. */
    void admitPod(ObjectNode pod) {
        ObjectNode spec = (ObjectNode) pod.withObject("spec");
        String className = Json.text(spec, "priorityClassName");
        long priority;
        String policy;
        if (className == null || className.isEmpty()) {
            Optional<PriorityClass> dflt = globalDefault(null);
            if (dflt.isPresent()) {
                spec.put("priorityClassName", dflt.get().name());
                priority = dflt.get().value();
                policy = dflt.get().preemptionPolicy();
            } else {
                priority = PriorityClasses.DEFAULT_PRIORITY;
                policy = PriorityClasses.PREEMPT_LOWER_PRIORITY;
            }
        } else {
            PriorityClass pc = lookup(className).orElseThrow(() -> ApiException.forbidden(ResourceTypes.PODS,
                    Json.name(pod), "no PriorityClass with name " + className + " was found"));
            priority = pc.value();
            policy = pc.preemptionPolicy();
        }
        JsonNode given = spec.get("priority");
        if (given != null && !given.isNull() && given.asLong() != priority) {
            throw ApiException.forbidden(ResourceTypes.PODS, Json.name(pod), "the integer value of priority ("
                    + given.asLong() + ") must not be provided in pod spec; priority admission controller computed "
                    + priority + " from the given PriorityClass name");
        }
        spec.put("priority", priority);
        if (!spec.hasNonNull("preemptionPolicy")) {
            spec.put("preemptionPolicy", policy);
        }
    }

    /** On a create or update of a class marked as the global default: no other default may exist. */
    void admitClass(ObjectNode pc) {
        if (!pc.path("globalDefault").asBoolean(false)) {
            return;
        }
        String name = Json.name(pc);
        globalDefault(name).ifPresent(other -> {
            throw ApiException.forbidden(ResourceTypes.PRIORITYCLASSES, name, "PriorityClass "
                    + other.name() + " is already marked as default. Only one default can exist");
        });
    }

    private Optional<PriorityClass> lookup(String name) {
        String key = Keys.key(ResourceTypes.PRIORITYCLASSES, null, name);
        Optional<KeyValue> kv = StoreRegistry.store(() -> store.getCached(key));
        if (kv.isEmpty()) {
            kv = StoreRegistry.store(() -> store.get(key));
        }
        return kv.map(classes::get);
    }

    /** The global default class other than {@code except}: the one with the lowest value, as Kubernetes picks. */
    private Optional<PriorityClass> globalDefault(String except) {
        List<KeyValue> all = StoreRegistry.store(() -> store.list(Keys.prefix(ResourceTypes.PRIORITYCLASSES, null),
                null, 0, 0)).items();
        PriorityClass best = null;
        for (KeyValue kv : all) {
            PriorityClass pc = classes.get(kv);
            if (!pc.globalDefault() || pc.name().equals(except)) {
                continue;
            }
            if (best == null || pc.value() < best.value()) {
                best = pc;
            }
        }
        return Optional.ofNullable(best);
    }
}
