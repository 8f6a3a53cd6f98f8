package io.stevedore.apiserver.internal.kinds;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;

/** The strategy of every kind: a specific one for the built-in kinds, the generic one otherwise. */
public final class KindStrategies {

    private static final Map<ResourceType, Supplier<KindStrategy>> SPECIFIC = Map.ofEntries(
            Map.entry(ResourceTypes.PODS, PodStrategy::new),
            Map.entry(ResourceTypes.SERVICES, ServiceStrategy::new),
            Map.entry(ResourceTypes.DEPLOYMENTS, DeploymentStrategy::new),
            Map.entry(ResourceTypes.REPLICASETS, ReplicaSetStrategy::new),
            Map.entry(ResourceTypes.REPLICATIONCONTROLLERS, ReplicationControllerStrategy::new),
            Map.entry(ResourceTypes.CONFIGMAPS, ConfigMapStrategy::new),
            Map.entry(ResourceTypes.SECRETS, SecretStrategy::new),
            Map.entry(ResourceTypes.NAMESPACES, NamespaceStrategy::new),
            Map.entry(ResourceTypes.NODES, NodeStrategy::new),
            Map.entry(ResourceTypes.PERSISTENTVOLUMES, PersistentVolumeStrategy::new),
            Map.entry(ResourceTypes.PERSISTENTVOLUMECLAIMS, PersistentVolumeClaimStrategy::new),
            Map.entry(ResourceTypes.LEASES, LeaseStrategy::new),
            Map.entry(ResourceTypes.ENDPOINTS, EndpointsStrategy::new),
            Map.entry(ResourceTypes.ENDPOINTSLICES, EndpointSliceStrategy::new),
            Map.entry(ResourceTypes.EVENTS, EventStrategy::new),
            Map.entry(ResourceTypes.PRIORITYCLASSES, PriorityClassStrategy::new),
            Map.entry(ResourceTypes.SERVICEACCOUNTS, ServiceAccountStrategy::new));

    private static final Map<ResourceType, KindStrategy> CACHE = new ConcurrentHashMap<>();

    private KindStrategies() {
    }

    /** The field names a fieldSelector may use for a type ("field label not supported" for others). */
    public static java.util.Set<String> selectableFieldNames(ResourceType type) {
        tools.jackson.databind.node.ObjectNode empty = Nodes.F.objectNode();
        return java.util.Set.copyOf(forType(type).selectableFields(empty).keySet());
    }

    /** The strategy for a type (stateless and thread-safe; one instance per type). */
    public static KindStrategy forType(ResourceType type) {
        return CACHE.computeIfAbsent(type, t -> {
            Supplier<KindStrategy> s = SPECIFIC.get(t);
            return s != null ? s.get() : new BaseStrategy(t);
        });
    }
}
