package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.api.client.ObjectKeys;
import org.junit.jupiter.api.Test;

class ObjectKeysTest {

    @Test
    void keysAreNamespaceSlashNameOrJustName() {
        assertThat(ObjectKeys.of(RegistryKubeClientTest.pod("ns", "p", "a"))).isEqualTo("ns/p");
        assertThat(ObjectKeys.of(new NodeBuilder().withNewMetadata().withName("n1").endMetadata().build()))
                .isEqualTo("n1");
        assertThat(ObjectKeys.namespace("ns/p")).isEqualTo("ns");
        assertThat(ObjectKeys.name("ns/p")).isEqualTo("p");
        assertThat(ObjectKeys.namespace("n1")).isEmpty();
        assertThat(ObjectKeys.name("n1")).isEqualTo("n1");
        assertThatThrownBy(() -> ObjectKeys.of(new Pod())).isInstanceOf(IllegalArgumentException.class);
    }
}
