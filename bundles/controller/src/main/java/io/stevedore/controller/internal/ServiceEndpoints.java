package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.stevedore.api.LabelSelectors;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * What the Endpoints and EndpointSlice loops agree on about a Service: which pods back it (its
 * selector, with an IP), whether each is ready, serving or terminating, and each Service port resolved
 * against the pod (a named targetPort is looked up in the pod's container ports; a pod without it is
 * left out of that port).
 */
final class ServiceEndpoints {

    /** A Service port as resolved on one pod. */
    record PortOf(String name, int port, String protocol, String appProtocol) {
    }

    /** One backing pod. */
    record Target(Pod pod, String ip, boolean ready, boolean serving, boolean terminating, List<PortOf> ports) {
    }

    private ServiceEndpoints() {
    }

    /** The Service's selector; empty for a Service without one (its endpoints are the user's). */
    static Optional<LabelSelectors.Selector> selector(Service svc) {
        Map<String, String> sel = svc.getSpec() == null ? null : svc.getSpec().getSelector();
        return sel == null || sel.isEmpty() ? Optional.empty() : Optional.of(LabelSelectors.ofMap(sel));
    }

    static boolean headless(Service svc) {
        return svc.getSpec() != null && "None".equals(svc.getSpec().getClusterIP());
    }

    static boolean publishNotReady(Service svc) {
        return svc.getSpec() != null && Boolean.TRUE.equals(svc.getSpec().getPublishNotReadyAddresses());
    }

    /** The pods backing the Service, sorted by IP; terminating pods only when asked for. */
    static List<Target> targets(Service svc, LabelSelectors.Selector selector, List<Pod> pods,
                                boolean includeTerminating) {
        List<Target> out = new ArrayList<>();
        boolean tolerateUnready = publishNotReady(svc);
        for (Pod pod : pods) {
            if (!selector.matches(pod.getMetadata().getLabels())) {
                continue;
            }
            String ip = pod.getStatus() == null ? null : pod.getStatus().getPodIP();
            if (ip == null || ip.isEmpty()) {
                continue;
            }
            boolean terminating = pod.getMetadata().getDeletionTimestamp() != null;
            if (terminating && !includeTerminating && !tolerateUnready) {
                continue;
            }
            String phase = Pods.phase(pod);
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                continue;
            }
            boolean serving = Pods.isReady(pod) || tolerateUnready;
            List<PortOf> ports = new ArrayList<>();
            List<ServicePort> servicePorts = svc.getSpec().getPorts() == null ? List.of() : svc.getSpec().getPorts();
            for (ServicePort sp : servicePorts) {
                OptionalInt port = findPort(pod, sp);
                if (port.isPresent()) {
                    ports.add(new PortOf(sp.getName(), port.getAsInt(),
                            sp.getProtocol() == null ? "TCP" : sp.getProtocol(), sp.getAppProtocol()));
                }
            }
            if (!servicePorts.isEmpty() && ports.isEmpty()) {
                continue;
            }
            out.add(new Target(pod, ip, serving && !terminating, serving, terminating, ports));
        }
        out.sort(Comparator.comparing(Target::ip).thenComparing(t -> t.pod().getMetadata().getName()));
        return out;
    }

    /** The pod's port for a Service port ({@code podutil.FindPort}). */
    static OptionalInt findPort(Pod pod, ServicePort sp) {
        IntOrString target = sp.getTargetPort();
        if (target == null || (target.getIntVal() == null && (target.getStrVal() == null
                || target.getStrVal().isEmpty()))) {
            return OptionalInt.of(sp.getPort());
        }
        if (target.getIntVal() != null) {
            return OptionalInt.of(target.getIntVal());
        }
        String name = target.getStrVal();
        String protocol = sp.getProtocol() == null ? "TCP" : sp.getProtocol();
        for (Container c : pod.getSpec().getContainers()) {
            if (c.getPorts() == null) {
                continue;
            }
            for (ContainerPort p : c.getPorts()) {
                String pp = p.getProtocol() == null ? "TCP" : p.getProtocol();
                if (name.equals(p.getName()) && protocol.equals(pp)) {
                    return OptionalInt.of(p.getContainerPort());
                }
            }
        }
        try {
            return OptionalInt.of(Integer.parseInt(name));
        } catch (NumberFormatException e) {
            return OptionalInt.empty();
        }
    }
}
