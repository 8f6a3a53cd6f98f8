package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import io.stevedore.api.ApiException;
import io.stevedore.api.Tolerations;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.DeleteOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Taint-based eviction ({@code pkg/controller/tainteviction}): a pod on a node with a NoExecute taint
 * it does not tolerate is deleted at once; one it tolerates for {@code tolerationSeconds} is deleted
 * that long after the taint was added; one it tolerates without a limit stays.
 */
public final class TaintEvictionController extends Controller {

    static final String COMPONENT = "taint-eviction-controller";

    private final KubeClient client;
    private final EventRecorder events;
    private final Clock clock;
    private final Lister<Node> nodes;
    private final Lister<Pod> pods;

    TaintEvictionController(KubeClient client, InformerFactory informers, EventRecorder events, Clock clock) {
        super(client, COMPONENT);
        this.client = client;
        this.events = events;
        this.clock = clock;
        SharedIndexInformer<Node> nodeInformer = informers.sharedIndexInformerFor(Node.class, Duration.ZERO);
        SharedIndexInformer<Pod> podInformer = PodsByNode.informer(informers);
        this.nodes = nodeInformer.lister();
        this.pods = podInformer.lister();
        nodeInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Node n) {
                nodeChanged(null, n);
            }

            @Override
            public void onUpdate(Node o, Node n) {
                nodeChanged(o, n);
            }
        });
        podInformer.addEventHandler(new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod p) {
                podChanged(p);
            }

            @Override
            public void onUpdate(Pod o, Pod p) {
                if (!Objects.equals(Pods.nodeName(o), Pods.nodeName(p))
                        || !Objects.equals(o.getSpec().getTolerations(), p.getSpec().getTolerations())) {
                    podChanged(p);
                }
            }
        });
    }

    private static List<Taint> noExecute(Node n) {
        if (n == null || n.getSpec() == null || n.getSpec().getTaints() == null) {
            return List.of();
        }
        return n.getSpec().getTaints().stream().filter(t -> "NoExecute".equals(t.getEffect())).toList();
    }

    private void nodeChanged(Node before, Node after) {
        List<Taint> now = noExecute(after);
        if (now.isEmpty() || now.equals(noExecute(before))) {
            return;
        }
        for (Pod p : pods.byIndex(PodsByNode.INDEX, after.getMetadata().getName())) {
            loop.queue().add(ObjectKeys.of(p));
        }
    }

    private void podChanged(Pod p) {
        if (!Pods.nodeName(p).isEmpty() && !noExecute(nodes.get(null, Pods.nodeName(p)).orElse(null)).isEmpty()) {
            loop.queue().add(ObjectKeys.of(p));
        }
    }

    @Override
    public Result reconcile(String key) {
        Optional<Pod> found = pods.get(ObjectKeys.namespace(key), ObjectKeys.name(key));
        if (found.isEmpty() || found.get().getMetadata().getDeletionTimestamp() != null) {
            return Result.DONE;
        }
        Pod pod = found.get();
        List<Taint> taints = noExecute(nodes.get(null, Pods.nodeName(pod)).orElse(null));
        if (taints.isEmpty()) {
            return Result.DONE;
        }
        Instant now = clock.instant();
        Optional<Instant> evictAt = evictionTime(pod.getSpec().getTolerations(), taints, now);
        if (evictAt.isEmpty()) {
            return Result.DONE;
        }
        if (evictAt.get().isAfter(now)) {
            return Result.requeueAfter(Duration.between(now, evictAt.get()).plusMillis(100));
        }
        events.record(pod, EventRecorder.NORMAL, "TaintManagerEviction", null,
                "Marking for deletion Pod " + key);
        try {
            client.resources(Pod.class).inNamespace(pod.getMetadata().getNamespace()).delete(
                    pod.getMetadata().getName(), new DeleteOptions(null, null, pod.getMetadata().getUid(), null, false));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
        return Result.DONE;
    }

    /**
     * When the pod must go: now for an untolerated taint, else the taint's time added (or now) plus
     * the shortest tolerationSeconds that tolerates it; empty when every taint is tolerated forever.
     */
    static Optional<Instant> evictionTime(List<Toleration> tolerations, List<Taint> taints, Instant now) {
        Instant at = null;
        for (Taint taint : taints) {
            List<Toleration> used = Tolerations.tolerating(tolerations, taint);
            if (used.isEmpty()) {
                return Optional.of(now);
            }
            Long seconds = null;
            boolean forever = false;
            for (Toleration t : used) {
                if (t.getTolerationSeconds() == null) {
                    forever = true;
                } else {
                    seconds = seconds == null ? t.getTolerationSeconds() : Math.min(seconds, t.getTolerationSeconds());
                }
            }
            if (forever && seconds == null) {
                continue;
            }
            Instant added = Times.parse(taint.getTimeAdded()).orElse(now);
            Instant due = added.plusSeconds(Math.max(0, seconds));
            at = at == null || due.isBefore(at) ? due : at;
        }
        return Optional.ofNullable(at);
    }
}
