package io.stevedore.api.runtime;

import java.util.List;
import java.util.Map;

/**
 * A pod sandbox to run.
 *
 * @param podUid      the pod's UID
 * @param namespace   the pod's namespace
 * @param name        the pod's name
 * @param attempt     how many sandboxes this pod had before
 * @param hostname    the pod's hostname
 * @param hostNetwork whether the pod shares the node's network
 * @param dnsServers  nameservers for the pod's resolv.conf (empty: the node's)
 * @param dnsSearches search domains for the pod's resolv.conf
 * @param dnsOptions  resolver options ({@code ndots:5})
 * @param ports       host ports to publish ({@code hostPort} of containers)
 * @param labels      the labels to put on it (node, pod and the pod's own labels)
 */
public record SandboxSpec(String podUid, String namespace, String name, int attempt, String hostname,
                          boolean hostNetwork, List<String> dnsServers, List<String> dnsSearches,
                          List<String> dnsOptions, List<PortMapping> ports, Map<String, String> labels) {

    /** A host port forwarded to a port of the pod. */
    public record PortMapping(String protocol, int containerPort, int hostPort, String hostIp) {
    }
}
