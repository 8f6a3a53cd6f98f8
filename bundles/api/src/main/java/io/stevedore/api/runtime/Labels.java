package io.stevedore.api.runtime;

/** The labels that tie a sandbox or a container to its node, pod and container, as kubelets set them. */
public final class Labels {

    public static final String NODE = "io.stevedore.node";
    public static final String POD_UID = "io.kubernetes.pod.uid";
    public static final String POD_NAME = "io.kubernetes.pod.name";
    public static final String POD_NAMESPACE = "io.kubernetes.pod.namespace";
    public static final String CONTAINER_NAME = "io.kubernetes.container.name";
    /** The container's restart count when it was created. */
    public static final String ATTEMPT = "io.stevedore.attempt";
    /** {@code podsandbox} on sandboxes, as dockershim labelled them. */
    public static final String CONTAINER_TYPE = "io.kubernetes.docker.type";
    /** The hash of the container's spec when it was created: a changed spec restarts it. */
    public static final String SPEC_HASH = "io.stevedore.spec-hash";

    private Labels() {
    }
}
