package io.stevedore.apiserver.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class KindRegistryTest {

    private static final KindRegistry REGISTRY = KindRegistry.scan();

    @Test
    void mapsProtoPackagesToApiVersions() {
        assertThat(KindRegistry.apiVersionOf("k8s.io.api.core.v1")).isEqualTo("v1");
        assertThat(KindRegistry.apiVersionOf("k8s.io.api.apps.v1")).isEqualTo("apps/v1");
        assertThat(KindRegistry.apiVersionOf("k8s.io.api.rbac.v1")).isEqualTo("rbac.authorization.k8s.io/v1");
        assertThat(KindRegistry.apiVersionOf("k8s.io.api.networking.v1")).isEqualTo("networking.k8s.io/v1");
        assertThat(KindRegistry.apiVersionOf("k8s.io.api.autoscaling.v2beta2")).isEqualTo("autoscaling/v2beta2");
        assertThat(KindRegistry.apiVersionOf("k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1"))
                .isEqualTo("apiextensions.k8s.io/v1beta1");
        assertThat(KindRegistry.apiVersionOf("k8s.io.apimachinery.pkg.runtime")).isNull();
    }

    @Test
    void registersKindsOfEveryGroupWithTheirMessages() {
        assertThat(REGISTRY.find("v1", "Pod").descriptor().getFullName()).isEqualTo("k8s.io.api.core.v1.Pod");
        assertThat(REGISTRY.find("v1", "PodList").descriptor().findFieldByName("items").getNumber()).isEqualTo(2);
        assertThat(REGISTRY.find("batch/v1", "CronJob")).isNotNull();
        assertThat(REGISTRY.find("v1", "Status").descriptor().getFullName())
                .isEqualTo("k8s.io.apimachinery.pkg.apis.meta.v1.Status");
        assertThat(REGISTRY.find("v1", "List").descriptor().getFullName()).isEqualTo("k8s.io.api.core.v1.List");
        assertThat(REGISTRY.find("v1", "PodLogOptions")).isNotNull();
        assertThat(REGISTRY.find("coordination.k8s.io/v1", "LeaseList").prototype().getDescriptorForType()
                .findFieldByName("items").getMessageType().getFullName()).isEqualTo("k8s.io.api.coordination.v1.Lease");
        assertThat(REGISTRY.find("v1", "PodSpec")).isNull();
        assertThat(REGISTRY.kinds()).hasSizeGreaterThan(200);
    }

    @Test
    void usesGeneratedClassesWhereTheyExist() {
        assertThat(REGISTRY.find("v1", "Pod").prototype()).isInstanceOf(io.kubernetes.client.proto.V1.Pod.class);
        assertThat(REGISTRY.find("discovery.k8s.io/v1", "EndpointSlice").prototype())
                .isInstanceOf(com.google.protobuf.DynamicMessage.class);
    }
}
