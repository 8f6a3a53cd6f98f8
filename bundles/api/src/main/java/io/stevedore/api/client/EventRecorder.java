package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.Event;
import io.fabric8.kubernetes.api.model.EventBuilder;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.registry.PatchType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Writes a component's events (core/v1 Events, which {@code kubectl describe} and {@code kubectl get
 * events} show) about the objects it acts on: the object as involved object, the component as
 * source and reporting controller. The same event again within ten minutes raises the count and
 * lastTimestamp of the first, as client-go's correlator does. Recording never fails the decision it
 * reports: an event that cannot be written is logged.
 */
public final class EventRecorder {

    public static final String NORMAL = "Normal";
    public static final String WARNING = "Warning";

    private static final Logger LOG = LoggerFactory.getLogger(EventRecorder.class);

    /** A repeat of an event within this long updates it (count, lastTimestamp) instead of adding another. */
    static final Duration AGGREGATION_WINDOW = Duration.ofMinutes(10);
    private static final int MAX_REMEMBERED = 4096;
    static final String COMBINED = "(combined from similar events): ";
    /** Distinct messages for one object, type and reason before they are combined (client-go's maxEvents). */
    static final int SIMILAR_MESSAGES = 10;

    private final KubeClient client;
    private final String component;
    private final String instance;
    private final Clock clock;
    /** Background writers (an object's events always on the same one), or null to write on the caller's thread. */
    private final ThreadPoolExecutor[] stripes;

    /** An event written, as the recorder remembers it to count repeats. */
    private record Seen(String namespace, String name, int count, Instant last) {
    }

    /** The distinct messages seen for an object, type and reason, and when the last came. */
    private static final class Similar {
        final Set<String> messages = new LinkedHashSet<>();
        Instant last;
    }

    private final Map<String, Seen> seen = lru();
    private final Map<String, Similar> similar = lru();

    private static <V> Map<String, V> lru() {
        return Collections.synchronizedMap(new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, V> eldest) {
                return size() > MAX_REMEMBERED;
            }
        });
    }

    /**
     * @param component the source and reporting component ({@code default-scheduler},
     *                  {@code replicaset-controller})
     * @param instance  the reporting instance (a host or member name)
     */
    public EventRecorder(KubeClient client, String component, String instance, Clock clock) {
        this(client, component, instance, clock, null);
    }

    private EventRecorder(KubeClient client, String component, String instance, Clock clock,
                          ThreadPoolExecutor[] stripes) {
        this.client = client;
        this.component = component;
        this.instance = instance;
        this.clock = clock;
        this.stripes = stripes;
    }

    /**
     * A recorder that writes in the background, as client-go's event broadcaster does: {@link #record} returns at
     * once, {@code writers} threads write (an object's events always on the same one, so a repeat never races its
     * first), and events beyond {@code queued} waiting ones are dropped (logged), so a burst of decisions never
     * waits on event writes. {@link #close} stops the writers.
     */
    public static EventRecorder background(KubeClient client, String component, String instance, Clock clock,
                                           int writers, int queued) {
        ThreadPoolExecutor[] stripes = new ThreadPoolExecutor[writers];
        for (int i = 0; i < writers; i++) {
            String threadName = "events-" + component + "-" + (i + 1);
            stripes[i] = new ThreadPoolExecutor(1, 1, 30, TimeUnit.SECONDS,
                    new ArrayBlockingQueue<>(Math.max(1, queued / writers)), r -> {
                        Thread t = new Thread(r, threadName);
                        t.setDaemon(true);
                        return t;
                    }, (r, executor) -> LOG.debug("event queue of {} full: an event is dropped", component));
            stripes[i].allowCoreThreadTimeOut(true);
        }
        return new EventRecorder(client, component, instance, clock, stripes);
    }

    /** Stops a background recorder's writers (events still queued are written first, for up to five seconds). */
    public void close() {
        if (stripes == null) {
            return;
        }
        for (ThreadPoolExecutor pool : stripes) {
            pool.shutdown();
        }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        for (ThreadPoolExecutor pool : stripes) {
            try {
                pool.awaitTermination(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /**
     * Records one event; {@code action} is what the component was doing ("Binding", "Scheduling"),
     * or null.
     */
    public void record(HasMetadata involved, String type, String reason, String action, String message) {
        Instant now = clock.instant();
        Runnable task = () -> {
            try {
                write(involved, type, reason, action, message, now);
            } catch (RuntimeException e) {
                LOG.debug("could not record event {}: {}", reason, e.toString());
            }
        };
        if (stripes == null) {
            task.run();
            return;
        }
        String uid = involved.getMetadata() == null ? null : involved.getMetadata().getUid();
        String name = involved.getMetadata() == null ? null : involved.getMetadata().getName();
        stripes[Math.floorMod(Objects.hash(involved.getKind(), uid, name), stripes.length)].execute(task);
    }

    /** Counts the message among its similar ones; true once there are ten distinct within the window. */
    private boolean similar(String key, String message, Instant now) {
        synchronized (similar) {
            Similar s = similar.computeIfAbsent(key, k -> new Similar());
            if (s.last != null && s.last.plus(AGGREGATION_WINDOW).isBefore(now)) {
                s.messages.clear();
            }
            s.last = now;
            s.messages.add(message);
            if (s.messages.size() < SIMILAR_MESSAGES) {
                return false;
            }
            Iterator<String> it = s.messages.iterator(); // never grow past the threshold
            it.next();
            it.remove();
            return true;
        }
    }

    private void write(HasMetadata involved, String type, String reason, String action, String message, Instant now) {
        String time = DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
        String ns = involved.getMetadata().getNamespace();
        String eventNamespace = ns == null || ns.isEmpty() ? "default" : ns;
        String name = involved.getMetadata().getName();
        String similarKey = String.join("\u0000", involved.getKind(), eventNamespace, name,
                String.valueOf(involved.getMetadata().getUid()), type, reason);
        boolean combined = similar(similarKey, message, now);
        if (combined) {
            // client-go's aggregator: past ten different messages for the same object and reason within ten
            // minutes, they are one event whose message is the latest
            message = COMBINED + message;
        }
        String key = combined ? similarKey : similarKey + "\u0000" + message;
        Seen before = seen.get(key);
        if (before != null && !before.last().plus(AGGREGATION_WINDOW).isBefore(now)) {
            // client-go's correlator: the same event again is one event with a higher count.
            int count = before.count() + 1;
            try {
                ObjectNode patch = JsonNodeFactory.instance.objectNode().put("count", count).put("lastTimestamp", time);
                if (combined) {
                    patch.put("message", message);
                }
                client.resources(Event.class).inNamespace(before.namespace()).patch(before.name(), PatchType.MERGE,
                        patch.toString());
                seen.put(key, new Seen(before.namespace(), before.name(), count, now));
                return;
            } catch (RuntimeException ex) {
                seen.remove(key);
            }
        }
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
                // core/v1's shape, as client-go's legacy recorder writes it: timestamps and a count, no eventTime (an
                // eventTime makes it an events.k8s.io-style event, which must carry an action)
                .withFirstTimestamp(time).withLastTimestamp(time)
                .withCount(1)
                .build();
        try {
            Event created = client.resources(Event.class).inNamespace(eventNamespace).create(e);
            seen.put(key, new Seen(eventNamespace, created.getMetadata().getName(), 1, now));
        } catch (RuntimeException ex) {
            LOG.debug("could not record event {} for {} {}/{}: {}", reason, involved.getKind(), ns, name,
                    ex.getMessage());
        }
    }
}
