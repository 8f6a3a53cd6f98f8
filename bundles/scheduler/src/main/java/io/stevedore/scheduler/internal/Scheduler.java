package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Binding;
import io.fabric8.kubernetes.api.model.BindingBuilder;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSpecBuilder;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.json.JsonMapper;

/**
 * The scheduler: informers feed the cache (bound pods, nodes) and the queue (pending pods of this
 * scheduler); one thread takes pods off the queue, runs the framework on the cache, assumes the pod onto
 * the chosen node and hands the binding to a small pool; a pod that fits nowhere may preempt, gets a
 * FailedScheduling event and its PodScheduled=False condition, and waits for a change in the cluster.
 */
public final class Scheduler implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Scheduler.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final KubeClient client;
    private final String schedulerName;
    private final Framework framework;
    private final Preemption preemption;
    private final SchedulerCache cache = new SchedulerCache();
    private final SchedulingQueue queue;
    private final EventRecorder events;
    /**
     * Bindings in flight at once. kube-scheduler binds each pod in its own goroutine; a binding is one store write
     * that waits for the WAL's group commit, so throughput is about BINDERS / commit latency.
     */
    static final int BINDERS = 32;
    static final int EVENT_WRITERS = 8;
    private final Clock clock;
    private final WriteOptions writeOptions;
    private final AtomicLong scheduled = new AtomicLong();
    private final AtomicLong failed = new AtomicLong();
    private InformerFactory informers;
    private ExecutorService binders;
    private Thread loop;
    private volatile boolean running;

    public Scheduler(KubeClient client, String schedulerName, Framework framework, Duration initialBackoff,
                     Duration maxBackoff, Clock clock) {
        this.client = client;
        this.schedulerName = schedulerName;
        this.framework = framework;
        this.preemption = new Preemption(framework);
        this.clock = clock;
        this.queue = new SchedulingQueue(clock, initialBackoff, maxBackoff, Duration.ofMinutes(5));
        // events are written in the background, as kube-scheduler's broadcaster does: a binding never waits on one
        this.events = EventRecorder.background(client, schedulerName, schedulerName, clock, EVENT_WRITERS, 10_000);
        this.writeOptions = WriteOptions.manager("kube-scheduler");
    }

    public SchedulingQueue queue() {
        return queue;
    }

    public long scheduledCount() {
        return scheduled.get();
    }

    public long failedCount() {
        return failed.get();
    }

    private static boolean assigned(Pod p) {
        return p.getSpec() != null && p.getSpec().getNodeName() != null && !p.getSpec().getNodeName().isEmpty();
    }

    private static boolean terminal(Pod p) {
        String phase = p.getStatus() == null ? null : p.getStatus().getPhase();
        return "Succeeded".equals(phase) || "Failed".equals(phase);
    }

    private boolean responsible(Pod p) {
        String name = p.getSpec() == null ? null : p.getSpec().getSchedulerName();
        return schedulerName.equals(name == null || name.isEmpty() ? "default-scheduler" : name);
    }

    /**
     * Starts the informers and the scheduling loop without waiting: the loop schedules nothing until the
     * caches are synced (or {@code syncTimeout} passed), so no pod is judged against a partial cluster.
     */
    public void start(Duration syncTimeout) {
        running = true;
        informers = client.newInformerFactory();
        SharedIndexInformer<Pod> podInformer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        SharedIndexInformer<Node> nodeInformer = informers.sharedIndexInformerFor(Node.class, Duration.ZERO);
        SharedIndexInformer<Namespace> nsInformer = informers.sharedIndexInformerFor(Namespace.class, Duration.ZERO);
        Lister<Namespace> namespaces = nsInformer.lister();
        cache.setNamespaceLabels(ns -> namespaces.get(null, ns).map(n -> n.getMetadata().getLabels())
                .filter(Objects::nonNull).orElse(Map.of()));
        SharedIndexInformer<PersistentVolumeClaim> claimInformer = informers.sharedIndexInformerFor(
                PersistentVolumeClaim.class, Duration.ZERO);
        SharedIndexInformer<PersistentVolume> volumeInformer = informers.sharedIndexInformerFor(PersistentVolume.class,
                Duration.ZERO);
        Lister<PersistentVolumeClaim> claims = claimInformer.lister();
        Lister<PersistentVolume> volumes = volumeInformer.lister();
        cache.setVolumes(claims::get, name -> volumes.get(null, name));
        // a pod waiting for its claim (or the claim's volume) is retried when claims or volumes change
        claimInformer.addEventHandler(retryWaitingPods());
        volumeInformer.addEventHandler(retryWaitingPods());
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                onPod(null, p);
            }

            @Override
            public void onUpdate(Pod old, Pod p) {
                onPod(old, p);
            }

            @Override
            public void onDelete(Pod p, boolean deletedFinalStateUnknown) {
                String k = SchedulingQueue.key(p);
                queue.delete(k);
                cache.nominate(k, p, null);
                if (assigned(p)) {
                    cache.removePod(k);
                    queue.moveAllToActiveOrBackoff();
                }
            }
        });
        nodeInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                cache.addOrUpdateNode(n);
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(Node old, Node n) {
                cache.addOrUpdateNode(n);
                if (schedulingRelevantChange(old, n)) {
                    queue.moveAllToActiveOrBackoff();
                }
            }

            @Override
            public void onDelete(Node n, boolean deletedFinalStateUnknown) {
                cache.removeNode(n.getMetadata().getName());
            }
        });
        informers.startAllRegisteredInformers();
        binders = Executors.newFixedThreadPool(BINDERS, r -> {
            Thread t = new Thread(r, "scheduler-binder");
            t.setDaemon(true);
            return t;
        });
        loop = new Thread(() -> run(syncTimeout), "scheduler-" + schedulerName);
        loop.setDaemon(true);
        loop.start();
    }

    /** A handler that sends every waiting pod back to be tried again on any change of the watched kind. */
    private <T> ResourceEventHandler<T> retryWaitingPods() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T o) {
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onUpdate(T old, T o) {
                queue.moveAllToActiveOrBackoff();
            }

            @Override
            public void onDelete(T o, boolean deletedFinalStateUnknown) {
                queue.moveAllToActiveOrBackoff();
            }
        };
    }

    private void onPod(Pod old, Pod p) {
        String k = SchedulingQueue.key(p);
        boolean pending = !assigned(p) && responsible(p) && !terminal(p) && p.getMetadata().getDeletionTimestamp() == null;
        String nominatedNode = pending && p.getStatus() != null ? p.getStatus().getNominatedNodeName() : null;
        if (nominatedNode != null && !nominatedNode.isEmpty()) {
            cache.nominate(k, p, nominatedNode);
        } else if (!pending) {
            cache.nominate(k, p, null);
        }
        // a pending pod whose status does not say it yet keeps the nomination the scheduler itself made
        if (assigned(p)) {
            queue.delete(k);
            if (terminal(p)) {
                cache.removePod(k);
                queue.moveAllToActiveOrBackoff();
            } else {
                cache.addOrUpdatePod(k, p);
            }
            return;
        }
        if (!responsible(p) || terminal(p) || p.getMetadata().getDeletionTimestamp() != null) {
            queue.delete(k);
            return;
        }
        queue.update(k, p, old == null || specOrLabelsChanged(old, p));
    }

    /** Whether a pending pod changed in a way that may change where it fits (not its status, as isPodUpdated). */
    static boolean specOrLabelsChanged(Pod old, Pod p) {
        return !Objects.equals(old.getSpec(), p.getSpec())
                || !Objects.equals(old.getMetadata().getLabels(), p.getMetadata().getLabels())
                || !Objects.equals(old.getMetadata().getAnnotations(), p.getMetadata().getAnnotations());
    }

    static boolean schedulingRelevantChange(Node old, Node n) {
        return !Objects.equals(old.getMetadata().getLabels(), n.getMetadata().getLabels())
                || !Objects.equals(old.getSpec(), n.getSpec())
                || !Objects.equals(old.getStatus() == null ? null : old.getStatus().getAllocatable(),
                        n.getStatus() == null ? null : n.getStatus().getAllocatable());
    }

    private void run(Duration syncTimeout) {
        try {
            if (!informers.waitForCacheSync(syncTimeout)) {
                LOG.warn("scheduler {}: caches not synced after {}; scheduling anyway", schedulerName, syncTimeout);
            }
        } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            return;
        }
        while (running) {
            try {
                SchedulingQueue.Entry e = queue.pop(Duration.ofSeconds(1));
                if (e != null) {
                    scheduleOne(e);
                }
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException ex) {
                LOG.warn("scheduling cycle failed", ex);
            }
        }
    }

    /** One scheduling cycle for a popped pod. */
    void scheduleOne(SchedulingQueue.Entry e) {
        Pod pod = e.pod();
        String k = e.key();
        CycleState state = new CycleState();
        Object outcome = cache.read(snapshot -> {
            try {
                return framework.schedule(state, pod, snapshot);
            } catch (FitError fit) {
                return fit;
            }
        });
        if (outcome instanceof Framework.Result result) {
            String node = result.node().name();
            // the cache keeps informer objects unchanged: the assumed pod shares the pod's parts, with its own spec
            Pod assumed = new Pod(pod.getApiVersion(), pod.getKind(), pod.getMetadata(),
                    new PodSpecBuilder(pod.getSpec()).withNodeName(node).build(),
                    pod.getStatus());
            cache.assume(k, assumed, node);
            binders.execute(() -> bind(e, pod, node));
            return;
        }
        FitError fit = (FitError) outcome;
        if (fit.numAllNodes() > 0) {
            Preemption.Outcome p = cache.read(snapshot -> preemption.find(state, pod, fit, snapshot));
            if (p.found()) {
                preempt(pod, p);
            } else {
                fit.setPostFilterMessage(p.message());
            }
        }
        failed.incrementAndGet();
        String message = fit.getMessage();
        events.record(pod, "Warning", "FailedScheduling", "Scheduling", message);
        markUnschedulable(pod, message);
        queue.addUnschedulable(e);
    }

    private void bind(SchedulingQueue.Entry e, Pod pod, String node) {
        String k = e.key();
        Binding binding = new BindingBuilder().withNewMetadata().withName(pod.getMetadata().getName())
                .withNamespace(pod.getMetadata().getNamespace()).withUid(pod.getMetadata().getUid()).endMetadata()
                .withNewTarget().withApiVersion("v1").withKind("Node").withName(node).endTarget().build();
        try {
            client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).withWriteOptions(writeOptions)
                    .createSubresource(pod.getMetadata().getName(), "binding", binding,
                            io.fabric8.kubernetes.api.model.Status.class);
        } catch (ApiException ex) {
            cache.forget(k);
            if (ex.code() == 404 || ex.code() == 409) {
                // gone, or bound meanwhile: the informer tells the queue what became of it
                queue.done(k);
                LOG.debug("binding {} to {} refused: {}", k, node, ex.getMessage());
            } else {
                LOG.warn("binding {} to {} failed: {}", k, node, ex.getMessage());
                queue.requeue(e);
            }
            return;
        } catch (RuntimeException ex) {
            cache.forget(k);
            LOG.warn("binding {} to {} failed", k, node, ex);
            queue.requeue(e);
            return;
        }
        queue.done(k);
        scheduled.incrementAndGet();
        events.record(pod, "Normal", "Scheduled", "Binding", "Successfully assigned "
                + pod.getMetadata().getNamespace() + "/" + pod.getMetadata().getName() + " to " + node);
    }

    /** Evicts the victims (each marked DisruptionTarget first) and nominates the node for the pod. */
    private void preempt(Pod pod, Preemption.Outcome p) {
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        for (Pod victim : p.victims()) {
            var victims = client.resources(Pod.class).inNamespace(victim.getMetadata().getNamespace())
                    .withWriteOptions(writeOptions);
            try {
                victims.patchStatus(victim.getMetadata().getName(), PatchType.STRATEGIC_MERGE, conditionPatch(
                        "DisruptionTarget", "True", "PreemptionByScheduler",
                        schedulerName + ": preempting to accommodate a higher priority pod", now));
                victims.delete(victim.getMetadata().getName(), DeleteOptions.DEFAULT);
                events.record(victim, "Normal", "Preempted", "Preempting", "Preempted by pod "
                        + pod.getMetadata().getUid() + " on node " + p.nodeName());
            } catch (ApiException ex) {
                LOG.debug("could not preempt {}: {}", SchedulingQueue.key(victim), ex.getMessage());
            }
        }
        cache.nominate(SchedulingQueue.key(pod), pod, p.nodeName()); // counted there at once, before the status says so
        try {
            client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).withWriteOptions(writeOptions)
                    .patchStatus(pod.getMetadata().getName(), PatchType.MERGE,
                            JSON.writeValueAsString(Map.of("status", Map.of("nominatedNodeName", p.nodeName()))));
        } catch (ApiException ex) {
            LOG.debug("could not nominate {} for {}: {}", p.nodeName(), SchedulingQueue.key(pod), ex.getMessage());
        }
    }

    /** PodScheduled=False, reason Unschedulable, with the fit error as message (written only when it changed). */
    private void markUnschedulable(Pod pod, String message) {
        if (pod.getStatus() != null && pod.getStatus().getConditions() != null) {
            for (var c : pod.getStatus().getConditions()) {
                if ("PodScheduled".equals(c.getType()) && "False".equals(c.getStatus())
                        && message.equals(c.getMessage())) {
                    return;
                }
            }
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(clock.instant().truncatedTo(ChronoUnit.SECONDS));
        try {
            client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).withWriteOptions(writeOptions)
                    .patchStatus(pod.getMetadata().getName(), PatchType.STRATEGIC_MERGE,
                            conditionPatch("PodScheduled", "False", "Unschedulable", message, now));
        } catch (ApiException ex) {
            LOG.debug("could not mark {} unschedulable: {}", SchedulingQueue.key(pod), ex.getMessage());
        }
    }

    /** A strategic-merge patch of one pod condition (conditions merge by type). */
    private static String conditionPatch(String type, String status, String reason, String message, String now) {
        Map<String, Object> condition = new LinkedHashMap<>();
        condition.put("type", type);
        condition.put("status", status);
        condition.put("reason", reason);
        condition.put("message", message);
        condition.put("lastProbeTime", null);
        condition.put("lastTransitionTime", now);
        return JSON.writeValueAsString(Map.of("status", Map.of("conditions", List.of(condition))));
    }

    @Override
    public void close() {
        running = false;
        queue.close();
        if (loop != null) {
            loop.interrupt();
            try {
                loop.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        if (binders != null) {
            binders.shutdown();
            try {
                binders.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException ie) {
                Thread.currentThread().interrupt();
            }
        }
        events.close();
        if (informers != null) {
            informers.stopAllRegisteredInformers();
        }
    }
}
