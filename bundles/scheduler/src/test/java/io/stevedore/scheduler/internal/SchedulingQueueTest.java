package io.stevedore.scheduler.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SchedulingQueueTest {

    private final SchedulingQueue queue = new SchedulingQueue(Clock.systemUTC(), Duration.ofSeconds(1),
            Duration.ofSeconds(10), Duration.ofMinutes(5));

    private static Pod pod(String name, int priority, boolean gated) {
        PodBuilder b = new PodBuilder().withNewMetadata().withNamespace("default").withName(name).endMetadata()
                .withNewSpec().withPriority(priority).endSpec();
        if (gated) {
            b.editSpec().addNewSchedulingGate().withName("example.com/wait").endSchedulingGate().endSpec();
        }
        return b.build();
    }

    private String pop() throws InterruptedException {
        SchedulingQueue.Entry e = queue.pop(Duration.ofMillis(50));
        return e == null ? null : e.key();
    }

    @Test
    void higherPriorityFirstThenArrivalOrder() throws Exception {
        queue.add("default/a", pod("a", 0, false));
        queue.add("default/b", pod("b", 10, false));
        queue.add("default/c", pod("c", 0, false));
        assertThat(pop()).isEqualTo("default/b");
        assertThat(pop()).isEqualTo("default/a");
        assertThat(pop()).isEqualTo("default/c");
        assertThat(pop()).isNull();
    }

    @Test
    void gatedPodsWaitUntilTheirGatesAreRemoved() throws Exception {
        queue.add("default/g", pod("g", 0, true));
        assertThat(pop()).isNull();
        assertThat(queue.sizes()).containsEntry("gated", 1);
        queue.update("default/g", pod("g", 0, false));
        assertThat(pop()).isEqualTo("default/g");
    }

    @Test
    void unschedulablePodsWaitForAChangeUnlessOneHappenedDuringTheirCycle() throws Exception {
        queue.add("default/a", pod("a", 0, false));
        SchedulingQueue.Entry a = queue.pop(Duration.ofMillis(50));
        queue.addUnschedulable(a);
        assertThat(queue.sizes()).containsEntry("unschedulable", 1);
        assertThat(pop()).isNull();
        queue.moveAllToActiveOrBackoff();
        assertThat(queue.sizes()).containsEntry("unschedulable", 0).containsEntry("backoff", 1);

        queue.add("default/b", pod("b", 0, false));
        SchedulingQueue.Entry b = queue.pop(Duration.ofMillis(50));
        assertThat(b.key()).isEqualTo("default/b");
        queue.moveAllToActiveOrBackoff(); // a node joined while b was being scheduled
        queue.addUnschedulable(b);
        assertThat(queue.sizes()).containsEntry("unschedulable", 0);
    }

    @Test
    void aStatusOnlyUpdateLeavesAnUnschedulablePodWaiting() throws Exception {
        queue.add("default/a", pod("a", 0, false));
        queue.addUnschedulable(queue.pop(Duration.ofMillis(50)));
        queue.update("default/a", pod("a", 0, false), false);
        assertThat(queue.sizes()).containsEntry("unschedulable", 1);
        queue.update("default/a", pod("a", 5, false), true);
        assertThat(queue.sizes()).containsEntry("unschedulable", 0);
    }

    @Test
    void backoffDoublesPerAttemptUpToTheMaximum() {
        assertThat(queue.backoffMillis(1)).isEqualTo(1000);
        assertThat(queue.backoffMillis(2)).isEqualTo(2000);
        assertThat(queue.backoffMillis(4)).isEqualTo(8000);
        assertThat(queue.backoffMillis(5)).isEqualTo(10000);
        assertThat(queue.backoffMillis(30)).isEqualTo(10000);
    }

    @Test
    void deletedPodsLeaveTheQueue() throws Exception {
        queue.add("default/a", pod("a", 0, false));
        queue.delete("default/a");
        assertThat(pop()).isNull();
    }
}
