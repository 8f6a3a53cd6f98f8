package io.stevedore.api.runtime;

import java.time.Instant;

/**
 * A running kubelet's vital signs, for the node's supervisor: registered as an OSGi service beside
 * {@link KubeletStreams}, with the same {@value KubeletStreams#NODE_PROPERTY} property.
 */
public interface KubeletHealth {

    /** The node this kubelet runs. */
    String nodeName();

    /** The name of the runtime it uses ({@code docker}, {@code process}). */
    String runtimeName();

    /** When its pod lifecycle event generator last listed the runtime successfully (a wedged kubelet stops here). */
    Instant lastRelist();

    /** Stops this kubelet and starts a fresh one for the node (its containers keep running and are adopted). */
    void restart();
}
