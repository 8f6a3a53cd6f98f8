package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.EndpointSubset;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodStatusBuilder;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.ServiceBuilder;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Endpoints, EndpointSlices and default ServiceAccounts, with their workers running on a seeded store. */
class ServiceControllersTest {

    private final Fixture f = new Fixture();
    private final InformerFactory informers = f.informers;

    @AfterEach
    void close() {
        f.close();
    }

    private void run(Controller... controllers) throws InterruptedException {
        f.run(controllers);
    }

    private void runEndpoints() throws InterruptedException {
        run(new EndpointsController(f.recording, informers, new EventRecorder(f.seed, "endpoint-controller", "t",
                Clock.systemUTC())), new EndpointSliceController(f.recording, informers));
    }

    private Service service(String name, Map<String, String> selector, Object targetPort) {
        ServiceBuilder b = new ServiceBuilder().withNewMetadata().withName(name).addToLabels("tier", "web")
                .endMetadata().withNewSpec().withSelector(selector).addNewPort().withName("http").withPort(80)
                .withTargetPort(new IntOrString(targetPort)).endPort().endSpec();
        return f.res(Service.class).create(b.build());
    }

    private Pod pod(String name, String ip, boolean ready, Integer namedPort) {
        PodBuilder b = new PodBuilder().withNewMetadata().withName(name).addToLabels("app", "web").endMetadata()
                .withNewSpec().withNodeName("n1").addNewContainer().withName("c").withImage("busybox").endContainer()
                .endSpec();
        Pod p = b.build();
        if (namedPort != null) {
            p.getSpec().getContainers().get(0).setPorts(List.of(new io.fabric8.kubernetes.api.model.ContainerPortBuilder()
                    .withName("web").withContainerPort(namedPort).build()));
        }
        Pod created = f.res(Pod.class).create(p);
        created.setStatus(new PodStatusBuilder().withPhase("Running").withPodIP(ip).addNewCondition().withType("Ready")
                .withStatus(ready ? "True" : "False").withLastTransitionTime(Times.format(Instant.now())).endCondition()
                .build());
        return f.res(Pod.class).updateStatus(created);
    }

    private Optional<Endpoints> endpoints(String name) {
        return f.res(Endpoints.class).get(name);
    }

    private List<EndpointSlice> slices(String service) {
        return f.res(EndpointSlice.class).withLabel("kubernetes.io/service-name", service).list().items().stream()
                .sorted(Comparator.comparing(s -> s.getMetadata().getName())).toList();
    }

    @Test
    void endpointsListReadyAndNotReadyPodsWithTheirResolvedPorts() throws Exception {
        pod("a", "10.244.0.2", true, 8080);
        pod("b", "10.244.0.3", false, 8080);
        pod("c", "10.244.0.4", true, null);
        service("web", Map.of("app", "web"), "web");
        runEndpoints();
        Fixture.until(() -> endpoints("web").map(e -> e.getSubsets().size() == 1).orElse(false));
        EndpointSubset s = endpoints("web").orElseThrow().getSubsets().get(0);
        assertThat(s.getAddresses()).extracting(a -> a.getIp()).containsExactly("10.244.0.2");
        assertThat(s.getNotReadyAddresses()).extracting(a -> a.getIp()).containsExactly("10.244.0.3");
        assertThat(s.getPorts().get(0).getPort()).isEqualTo(8080);
        assertThat(s.getPorts().get(0).getName()).isEqualTo("http");
        assertThat(s.getAddresses().get(0).getTargetRef().getName()).isEqualTo("a");
        assertThat(s.getAddresses().get(0).getNodeName()).isEqualTo("n1");
        assertThat(endpoints("web").orElseThrow().getMetadata().getLabels()).containsEntry("tier", "web");

        // A pod turning ready moves to addresses; a deleted service takes its endpoints along.
        Pod b = f.res(Pod.class).get("b").orElseThrow();
        b.getStatus().getConditions().get(0).setStatus("True");
        f.res(Pod.class).updateStatus(b);
        Fixture.until(() -> endpoints("web").map(e -> e.getSubsets().get(0).getAddresses().size() == 2).orElse(false));
        f.res(Service.class).delete("web");
        Fixture.until(() -> endpoints("web").isEmpty());
    }

    @Test
    void slicesCarryConditionsAndSplitEveryHundredEndpoints() throws Exception {
        IntStream.range(0, 150).forEach(i -> pod("p" + i, "10.244." + (i / 250) + "." + (i % 250 + 2), i % 2 == 0,
                null));
        Service svc = service("web", Map.of("app", "web"), 8080);
        runEndpoints();
        // slices are rewritten one at a time, so between two writes an endpoint can be in both: wait for the end state
        Fixture.until(() -> slices("web").stream().mapToInt(s -> s.getEndpoints().size()).sum() == 150
                && slices("web").stream().flatMap(s -> s.getEndpoints().stream())
                        .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady())).count() == 75);
        List<EndpointSlice> slices = slices("web");
        assertThat(slices).hasSize(2).allSatisfy(s -> {
            assertThat(s.getEndpoints().size()).isLessThanOrEqualTo(100);
            assertThat(s.getAddressType()).isEqualTo("IPv4");
            assertThat(s.getPorts().get(0).getPort()).isEqualTo(8080);
            assertThat(s.getMetadata().getLabels()).containsEntry("endpointslice.kubernetes.io/managed-by",
                    "endpointslice-controller.k8s.io");
            assertThat(s.getMetadata().getOwnerReferences().get(0).getUid()).isEqualTo(svc.getMetadata().getUid());
        });
        long ready = slices.stream().flatMap(s -> s.getEndpoints().stream())
                .filter(e -> Boolean.TRUE.equals(e.getConditions().getReady())).count();
        assertThat(ready).isEqualTo(75);

        // Fewer pods: the slices shrink to one.
        for (int i = 0; i < 100; i++) {
            f.res(Pod.class).delete("p" + i, new io.stevedore.api.registry.DeleteOptions(0L, null, null, null, false));
        }
        Fixture.until(() -> slices("web").size() == 1 && slices("web").get(0).getEndpoints().size() == 50);
    }

    @Test
    void aServiceWithoutPodsHasOneEmptySliceAndOneWithoutSelectorIsLeftAlone() throws Exception {
        service("lonely", Map.of("app", "nothing"), 80);
        service("external", Map.of(), 80);
        runEndpoints();
        Fixture.until(() -> slices("lonely").size() == 1);
        assertThat(slices("lonely").get(0).getEndpoints()).isEmpty();
        Fixture.until(() -> endpoints("lonely").isPresent());
        assertThat(endpoints("lonely").orElseThrow().getSubsets()).isEmpty();
        assertThat(slices("external")).isEmpty();
        assertThat(endpoints("external")).isEmpty();
    }

    @Test
    void everyActiveNamespaceGetsADefaultServiceAccountBack() throws Exception {
        f.seed.resources(Namespace.class).create(new NamespaceBuilder().withNewMetadata().withName("shop")
                .endMetadata().build());
        run(new ServiceAccountController(f.recording, informers));
        Fixture.until(() -> f.seed.resources(ServiceAccount.class).inNamespace("shop").get("default").isPresent());
        assertThat(f.seed.resources(ServiceAccount.class).inNamespace("kube-system").get("default")).isPresent();
        f.seed.resources(ServiceAccount.class).inNamespace("shop").delete("default");
        Fixture.until(() -> f.seed.resources(ServiceAccount.class).inNamespace("shop").get("default").isPresent());
    }
}
