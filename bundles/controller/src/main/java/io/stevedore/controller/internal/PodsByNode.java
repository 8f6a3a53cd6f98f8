package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.SharedIndexInformer;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** The shared pod informer with an index by {@code spec.nodeName}, for the node-side controllers. */
final class PodsByNode {

    static final String INDEX = "nodeName";

    private PodsByNode() {
    }

    static SharedIndexInformer<Pod> informer(InformerFactory informers) {
        SharedIndexInformer<Pod> informer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        try {
            informer.addIndexers(Map.of(INDEX, p -> {
                String node = Pods.nodeName(p);
                return node.isEmpty() ? List.of() : List.of(node);
            }));
        } catch (IllegalArgumentException alreadyThere) {
            // Another controller of this manager added it to the shared informer first.
        }
        return informer;
    }
}
