package io.stevedore.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.PodBuilder;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The FailedScheduling texts a user reads in {@code kubectl describe pod}. */
class FitErrorTest {

    @Test
    void aClusterWithoutNodesSaysSoAsKubernetesDoes() {
        FitError e = new FitError(new PodBuilder().withNewMetadata().withName("p").endMetadata().build(), 0,
                Map.of(), "");
        assertThat(e.getMessage()).isEqualTo("no nodes available to schedule pods");
    }
}
