package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.MicroTime;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes a component's events (core/v1 Events, which {@code kubectl describe} and {@code kubectl get
 * events} show) about the objects it acts on: the object as involved object, the component as
 * source and reporting controller. Recording never fails the decision it reports: an event that
 * cannot be written is logged.
 */
public final class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    private final KubeClient client;
    private final String component;
    private final String instance;
    private final Clock clock;

    /**
     * @param component the source and reporting component ({@code default-scheduler},
     *                  {@code replicaset-controller})
     * @param instance  the reporting instance (a host or member name)
     */
    public EventRecorder(KubeClient client, String component, String instance, Clock clock) {
        this.client = client;
        this.component = component;
        this.instance = instance;
        this.clock = clock;
    }

    /**
     * Records one event; {@code action} is what the component was doing ("Binding", "Scheduling"),
     * or null.
     */
    public void record(HasMetadata involved, String type, String reason, String action, String message) {
        Instant now = clock.instant();
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        String micro = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.MICROS));
        String ns = involved.getMetadata().getNamespace();
        String eventNamespace = ns == null || ns.isEmpty() ? "default" : ns;
        String name = involved.getMetadata().getName();
        Event e = new EventBuilder()
                .withNewMetadata()
                .withNamespace(eventNamespace)
                .withName(name + "." + Long.toHexString(now.toEpochMilli() * 1_000_000L
                        + ThreadLocalRandom.current().nextInt(1_000_000)).toLowerCase(Locale.ROOT))
                .endMetadata()
                .withNewInvolvedObject()
                .withApiVersion(involved.getApiVersion()).withKind(involved.getKind()).withNamespace(ns)
                .withName(name).withUid(involved.getMetadata().getUid())
                .withResourceVersion(involved.getMetadata().getResourceVersion())
                .endInvolvedObject()
                .withType(type).withReason(reason).withAction(action).withMessage(message)
                .withReportingComponent(component).withReportingInstance(instance)
                .withNewSource().withComponent(component).endSource()
                .withFirstTimestamp(time).withLastTimestamp(time).withEventTime(new MicroTime(micro))
                .withCount(1)
                .build();
        try {
            client.resources(Event.class).inNamespace(eventNamespace).create(e);
        } catch (RuntimeException ex) {
            LOG.debug("could not record event {} for {} {}/{}: {}", reason, involved.getKind(), ns, name,
                    ex.getMessage());
        }
    }
}
