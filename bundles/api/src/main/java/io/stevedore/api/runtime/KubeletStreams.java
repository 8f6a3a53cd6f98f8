package io.stevedore.api.runtime;

import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.util.List;

/**
 * What a kubelet serves for the pods on its node: the log, exec, attach and portforward
 * subresources the API server routes to it. Registered as an OSGi service with the property
 * {@value #NODE_PROPERTY} = the node's name; an HTTP client of a remote kubelet can be one too.
 * Bad requests (an unknown container, one not running, no previous instance) throw
 * {@link io.stevedore.api.ApiException} with Kubernetes' message; the API server passes them on.
 */
public interface KubeletStreams {

    String NODE_PROPERTY = "stevedore.node";

    /** The node this kubelet serves. */
    String nodeName();

    /**
     * Writes a container's log.
     *
     * @param container the container, or null for the pod's only one
     * @param previous  the previous (terminated) instance of it
     */
    void logs(String namespace, String pod, String container, boolean previous, LogOptions options, OutputStream out)
            throws IOException;

    /** Runs a command in a container of the pod. */
    StreamSession exec(String namespace, String pod, String container, List<String> command, boolean stdin,
                       boolean tty);

    /** Attaches to a container of the pod. */
    StreamSession attach(String namespace, String pod, String container, boolean stdin, boolean tty);

    /** Opens a connection to a port of the pod, as port-forward does. */
    Socket portForward(String namespace, String pod, int port) throws IOException;
}
