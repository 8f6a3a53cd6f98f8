package io.stevedore.apiserver.internal.patch;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.apiserver.internal.patch.PatchSchema.Strategy;
import org.junit.jupiter.api.Test;

class PatchSchemaTest {

    private final PatchSchema schema = PatchSchema.kubernetes();

    @Test
    void podSpecRulesAtEveryTemplatePath() {
        for (String[] c : new String[][] {{"v1", "Pod", "spec"}, {"apps/v1", "Deployment", "spec.template.spec"},
                {"apps/v1", "ReplicaSet", "spec.template.spec"}, {"v1", "ReplicationController", "spec.template.spec"},
                {"batch/v1", "CronJob", "spec.jobTemplate.spec.template.spec"}}) {
            PatchSchema.KindSchema k = schema.forKind(c[0], c[1]);
            String p = c[2];
            assertThat(k.rule(p + ".containers").mergeKey()).as(c[1]).isEqualTo("name");
            assertThat(k.rule(p + ".initContainers.env").mergeKey()).isEqualTo("name");
            assertThat(k.rule(p + ".containers.ports").mergeKey()).isEqualTo("containerPort");
            assertThat(k.rule(p + ".containers.volumeMounts").mergeKey()).isEqualTo("mountPath");
            assertThat(k.rule(p + ".volumes").retainKeys()).isTrue();
            assertThat(k.rule(p + ".hostAliases").mergeKey()).isEqualTo("ip");
            assertThat(k.rule(p + ".topologySpreadConstraints").mergeKey()).isEqualTo("topologyKey");
            assertThat(k.rule(p + ".tolerations")).as("tolerations are atomic").isNull();
        }
    }

    @Test
    void otherKindsAndMeta() {
        assertThat(schema.forKind("v1", "Service").rule("spec.ports").keys()).containsExactly("port", "protocol");
        assertThat(schema.forKind("v1", "Node").rule("status.addresses").mergeKey()).isEqualTo("type");
        assertThat(schema.forKind("v1", "Node").rule("spec.podCIDRs").strategy()).isEqualTo(Strategy.PRIMITIVE_SET);
        assertThat(schema.forKind("v1", "PersistentVolumeClaim").rule("status.conditions").mergeKey()).isEqualTo("type");
        assertThat(schema.forKind("apps/v1", "Deployment").rule("spec.selector").strategy()).isEqualTo(Strategy.ATOMIC_STRUCT);
        assertThat(schema.forKind("v1", "ConfigMap").rule("metadata.ownerReferences").mergeKey()).isEqualTo("uid");
        assertThat(schema.forKind("discovery.k8s.io/v1", "EndpointSlice").rule("endpoints")).isNull();
        assertThat(schema.isBuiltIn("discovery.k8s.io/v1", "EndpointSlice")).isTrue();
        assertThat(schema.isBuiltIn("v1", "Secret")).isTrue();
        assertThat(schema.forKind("example.com/v1", "Widget").rule("metadata.finalizers").strategy())
                .isEqualTo(Strategy.PRIMITIVE_SET);
    }
}
