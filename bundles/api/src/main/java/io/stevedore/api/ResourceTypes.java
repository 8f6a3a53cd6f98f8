package io.stevedore.api;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The built-in kinds that Stevedore serves, in discovery order. */
public final class ResourceTypes {

    public static final ResourceType NAMESPACES = core("Namespace", "namespaces", false, List.of("ns"), List.of(), List.of("status", "finalize"));
    public static final ResourceType PODS = core("Pod", "pods", true, List.of("po"), List.of("all"), List.of("status", "binding", "log", "exec", "attach", "portforward", "eviction"));
    public static final ResourceType NODES = core("Node", "nodes", false, List.of("no"), List.of(), List.of("status"));
    public static final ResourceType SERVICES = core("Service", "services", true, List.of("svc"), List.of("all"), List.of("status"));
    public static final ResourceType ENDPOINTS = core("Endpoints", "endpoints", true, List.of("ep"), List.of(), List.of());
    public static final ResourceType CONFIGMAPS = core("ConfigMap", "configmaps", true, List.of("cm"), List.of(), List.of());
    public static final ResourceType SECRETS = core("Secret", "secrets", true, List.of(), List.of(), List.of());
    public static final ResourceType SERVICEACCOUNTS = core("ServiceAccount", "serviceaccounts", true, List.of("sa"), List.of(), List.of("token"));
    public static final ResourceType EVENTS = core("Event", "events", true, List.of("ev"), List.of(), List.of());
    public static final ResourceType REPLICATIONCONTROLLERS = core("ReplicationController", "replicationcontrollers", true, List.of("rc"), List.of("all"), List.of("status", "scale"));
    public static final ResourceType PERSISTENTVOLUMES = core("PersistentVolume", "persistentvolumes", false, List.of("pv"), List.of(), List.of("status"));
    public static final ResourceType PERSISTENTVOLUMECLAIMS = core("PersistentVolumeClaim", "persistentvolumeclaims", true, List.of("pvc"), List.of(), List.of("status"));
    public static final ResourceType DEPLOYMENTS = new ResourceType("apps", "v1", "Deployment", "deployments", "deployment", true, List.of("deploy"), List.of("all"), List.of("status", "scale"));
    public static final ResourceType REPLICASETS = new ResourceType("apps", "v1", "ReplicaSet", "replicasets", "replicaset", true, List.of("rs"), List.of("all"), List.of("status", "scale"));
    public static final ResourceType LEASES = new ResourceType("coordination.k8s.io", "v1", "Lease", "leases", "lease", true, List.of(), List.of(), List.of());
    public static final ResourceType ENDPOINTSLICES = new ResourceType("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", "endpointslice", true, List.of(), List.of(), List.of());
    /**
     * events.k8s.io/v1 Event: the same objects as core/v1 events (one storage), in the newer shape (regarding, note,
     * reportingController, deprecated* fields).
     */
    public static final ResourceType EVENTS_V1 = new ResourceType("events.k8s.io", "v1", "Event", "events", "event", true, List.of("ev"), List.of(), List.of());
    public static final ResourceType PRIORITYCLASSES = new ResourceType("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", "priorityclass", false, List.of("pc"), List.of(), List.of());

    /**
     * authorization.k8s.io SelfSubjectAccessReview: a create-only, never-stored question ("may I?")
     * that {@code kubectl auth can-i} asks.
     */
    public static final ResourceType SELFSUBJECTACCESSREVIEWS = new ResourceType("authorization.k8s.io", "v1",
            "SelfSubjectAccessReview", "selfsubjectaccessreviews", "selfsubjectaccessreview", false, List.of(),
            List.of(), List.of());

    /** authentication.k8s.io TokenReview: create-only, never stored ("who does this token belong to?"). */
    public static final ResourceType TOKENREVIEWS = new ResourceType("authentication.k8s.io", "v1", "TokenReview",
            "tokenreviews", "tokenreview", false, List.of(), List.of(), List.of());

    private static final List<ResourceType> ALL = List.of(NAMESPACES, PODS, NODES, SERVICES, ENDPOINTS, CONFIGMAPS,
            SECRETS, SERVICEACCOUNTS, EVENTS, REPLICATIONCONTROLLERS, PERSISTENTVOLUMES, PERSISTENTVOLUMECLAIMS,
            DEPLOYMENTS, REPLICASETS, LEASES, ENDPOINTSLICES, EVENTS_V1, PRIORITYCLASSES, TOKENREVIEWS, SELFSUBJECTACCESSREVIEWS);

    private static final List<String> ALL_VERBS = List.of("create", "delete", "deletecollection", "get", "list",
            "patch", "update", "watch");

    private static final Map<String, ResourceType> BY_GVR = new LinkedHashMap<>();

    static {
        for (ResourceType t : ALL) {
            BY_GVR.put(t.group() + "/" + t.version() + "/" + t.plural(), t);
        }
    }

    private ResourceTypes() {
    }

    private static ResourceType core(String kind, String plural, boolean namespaced, List<String> shortNames,
                                     List<String> categories, List<String> subresources) {
        return new ResourceType("", "v1", kind, plural, kind.toLowerCase(java.util.Locale.ROOT), namespaced,
                shortNames, categories, subresources);
    }

    /** The verbs a resource serves: all of them for stored kinds, only "create" for review kinds. */
    public static List<String> verbs(ResourceType type) {
        return isStored(type) ? ALL_VERBS : List.of("create");
    }

    /** Whether objects of the type are stored (reviews are answered, never kept). */
    public static boolean isStored(ResourceType type) {
        return type != SELFSUBJECTACCESSREVIEWS && type != TOKENREVIEWS;
    }

    /** Every built-in resource, core group first, in the order discovery lists them. */
    public static List<ResourceType> all() {
        return ALL;
    }

    public static Optional<ResourceType> find(String group, String version, String plural) {
        return Optional.ofNullable(BY_GVR.get(group + "/" + version + "/" + plural));
    }

    /** Finds a resource by apiVersion and kind, as written in an object's own body. */
    public static Optional<ResourceType> forKind(String apiVersion, String kind) {
        for (ResourceType t : ALL) {
            if (t.apiVersion().equals(apiVersion) && t.kind().equals(kind)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }

    /**
     * Resolves what a user typed (plural, singular, short name or kind, any case, optionally
     * qualified with ".group"), as kubectl does.
     */
    public static Optional<ResourceType> resolve(String name) {
        String n = name.toLowerCase(java.util.Locale.ROOT);
        String group = null;
        int dot = n.indexOf('.');
        if (dot > 0) {
            group = n.substring(dot + 1);
            n = n.substring(0, dot);
        }
        for (ResourceType t : ALL) {
            if (group != null && !t.group().equals(group)) {
                continue;
            }
            if (t.plural().equals(n) || t.singular().equals(n) || t.shortNames().contains(n)
                    || t.kind().toLowerCase(java.util.Locale.ROOT).equals(n)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
