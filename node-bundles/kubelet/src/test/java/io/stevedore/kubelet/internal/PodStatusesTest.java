package io.stevedore.kubelet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Container;
import io.stevedore.api.runtime.ContainerStatus;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Kubernetes' phase rules (getPhase) over the states the runtime reports. */
class PodStatusesTest {

    private static PodStatuses.Observed obs(ContainerStatus.State state, int exit, PodStatuses.Waiting waiting) {
        Container c = new Container();
        c.setName("c");
        ContainerStatus s = state == null ? null : new ContainerStatus("id", "sb", "c", 0, state, Instant.now(),
                Instant.now(), state == ContainerStatus.State.EXITED ? Instant.now() : null, exit, null, null, "i",
                "i", Map.of());
        return new PodStatuses.Observed(c, s, null, waiting, false, false, "fake");
    }

    @Test
    void phases() {
        var crashLoop = new PodStatuses.Waiting("CrashLoopBackOff", "");
        assertThat(PodStatuses.phase("Always", List.of(), List.of(obs(null, 0, null)), true)).isEqualTo("Pending");
        assertThat(PodStatuses.phase("Always", List.of(), List.of(obs(ContainerStatus.State.RUNNING, 0, null)), true))
                .isEqualTo("Running");
        assertThat(PodStatuses.phase("Always", List.of(), List.of(obs(ContainerStatus.State.EXITED, 1, crashLoop)), true))
                .isEqualTo("Running");
        assertThat(PodStatuses.phase("OnFailure", List.of(), List.of(obs(ContainerStatus.State.EXITED, 0, null)), true))
                .isEqualTo("Succeeded");
        assertThat(PodStatuses.phase("OnFailure", List.of(), List.of(obs(ContainerStatus.State.EXITED, 2, crashLoop)), true))
                .isEqualTo("Running");
        assertThat(PodStatuses.phase("Never", List.of(), List.of(obs(ContainerStatus.State.EXITED, 2, null),
                obs(ContainerStatus.State.EXITED, 0, null)), true)).isEqualTo("Failed");
        assertThat(PodStatuses.phase("Never", List.of(obs(ContainerStatus.State.EXITED, 1, null)),
                List.of(obs(null, 0, null)), false)).isEqualTo("Failed");
        assertThat(PodStatuses.phase("Always", List.of(obs(ContainerStatus.State.RUNNING, 0, null)),
                List.of(obs(null, 0, null)), false)).isEqualTo("Pending");
        assertThat(PodStatuses.phase("Always", List.of(), List.of(obs(ContainerStatus.State.RUNNING, 0, null),
                obs(null, 0, new PodStatuses.Waiting("ErrImageNeverPull", ""))), true)).isEqualTo("Pending");
    }
}
