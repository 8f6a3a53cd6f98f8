package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Service;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.WorkQueue;
import java.util.Map;
import java.util.Objects;

/** Pod events turned into the keys of the Services that select the pod, before or after the change. */
final class ServicesOfPods {

    private ServicesOfPods() {
    }

    static ResourceEventHandler<Pod> handler(Lister<Service> services, WorkQueue<String> queue) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(Pod pod) {
                enqueue(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), null);
            }

            @Override
            public void onUpdate(Pod oldPod, Pod newPod) {
                if (Objects.equals(oldPod.getMetadata().getResourceVersion(), newPod.getMetadata().getResourceVersion())) {
                    return;
                }
                enqueue(newPod.getMetadata().getNamespace(), newPod.getMetadata().getLabels(),
                        oldPod.getMetadata().getLabels());
            }

            @Override
            public void onDelete(Pod pod, boolean unknown) {
                enqueue(pod.getMetadata().getNamespace(), pod.getMetadata().getLabels(), null);
            }

            private void enqueue(String ns, Map<String, String> labels, Map<String, String> oldLabels) {
                for (Service svc : services.list(ns, null)) {
                    var sel = ServiceEndpoints.selector(svc);
                    if (sel.isPresent() && (sel.get().matches(labels)
                            || (oldLabels != null && sel.get().matches(oldLabels)))) {
                        queue.add(ObjectKeys.of(svc));
                    }
                }
            }
        };
    }
}
