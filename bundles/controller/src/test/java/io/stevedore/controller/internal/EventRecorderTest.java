package io.stevedore.controller.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.Event;
import io.stevedore.api.client.EventRecorder;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Events as kubectl shows them: a repeat is one event with a count. */
class EventRecorderTest {

    private final Fixture f = new Fixture();

    @AfterEach
    void close() {
        f.close();
    }

    @Test
    void theSameEventAgainRaisesTheCountOfTheFirst() {
        ConfigMap cm = f.res(ConfigMap.class).create(new ConfigMapBuilder().withNewMetadata().withName("c")
                .endMetadata().build());
        EventRecorder events = new EventRecorder(f.seed, "test-controller", "here", Clock.systemUTC());
        events.record(cm, EventRecorder.WARNING, "Failed", null, "it broke");
        events.record(cm, EventRecorder.WARNING, "Failed", null, "it broke");
        events.record(cm, EventRecorder.WARNING, "Failed", null, "it broke");
        events.record(cm, EventRecorder.NORMAL, "Fixed", null, "it works");
        List<Event> all = f.res(Event.class).list().items();
        assertThat(all).hasSize(2);
        Event failed = all.stream().filter(e -> e.getReason().equals("Failed")).findFirst().orElseThrow();
        assertThat(failed.getCount()).isEqualTo(3);
        assertThat(failed.getInvolvedObject().getUid()).isEqualTo(cm.getMetadata().getUid());
        assertThat(failed.getSource().getComponent()).isEqualTo("test-controller");
        assertThat(all.stream().filter(e -> e.getReason().equals("Fixed")).findFirst().orElseThrow().getCount())
                .isEqualTo(1);
    }

    @Test
    void manyDifferentMessagesForOneReasonAreCombinedAsClientGoDoes() {
        ConfigMap cm = f.res(ConfigMap.class).create(new ConfigMapBuilder().withNewMetadata().withName("d")
                .endMetadata().build());
        EventRecorder events = new EventRecorder(f.seed, "test-controller", "here", Clock.systemUTC());
        for (int i = 0; i < 15; i++) {
            events.record(cm, EventRecorder.WARNING, "FailedScheduling", null, "attempt " + i + " failed: \"quoted\"");
        }
        List<Event> all = f.res(Event.class).list().items().stream()
                .filter(e -> "d".equals(e.getInvolvedObject().getName())).toList();
        // nine on their own, then one combined event counting the rest, with the latest message
        assertThat(all).hasSize(10);
        Event combined = all.stream().filter(e -> e.getMessage().startsWith("(combined from similar events): "))
                .findFirst().orElseThrow();
        assertThat(combined.getCount()).isEqualTo(6);
        assertThat(combined.getMessage()).isEqualTo("(combined from similar events): attempt 14 failed: \"quoted\"");
    }
}
