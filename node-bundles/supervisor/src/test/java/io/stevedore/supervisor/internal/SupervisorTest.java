package io.stevedore.supervisor.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.KubeletHealth;
import io.stevedore.api.runtime.RuntimeProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The supervisor's decisions: conditions from the runtime's and the kubelet's health, restarts of a stalled kubelet. */
class SupervisorTest {

    private Instant now = Instant.parse("2026-12-03T10:00:00Z");
    private final Clock clock = new Clock() {
        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    };
    private volatile Instant relisted = now;
    private volatile Optional<String> runtimeDown = Optional.empty();
    private final AtomicInteger restarts = new AtomicInteger();
    private final List<String> written = new ArrayList<>();

    private final KubeletHealth kubelet = new KubeletHealth() {
        @Override
        public String nodeName() {
            return "n1";
        }

        @Override
        public String runtimeName() {
            return "docker";
        }

        @Override
        public Instant lastRelist() {
            return relisted;
        }

        @Override
        public void restart() {
            restarts.incrementAndGet();
            relisted = now;
        }
    };

    private final RuntimeProvider docker = new RuntimeProvider() {
        @Override
        public String name() {
            return "docker";
        }

        @Override
        public int rank() {
            return 100;
        }

        @Override
        public Optional<String> unavailable() {
            return runtimeDown;
        }

        @Override
        public ContainerRuntime open(Context context) {
            throw new UnsupportedOperationException();
        }
    };

    private final Supervisor supervisor = new Supervisor(() -> List.of(kubelet),
            name -> name.equals("docker") ? Optional.of(docker) : Optional.empty(),
            (node, type, status, reason, message) -> written.add(node + " " + type + "=" + status + " " + reason),
            clock, new Supervisor.Settings(Duration.ofSeconds(60), Duration.ofMinutes(5)));

    @Test
    void aHealthyNodeGetsBothConditionsFalseOnceNotOnEveryCheck() {
        supervisor.check();
        now = now.plusSeconds(10);
        relisted = now;
        supervisor.check();
        assertThat(written).containsExactly("n1 ContainerRuntimeUnhealthy=false ContainerRuntimeIsHealthy",
                "n1 KubeletUnhealthy=false KubeletIsHealthy");
        assertThat(restarts).hasValue(0);
    }

    @Test
    void aStalledKubeletWithAnAnsweringRuntimeIsRestartedAtMostOncePerBackOff() {
        supervisor.check();
        now = now.plusSeconds(61);
        supervisor.check();
        assertThat(restarts).hasValue(1);
        assertThat(written).contains("n1 KubeletUnhealthy=true KubeletUnhealthy");
        relisted = now.minusSeconds(1);
        now = now.plusSeconds(120);
        supervisor.check();
        assertThat(restarts).as("within the back-off").hasValue(1);
        now = now.plusSeconds(200);
        supervisor.check();
        assertThat(restarts).hasValue(2);
    }

    @Test
    void aRuntimeThatDoesNotAnswerIsReportedAndTheKubeletIsNotRestartedForIt() {
        runtimeDown = Optional.of("no Docker engine answers");
        now = now.plusSeconds(300);
        supervisor.check();
        assertThat(written).containsExactly("n1 ContainerRuntimeUnhealthy=true ContainerRuntimeUnhealthy");
        assertThat(restarts).hasValue(0);
        runtimeDown = Optional.empty();
        relisted = now;
        supervisor.check();
        assertThat(written).contains("n1 ContainerRuntimeUnhealthy=false ContainerRuntimeIsHealthy",
                "n1 KubeletUnhealthy=false KubeletIsHealthy");
    }
}
