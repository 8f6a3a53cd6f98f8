package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.NamespaceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.client.KubeTypes;
import java.time.Clock;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Namespace termination by the controller: contents first, conditions meanwhile, then the finalizer. */
class NamespaceControllerTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    private Namespace ns(String name) {
        return f.seed.resources(Namespace.class).get(name).orElse(null);
    }

    @Test
    void aDeletedNamespaceIsEmptiedThenRemoved() throws Exception {
        f.seed.resources(Namespace.class).create(new NamespaceBuilder().withNewMetadata().withName("shop").endMetadata()
                .build());
        f.seed.resources(ConfigMap.class).inNamespace("shop").create(new ConfigMapBuilder().withNewMetadata()
                .withName("cfg").endMetadata().build());
        f.seed.resources(Pod.class).inNamespace("shop").create(new PodBuilder().withNewMetadata().withName("held")
                .withFinalizers("example.com/hold").endMetadata().withNewSpec().addNewContainer().withName("c")
                .withImage("busybox").endContainer().endSpec().build());
        f.run(new NamespaceController(f.recording, f.informers, ControllerManager.ALL_KINDS, Clock.systemUTC()));
        f.seed.resources(Namespace.class).delete("shop");
        Fixture.until(() -> f.seed.resources(ConfigMap.class).inNamespace("shop").get("cfg").isEmpty()
                && ns("shop").getStatus().getConditions() != null && ns("shop").getStatus().getConditions().stream()
                .anyMatch(c -> c.getType().equals("NamespaceFinalizersRemaining")
                        && c.getMessage().contains("example.com/hold in 1 resource instances")));
        assertThat(ns("shop").getStatus().getPhase()).isEqualTo("Terminating");
        assertThat(ns("shop").getStatus().getConditions()).anyMatch(c -> c.getType().equals("NamespaceContentRemaining")
                && c.getMessage().equals("Some resources are remaining: pods has 1 resource instances"));
        Pod held = f.seed.resources(Pod.class).inNamespace("shop").get("held").orElseThrow();
        held.getMetadata().setFinalizers(List.of());
        f.seed.resources(Pod.class).inNamespace("shop").update(held);
        Fixture.until(() -> ns("shop") == null);
        assertThat(f.takeActions()).contains("delete configmaps shop/cfg", "delete pods shop/held",
                "updateSubresource namespaces shop");
    }

    @Test
    void everyServedNamespacedKindIsEmptiedOut() {
        Set<String> covered = ControllerManager.ALL_KINDS.stream().map(KubeTypes::find)
                .flatMap(java.util.Optional::stream).map(ResourceType::plural).collect(Collectors.toSet());
        Set<String> stored = Set.of("selfsubjectaccessreviews", "bindings");
        assertThat(ResourceTypes.all().stream().filter(ResourceType::namespaced).map(ResourceType::plural)
                .filter(p -> !stored.contains(p)).toList()).allMatch(covered::contains);
        assertThat(HasMetadata.class).isNotNull();
    }
}
