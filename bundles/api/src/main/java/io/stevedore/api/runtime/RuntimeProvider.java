package io.stevedore.api.runtime;

import java.nio.file.Path;
import java.util.Optional;

/**
 * A kind of container runtime the kubelet can use, registered as an OSGi service. The kubelet asks
 * each provider whether it can run here ({@link #unavailable()}) and opens the one configured, or on
 * {@code auto} the most capable one available (highest {@link #rank()}).
 */
public interface RuntimeProvider {

    /** The runtime's name as node status shows it ({@code docker}, {@code process}). */
    String name();

    /** Higher is preferred when the kubelet chooses by itself. */
    int rank();

    /** Why this runtime cannot run on this machine now, or empty when it can. */
    Optional<String> unavailable();

    /** Opens the runtime for one node; its containers and sandboxes are those labelled with that node. */
    ContainerRuntime open(Context context);

    /**
     * What a runtime needs to know about the node it serves.
     *
     * @param nodeName  the node's name (labels every sandbox and container, so nodes can share an engine)
     * @param dataDir   where the runtime may keep its own state and log files
     */
    record Context(String nodeName, Path dataDir) {
    }
}
