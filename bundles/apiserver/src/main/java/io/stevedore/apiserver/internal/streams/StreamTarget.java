package io.stevedore.apiserver.internal.streams;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.runtime.KubeletStreams;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where a pod stream goes (log, exec, attach, portforward), checked as Kubernetes' pod strategy does before it
 * proxies to the kubelet: the pod exists, the container is one of it, the pod has a node, and a kubelet serves
 * that node.
 *
 * @param pod       the pod object
 * @param container the container (the pod's only one when none was asked for), null for portforward
 * @param node      the pod's node
 * @param kubelet   the kubelet of that node
 */
public record StreamTarget(ObjectNode pod, String container, String node, KubeletStreams kubelet) {

    public String namespace() {
        return pod.path("metadata").path("namespace").asString("");
    }

    public String name() {
        return pod.path("metadata").path("name").asString("");
    }

    public String uid() {
        return pod.path("metadata").path("uid").asString("");
    }

    /** Resolves the target of {@code pods/{name}/{subresource}}; throws the ApiException Kubernetes answers. */
    public static StreamTarget resolve(Registry registry, Kubelets kubelets, String namespace, String name,
                                       String subresource, String container) {
        ObjectNode pod = registry.get(ResourceTypes.PODS, namespace, name, null);
        String c = subresource.equals("portforward") ? null : container(pod, name, container);
        String node = pod.path("spec").path("nodeName").asString("");
        if (node.isEmpty()) {
            throw ApiException.badRequest("pod " + name + " does not have a host assigned");
        }
        KubeletStreams kubelet = kubelets.get(node);
        if (kubelet == null) {
            throw ApiException.serviceUnavailable("no kubelet serves node \"" + node + "\" for pods/" + subresource);
        }
        return new StreamTarget(pod, c, node, kubelet);
    }

    /** The container asked for, or the only one; any container kind counts (init and ephemeral too). */
    static String container(JsonNode pod, String name, String container) {
        JsonNode spec = pod.path("spec");
        if (container == null || container.isEmpty()) {
            List<String> names = names(spec.path("containers"));
            if (names.size() == 1) {
                return names.get(0);
            }
            if (names.isEmpty()) {
                throw ApiException.badRequest("a container name must be specified for pod " + name);
            }
            String message = "a container name must be specified for pod " + name + ", choose one of: ["
                    + String.join(" ", names) + "]";
            List<String> init = names(spec.path("initContainers"));
            if (!init.isEmpty()) {
                message += " or one of the init containers: [" + String.join(" ", init) + "]";
            }
            throw ApiException.badRequest(message);
        }
        for (String kind : List.of("containers", "initContainers", "ephemeralContainers")) {
            if (names(spec.path(kind)).contains(container)) {
                return container;
            }
        }
        throw ApiException.badRequest("container " + container + " is not valid for pod " + name);
    }

    private static List<String> names(JsonNode containers) {
        List<String> names = new ArrayList<>();
        for (JsonNode c : containers) {
            names.add(c.path("name").asString(""));
        }
        return names;
    }
}
