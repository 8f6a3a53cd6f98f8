package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.EndpointAddress;
import io.fabric8.kubernetes.api.model.EndpointAddressBuilder;
import io.fabric8.kubernetes.api.model.EndpointPort;
import io.fabric8.kubernetes.api.model.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.stevedore.api.ApiException;
import io.stevedore.api.LabelSelectors;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import tools.jackson.databind.json.JsonMapper;

/**
 * The Endpoints loop ({@code pkg/controller/endpoint}): for every Service with a selector, an Endpoints
 * object of the same name listing its pods' IPs, ready ones in {@code addresses} and the others in
 * {@code notReadyAddresses}, grouped into subsets by resolved port set; at most 1,000 addresses, with
 * the over-capacity annotation beyond. Services without a selector keep the Endpoints their users write.
 */
public final class EndpointsController extends Controller {

    static final String COMPONENT = "endpoint-controller";
    static final int MAX_ADDRESSES = 1000;
    static final String OVER_CAPACITY = "endpoints.kubernetes.io/over-capacity";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubeClient client;
    private final EventRecorder events;
    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<Endpoints> endpoints;

    EndpointsController(KubeClient client, InformerFactory informers, EventRecorder events) {
        super(client, COMPONENT);
        this.client = client;
        this.events = events;
        var serviceInformer = informers.sharedIndexInformerFor(Service.class, Duration.ZERO);
        var podInformer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        this.services = serviceInformer.lister();
        this.pods = podInformer.lister();
        this.endpoints = informers.sharedIndexInformerFor(Endpoints.class, Duration.ZERO).lister();
        serviceInformer.addEventHandler(enqueueByKey());
        podInformer.addEventHandler(ServicesOfPods.handler(services, loop.queue()));
    }

    @Override
    public Result reconcile(String key) {
        String ns = ObjectKeys.namespace(key);
        String name = ObjectKeys.name(key);
        Optional<Service> found = services.get(ns, name);
        if (found.isEmpty()) {
            try {
                client.resources(Endpoints.class).inNamespace(ns).delete(name);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
            return Result.DONE;
        }
        Service svc = found.get();
        Optional<LabelSelectors.Selector> selector = ServiceEndpoints.selector(svc);
        if (selector.isEmpty()) {
            return Result.DONE;
        }
        List<ServiceEndpoints.Target> targets = ServiceEndpoints.targets(svc, selector.get(), pods.list(ns, null),
                false);
        boolean truncated = targets.size() > MAX_ADDRESSES;
        List<EndpointSubset> subsets = subsets(svc, truncated ? targets.subList(0, MAX_ADDRESSES) : targets);
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            labels.putAll(svc.getMetadata().getLabels());
        }
        if (ServiceEndpoints.headless(svc)) {
            labels.put("service.kubernetes.io/headless", "");
        }
        Optional<Endpoints> current = endpoints.get(ns, name);
        Map<String, String> annotations = new HashMap<>();
        current.map(e -> e.getMetadata().getAnnotations()).ifPresent(annotations::putAll);
        if (truncated) {
            annotations.put(OVER_CAPACITY, "truncated");
        } else {
            annotations.remove(OVER_CAPACITY);
        }
        if (current.isPresent() && JSON.valueToTree(current.get().getSubsets()).equals(JSON.valueToTree(subsets))
                && Objects.equals(labels, orEmpty(current.get().getMetadata().getLabels()))
                && Objects.equals(annotations, orEmpty(current.get().getMetadata().getAnnotations()))) {
            return Result.DONE;
        }
        try {
            write(ns, name, current, labels, annotations, subsets);
        } catch (ApiException e) {
            if (namespaceTerminating(e)) {
                return Result.DONE;
            }
            events.record(svc, EventRecorder.WARNING, current.isEmpty() ? "FailedToCreateEndpoint"
                    : "FailedToUpdateEndpoint", null, "Failed to " + (current.isEmpty() ? "create" : "update")
                    + " endpoint " + key + ": " + e.getMessage());
            throw e;
        }
        return Result.DONE;
    }

    /** Creates or updates; when the cache was behind (exists, or conflict), once more on a fresh read. */
    private void write(String ns, String name, Optional<Endpoints> cached, Map<String, String> labels,
                       Map<String, String> annotations, List<EndpointSubset> subsets) {
        var resources = client.resources(Endpoints.class).inNamespace(ns);
        Optional<Endpoints> current = cached;
        for (int attempt = 0; ; attempt++) {
            try {
                if (current.isEmpty()) {
                    resources.create(new EndpointsBuilder().withNewMetadata().withName(name).withNamespace(ns)
                            .withLabels(labels).withAnnotations(annotations).endMetadata().withSubsets(subsets).build());
                } else {
                    Endpoints e = client.deepCopy(current.get());
                    e.getMetadata().setLabels(labels);
                    e.getMetadata().setAnnotations(annotations);
                    e.setSubsets(subsets);
                    resources.update(e);
                }
                return;
            } catch (ApiException e) {
                if (e.code() != 409 || attempt > 0) {
                    throw e;
                }
                current = resources.get(name);
            }
        }
    }

    private static Map<String, String> orEmpty(Map<String, String> m) {
        return m == null ? Map.of() : m;
    }

    /** Addresses grouped by their resolved port set ({@code RepackSubsets}), ready or not. */
    static List<EndpointSubset> subsets(Service svc, List<ServiceEndpoints.Target> targets) {
        Map<String, List<ServiceEndpoints.Target>> byPorts = new java.util.TreeMap<>();
        for (ServiceEndpoints.Target t : targets) {
            byPorts.computeIfAbsent(t.ports().toString(), k -> new ArrayList<>()).add(t);
        }
        List<EndpointSubset> out = new ArrayList<>();
        for (List<ServiceEndpoints.Target> group : byPorts.values()) {
            List<EndpointAddress> ready = new ArrayList<>();
            List<EndpointAddress> notReady = new ArrayList<>();
            for (ServiceEndpoints.Target t : group) {
                (t.ready() ? ready : notReady).add(address(svc, t));
            }
            List<EndpointPort> ports = new ArrayList<>();
            for (ServiceEndpoints.PortOf p : group.get(0).ports()) {
                ports.add(new EndpointPortBuilder().withName(p.name()).withPort(p.port()).withProtocol(p.protocol())
                        .withAppProtocol(p.appProtocol()).build());
            }
            EndpointSubset s = new EndpointSubset();
            s.setAddresses(ready.isEmpty() ? null : ready);
            s.setNotReadyAddresses(notReady.isEmpty() ? null : notReady);
            s.setPorts(ports.isEmpty() ? null : ports);
            out.add(s);
        }
        return out;
    }

    private static EndpointAddress address(Service svc, ServiceEndpoints.Target t) {
        Pod pod = t.pod();
        EndpointAddressBuilder b = new EndpointAddressBuilder().withIp(t.ip())
                .withNodeName(Pods.nodeName(pod).isEmpty() ? null : Pods.nodeName(pod))
                .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef();
        String hostname = pod.getSpec().getHostname();
        if (hostname != null && !hostname.isEmpty() && svc.getMetadata().getName().equals(pod.getSpec().getSubdomain())) {
            b.withHostname(hostname);
        }
        return b.build();
    }
}
