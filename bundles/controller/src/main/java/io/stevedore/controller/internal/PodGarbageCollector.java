package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.registry.DeleteOptions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Pod GC ({@code pkg/controller/podgc}), every {@code period}: finished pods beyond the
 * terminated-pod threshold go oldest first; pods bound to a node that no longer exists (checked
 * fresh from the API) are deleted at once, since no kubelet will ever finish them.
 */
public final class PodGarbageCollector extends Controller {

    static final String COMPONENT = "pod-garbage-collector";
    private static final String KEY = "pods";

    private final KubeClient client;
    private final Lister<Pod> pods;
    private final Lister<Node> nodes;
    private final int terminatedThreshold;
    private final Duration period;

    PodGarbageCollector(KubeClient client, InformerFactory informers, int terminatedThreshold, Duration period) {
        super(client, COMPONENT);
        this.client = client;
        this.pods = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO).lister();
        this.nodes = informers.sharedIndexInformerFor(Node.class, Duration.ZERO).lister();
        this.terminatedThreshold = terminatedThreshold;
        this.period = period;
    }

    @Override
    void start(int workers) {
        super.start(1);
        loop.queue().addAfter(KEY, period);
    }

    @Override
    public Result reconcile(String key) {
        List<Pod> all = pods.list();
        List<Pod> terminated = new ArrayList<>();
        for (Pod p : all) {
            String phase = Pods.phase(p);
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                terminated.add(p);
            }
        }
        if (terminatedThreshold > 0 && terminated.size() > terminatedThreshold) {
            terminated.sort(Comparator.comparing(p -> Times.parse(p.getMetadata().getCreationTimestamp())
                    .orElse(Instant.MIN)));
            for (Pod p : terminated.subList(0, terminated.size() - terminatedThreshold)) {
                delete(p, null);
            }
        }
        for (Pod p : all) {
            String node = Pods.nodeName(p);
            if (!node.isEmpty() && nodes.get(null, node).isEmpty()
                    && client.resources(Node.class).get(node).isEmpty()) {
                delete(p, 0L);
            }
        }
        return Result.requeueAfter(period);
    }

    private void delete(Pod p, Long grace) {
        try {
            client.resources(Pod.class).inNamespace(p.getMetadata().getNamespace()).delete(p.getMetadata().getName(),
                    new DeleteOptions(grace, null, p.getMetadata().getUid(), null, false));
        } catch (ApiException e) {
            if (e.code() != 404 && e.code() != 409) {
                throw e;
            }
        }
    }
}
