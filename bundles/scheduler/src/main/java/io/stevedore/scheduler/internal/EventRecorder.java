package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.api.client.KubeClient;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes the scheduler's events about pods (core/v1 Events, which {@code kubectl describe} and
 * {@code kubectl get events} show): source {@code default-scheduler}, the pod as involved object.
 * Recording never fails a scheduling decision: an event that cannot be written is logged.
 */
public final class EventRecorder {

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubeClient client;
    private final String component;
    private final String instance;
    private final Clock clock;

    public EventRecorder(KubeClient client, String component, String instance, Clock clock) {
        this.client = client;
        this.component = component;
        this.instance = instance;
        this.clock = clock;
    }

    /** Records one event about a pod; {@code action} is what the scheduler was doing ("Binding", "Scheduling"). */
    public void record(Pod pod, String type, String reason, String action, String message) {
        Instant now = clock.instant();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        String micro = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MICROS));
        String ns = pod.getMetadata().getNamespace();
        Event e = new EventBuilder()
                .withNewMetadata()
                .withNamespace(ns)
                .withName(pod.getMetadata().getName() + "." + Long.toHexString(now.toEpochMilli() * 1000
                        + ThreadLocalRandom.current().nextInt(1000)).toLowerCase(Locale.ROOT))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion("v1").withKind("Pod").withNamespace(ns).withName(pod.getMetadata().getName())
                .withUid(pod.getMetadata().getUid()).withResourceVersion(pod.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type).withReason(reason).withAction(action).withMessage(message)
                .withReportingComponent(component).withReportingInstance(instance)
                .withNewSource().withComponent(component).endSource()
                .withFirstTimestamp(time).withLastTimestamp(time).withEventTime(new io.fabric8.kubernetes.api.model.MicroTime(micro))
                .withCount(1)
                .build();
        try {
            client.resources(Event.class).inNamespace(ns).create(e);
        } catch (RuntimeException ex) {
            LOG.debug("could not record event {} for pod {}/{}: {}", reason, ns, pod.getMetadata().getName(),
                    ex.getMessage());
        }
    }
}
