package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.discovery.v1.Endpoint;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPort;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointPortBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSliceBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.LabelSelectors;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.registry.DeleteOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import tools.jackson.databind.json.JsonMapper;

/**
 * The EndpointSlice loop ({@code pkg/controller/endpointslice}): every Service with a selector gets
 * discovery.k8s.io/v1 slices of at most 100 endpoints each, one set per resolved port set, labelled
 * {@code kubernetes.io/service-name} and managed-by this controller, owned by the Service (so they go
 * with it); each endpoint carries ready, serving and terminating conditions, its node and its pod.
 * A Service with no backing pod keeps one empty slice, as in Kubernetes.
 */
public final class EndpointSliceController extends Controller {

    static final String COMPONENT = "endpointslice-controller";
    static final String SERVICE_NAME = "kubernetes.io/service-name";
    static final String MANAGED_BY = "endpointslice.kubernetes.io/managed-by";
    static final String MANAGER = "endpointslice-controller.k8s.io";
    static final int MAX_ENDPOINTS = 100;
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubeClient client;
    private final Lister<Service> services;
    private final Lister<Pod> pods;
    private final Lister<EndpointSlice> slices;
    /**
     * The slices this controller last wrote, by Service key: name to resourceVersion. Until the cache
     * shows them, a pass waits rather than act on old slices (and create a second set).
     */
    private final Map<String, Map<String, Long>> written = new java.util.concurrent.ConcurrentHashMap<>();

    EndpointSliceController(KubeClient client, InformerFactory informers) {
        super(client, COMPONENT);
        this.client = client;
        var serviceInformer = informers.sharedIndexInformerFor(Service.class, Duration.ZERO);
        var podInformer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        var sliceInformer = informers.sharedIndexInformerFor(EndpointSlice.class, Duration.ZERO);
        this.services = serviceInformer.lister();
        this.pods = podInformer.lister();
        this.slices = sliceInformer.lister();
        serviceInformer.addEventHandler(enqueueByKey());
        podInformer.addEventHandler(ServicesOfPods.handler(services, loop.queue()));
        sliceInformer.addEventHandler(new io.stevedore.api.client.ResourceEventHandler<>() {
            @Override
            public void onDelete(EndpointSlice s, boolean unknown) {
                String svc = s.getMetadata().getLabels() == null ? null : s.getMetadata().getLabels().get(SERVICE_NAME);
                if (svc != null && MANAGER.equals(s.getMetadata().getLabels().get(MANAGED_BY))) {
                    String key = ObjectKeys.of(s.getMetadata().getNamespace(), svc);
                    Map<String, Long> mine = written.get(key);
                    if (mine != null) {
                        mine.remove(s.getMetadata().getName());
                    }
                    loop.queue().add(key);
                }
            }
        });
    }

    @Override
    public Result reconcile(String key) {
        String ns = ObjectKeys.namespace(key);
        Optional<Service> found = services.get(ns, ObjectKeys.name(key));
        if (found.isEmpty()) {
            written.remove(key);
            return Result.DONE;
        }
        if (cacheBehind(key, ns)) {
            return Result.requeueAfter(Duration.ofMillis(100));
        }
        Service svc = found.get();
        Optional<LabelSelectors.Selector> selector = ServiceEndpoints.selector(svc);
        if (selector.isEmpty()) {
            return Result.DONE;
        }
        List<ServiceEndpoints.Target> targets = ServiceEndpoints.targets(svc, selector.get(), pods.list(ns, null),
                true);
        // Desired slices: per port set, endpoints in chunks of MAX_ENDPOINTS.
        Map<String, List<ServiceEndpoints.Target>> byPorts = new TreeMap<>();
        for (ServiceEndpoints.Target t : targets) {
            byPorts.computeIfAbsent(t.ports().toString(), k -> new ArrayList<>()).add(t);
        }
        List<EndpointSlice> desired = new ArrayList<>();
        for (List<ServiceEndpoints.Target> group : byPorts.values()) {
            for (int i = 0; i < group.size(); i += MAX_ENDPOINTS) {
                desired.add(slice(svc, group.subList(i, Math.min(group.size(), i + MAX_ENDPOINTS))));
            }
        }
        if (desired.isEmpty()) {
            desired.add(slice(svc, List.of()));
        }
        String uid = svc.getMetadata().getUid();
        List<EndpointSlice> existing = new ArrayList<>();
        for (EndpointSlice s : slices.list(ns, SERVICE_NAME + "=" + svc.getMetadata().getName() + "," + MANAGED_BY
                + "=" + MANAGER)) {
            if (ControllerRefs.controllerOf(s).map(r -> uid.equals(r.getUid())).orElse(false)) {
                existing.add(s);
            }
        }
        existing.sort(java.util.Comparator.comparing(s -> s.getMetadata().getName()));
        var resources = client.resources(EndpointSlice.class).inNamespace(ns);
        Map<String, Long> mine = new java.util.HashMap<>();
        for (int i = 0; i < desired.size(); i++) {
            EndpointSlice want = desired.get(i);
            if (i < existing.size()) {
                EndpointSlice have = existing.get(i);
                if (sameContent(have, want)) {
                    continue;
                }

                EndpointSlice update = client.deepCopy(have);
                update.setEndpoints(want.getEndpoints());
                update.setPorts(want.getPorts());
                update.setAddressType(want.getAddressType());
                update.getMetadata().setLabels(want.getMetadata().getLabels());
                EndpointSlice done = resources.update(update);
                mine.put(done.getMetadata().getName(), Long.parseLong(done.getMetadata().getResourceVersion()));
            } else {
                try {
                    EndpointSlice done = resources.create(want);
                    mine.put(done.getMetadata().getName(), Long.parseLong(done.getMetadata().getResourceVersion()));
                } catch (ApiException e) {
                    if (!namespaceTerminating(e)) {
                        throw e;
                    }
                }
            }
        }
        written.put(key, new java.util.concurrent.ConcurrentHashMap<>(mine));
        for (int i = desired.size(); i < existing.size(); i++) {
            EndpointSlice extra = existing.get(i);
            try {
                resources.delete(extra.getMetadata().getName(),
                        new DeleteOptions(null, null, extra.getMetadata().getUid(), null, false));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
            }
        }
        return Result.DONE;
    }

    private boolean cacheBehind(String key, String ns) {
        Map<String, Long> mine = written.get(key);
        if (mine == null) {
            return false;
        }
        for (Map.Entry<String, Long> e : mine.entrySet()) {
            Optional<EndpointSlice> seen = slices.get(ns, e.getKey());
            if (seen.isEmpty() || Long.parseLong(seen.get().getMetadata().getResourceVersion()) < e.getValue()) {
                return true;
            }
        }
        return false;
    }

    private static boolean sameContent(EndpointSlice a, EndpointSlice b) {
        return JSON.valueToTree(a.getEndpoints()).equals(JSON.valueToTree(b.getEndpoints()))
                && JSON.valueToTree(a.getPorts()).equals(JSON.valueToTree(b.getPorts()))
                && Objects.equals(a.getAddressType(), b.getAddressType())
                && Objects.equals(a.getMetadata().getLabels(), b.getMetadata().getLabels());
    }

    private EndpointSlice slice(Service svc, List<ServiceEndpoints.Target> targets) {
        Map<String, String> labels = new LinkedHashMap<>();
        if (svc.getMetadata().getLabels() != null) {
            labels.putAll(svc.getMetadata().getLabels());
        }
        labels.put(SERVICE_NAME, svc.getMetadata().getName());
        labels.put(MANAGED_BY, MANAGER);
        if (ServiceEndpoints.headless(svc)) {
            labels.put("service.kubernetes.io/headless", "");
        }
        List<Endpoint> endpoints = new ArrayList<>();
        for (ServiceEndpoints.Target t : targets) {
            Pod pod = t.pod();
            EndpointBuilder b = new EndpointBuilder().withAddresses(t.ip())
                    .withNewConditions().withReady(t.ready()).withServing(t.serving())
                    .withTerminating(t.terminating()).endConditions()
                    .withNodeName(Pods.nodeName(pod).isEmpty() ? null : Pods.nodeName(pod))
                    .withNewTargetRef().withKind("Pod").withNamespace(pod.getMetadata().getNamespace())
                    .withName(pod.getMetadata().getName()).withUid(pod.getMetadata().getUid()).endTargetRef();
            String hostname = pod.getSpec().getHostname();
            if (hostname != null && !hostname.isEmpty()
                    && svc.getMetadata().getName().equals(pod.getSpec().getSubdomain())) {
                b.withHostname(hostname);
            }
            endpoints.add(b.build());
        }
        List<EndpointPort> ports = new ArrayList<>();
        if (!targets.isEmpty()) {
            for (ServiceEndpoints.PortOf p : targets.get(0).ports()) {
                ports.add(new EndpointPortBuilder().withName(p.name() == null ? "" : p.name()).withPort(p.port())
                        .withProtocol(p.protocol()).withAppProtocol(p.appProtocol()).build());
            }
        }
        String addressType = !targets.isEmpty() && targets.get(0).ip().contains(":") ? "IPv6" : "IPv4";
        return new EndpointSliceBuilder().withNewMetadata().withGenerateName(svc.getMetadata().getName() + "-")
                .withNamespace(svc.getMetadata().getNamespace()).withLabels(labels)
                .withOwnerReferences(ControllerRefs.controllerRef(svc)).endMetadata()
                .withAddressType(addressType).withEndpoints(endpoints).withPorts(ports.isEmpty() ? null : ports)
                .build();
    }
}
