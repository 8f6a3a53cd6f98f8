package io.stevedore.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * A container to create in a sandbox; command and args are already resolved as Kubernetes does
 * (command replaces the image's entrypoint, args its cmd; {@code $(VAR)} references expanded).
 *
 * @param name       the container's name in the pod
 * @param attempt    its restart count
 * @param image      the image reference
 * @param command    the entrypoint, or empty for the image's
 * @param args       the arguments, or empty for the image's
 * @param workingDir the working directory, or null for the image's
 * @param env        environment variables in order
 * @param mounts     volumes mounted into it
 * @param resources  its cgroup limits
 * @param stdin      whether it keeps stdin open
 * @param stdinOnce  whether stdin closes after the first attach detaches
 * @param tty        whether it runs on a terminal
 * @param labels     its labels (node, pod, container, attempt)
 */
public record ContainerSpec(String name, int attempt, String image, List<String> command, List<String> args,
                            String workingDir, List<EnvVar> env, List<Mount> mounts, Resources resources,
                            boolean stdin, boolean stdinOnce, boolean tty, Map<String, String> labels) {

    public record EnvVar(String name, String value) {
    }

    /** A host directory or file bound into the container. */
    public record Mount(String hostPath, String containerPath, boolean readOnly) {
    }

    /**
     * Cgroup settings as the kubelet derives them from requests and limits.
     *
     * @param cpuShares        CPU weight from the CPU request (2 when none)
     * @param cpuQuotaMicros   CFS quota per period from the CPU limit, or 0 for none
     * @param cpuPeriodMicros  CFS period (100000)
     * @param memoryLimitBytes memory limit, or 0 for none
     */
    public record Resources(long cpuShares, long cpuQuotaMicros, long cpuPeriodMicros, long memoryLimitBytes) {
        public static final Resources NONE = new Resources(2, 0, 100_000, 0);
    }
}
