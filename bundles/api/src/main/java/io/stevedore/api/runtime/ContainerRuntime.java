package io.stevedore.api.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One node's container runtime: sandboxes and containers as Kubernetes' CRI has them. Every call
 * that names an object which is gone throws {@link RuntimeError} with {@link RuntimeError#notFound()};
 * every other failure throws {@link RuntimeError} with a message fit for a pod's status.
 */
public interface ContainerRuntime extends AutoCloseable {

    /** {@code docker}, {@code process}: the scheme of container IDs ({@code docker://ID}). */
    String name();

    /** The runtime's own version, as nodeInfo.containerRuntimeVersion shows it after {@code name://}. */
    String version();

    /** A warning for node status (the process runtime isolates nothing), or empty. */
    Optional<String> warning();

    /** Sets up the node's pod network from its podCIDR (idempotent); pods started later get addresses in it. */
    void configureNetwork(String podCidr);

    /** The image as present on this node, or empty when it is not (no registry is reachable to pull from). */
    Optional<Image> image(String reference);

    /** Creates and starts the pod's sandbox; its address is the pod IP. */
    Sandbox runSandbox(SandboxSpec spec);

    /** Stops the sandbox and every container in it. */
    void stopSandbox(String sandboxId);

    void removeSandbox(String sandboxId);

    /** This node's sandboxes, live or not. */
    List<Sandbox> sandboxes();

    /** Creates (does not start) a container in a sandbox. */
    String createContainer(String sandboxId, ContainerSpec spec);

    void startContainer(String containerId);

    /** SIGTERM, then SIGKILL after the grace period; returns once the container has stopped. */
    void stopContainer(String containerId, Duration grace);

    void removeContainer(String containerId);

    /** This node's containers, in any state. */
    List<ContainerStatus> containers();

    /** One container's current status. */
    ContainerStatus status(String containerId);

    /** Runs a command in a running container and waits for it, as exec probes and hooks do. */
    ExecResult execSync(String containerId, List<String> command, Duration timeout);

    /**
     * Writes the container's log to {@code out}: lines of its stdout and stderr in order, each
     * prefixed with its RFC 3339 time and a space when asked; blocks while following.
     */
    void logs(String containerId, LogOptions options, OutputStream out) throws IOException;

    /** Starts a command in a running container with the streams asked for. */
    StreamSession exec(String containerId, List<String> command, boolean stdin, boolean tty);

    /** Attaches to a running container's main process. */
    StreamSession attach(String containerId, boolean stdin, boolean tty);

    @Override
    void close();
}
