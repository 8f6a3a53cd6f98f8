package io.stevedore.kubelet.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.SecretBuilder;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Environment variables as the kubelet builds them. */
class EnvTest {

    private final Env env = new Env(
            (ns, n) -> n.equals("cm") ? Optional.of(new ConfigMapBuilder().addToData("a", "1").addToData("b", "2").build())
                    : Optional.empty(),
            (ns, n) -> n.equals("s") ? Optional.of(new SecretBuilder().addToData("pw", "czNjcmV0").build())
                    : Optional.empty());

    private final Pod pod = new PodBuilder().withNewMetadata().withName("p").withNamespace("ns").withUid("u")
            .addToLabels("app", "web").endMetadata().withNewSpec().withNodeName("n1").endSpec().build();

    @Test
    void expandsReferencesResolvesFieldsConfigMapsAndSecretsInOrder() throws Exception {
        Container c = new ContainerBuilder().withName("c").addNewEnvFrom().withPrefix("CM_").withNewConfigMapRef("cm", false)
                .endEnvFrom().addNewEnv().withName("NAME").withNewValueFrom().withNewFieldRef().withFieldPath(
                        "metadata.name").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("APP").withNewValueFrom().withNewFieldRef().withFieldPath(
                        "metadata.labels['app']").endFieldRef().endValueFrom().endEnv()
                .addNewEnv().withName("GREETING").withValue("hi $(NAME) at $(POD_IP_X) $$(NAME) $(CM_a)").endEnv()
                .addNewEnv().withName("PW").withNewValueFrom().withNewSecretKeyRef("pw", "s", false).endValueFrom().endEnv()
                .addNewEnv().withName("IP").withNewValueFrom().withNewFieldRef().withFieldPath("status.podIP")
                .endFieldRef().endValueFrom().endEnv()
                .build();
        Map<String, String> vars = new java.util.LinkedHashMap<>();
        env.resolve(pod, c, "10.244.0.7", "10.0.0.1").forEach(v -> vars.put(v.name(), v.value()));
        assertThat(vars).containsEntry("CM_a", "1").containsEntry("CM_b", "2").containsEntry("NAME", "p")
                .containsEntry("APP", "web").containsEntry("GREETING", "hi p at $(POD_IP_X) $(NAME) 1")
                .containsEntry("PW", "s3cret").containsEntry("IP", "10.244.0.7");
    }

    @Test
    void aMissingConfigMapIsAConfigErrorUnlessOptional() {
        Container c = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("k", "nope", false).endValueFrom().endEnv().build();
        assertThatThrownBy(() -> env.resolve(pod, c, "", "")).isInstanceOf(ConfigError.class)
                .hasMessage("configmap \"nope\" not found");
        Container missingKey = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("zz", "cm", false).endValueFrom().endEnv().build();
        assertThatThrownBy(() -> env.resolve(pod, missingKey, "", "")).hasMessage("couldn't find key zz in ConfigMap ns/cm");
        Container optional = new ContainerBuilder().withName("c").addNewEnv().withName("X").withNewValueFrom()
                .withNewConfigMapKeyRef("k", "nope", true).endValueFrom().endEnv().build();
        assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> env.resolve(pod, optional, "", ""))).isNull();
    }
}
