package io.stevedore.build.openapi;

import java.util.List;

/**
 * The resources Stevedore serves, in discovery order. Keep in step with
 * {@code io.stevedore.api.ResourceTypes} (the apiserver's tests check every served kind has its paths).
 */
public final class ServedResources {

    private static final List<ServedResource> ALL = List.of(
            core("Namespace", "namespaces", false, "status", "finalize"),
            core("Pod", "pods", true, "status", "binding", "log", "exec", "attach", "portforward", "eviction"),
            core("Node", "nodes", false, "status"),
            core("Service", "services", true, "status"),
            core("Endpoints", "endpoints", true),
            core("ConfigMap", "configmaps", true),
            core("Secret", "secrets", true),
            core("ServiceAccount", "serviceaccounts", true, "token"),
            core("Event", "events", true),
            core("ReplicationController", "replicationcontrollers", true, "status", "scale"),
            core("PersistentVolume", "persistentvolumes", false, "status"),
            core("PersistentVolumeClaim", "persistentvolumeclaims", true, "status"),
            new ServedResource("apps", "v1", "Deployment", "deployments", true, List.of("status", "scale")),
            new ServedResource("apps", "v1", "ReplicaSet", "replicasets", true, List.of("status", "scale")),
            new ServedResource("coordination.k8s.io", "v1", "Lease", "leases", true, List.of()),
            new ServedResource("discovery.k8s.io", "v1", "EndpointSlice", "endpointslices", true, List.of()),
            new ServedResource("events.k8s.io", "v1", "Event", "events", true, List.of()),
            new ServedResource("scheduling.k8s.io", "v1", "PriorityClass", "priorityclasses", false, List.of()),
            new ServedResource("authentication.k8s.io", "v1", "TokenReview", "tokenreviews", false, List.of(), true),
            new ServedResource("authorization.k8s.io", "v1", "SelfSubjectAccessReview", "selfsubjectaccessreviews",
                    false, List.of(), true));

    private ServedResources() {
    }

    private static ServedResource core(String kind, String plural, boolean namespaced, String... subresources) {
        return new ServedResource("", "v1", kind, plural, namespaced, List.of(subresources));
    }

    /** Every served resource, core group first. */
    public static List<ServedResource> all() {
        return ALL;
    }

    /** The distinct group-versions, in order of first appearance. */
    public static List<GroupVersion> groupVersions() {
        return ALL.stream().map(ServedResource::groupVersion).distinct().toList();
    }
}
