package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.client.ResourceEventHandler;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Records an informer's notifications as strings like {@code add ns/name@rv}, with the calling thread. */
final class RecordingHandler<T extends HasMetadata> implements ResourceEventHandler<T> {

    final List<String> events = new CopyOnWriteArrayList<>();
    final List<String> threads = new CopyOnWriteArrayList<>();

    @Override
    public void onAdd(T obj) {
        record("add " + id(obj));
    }

    @Override
    public void onUpdate(T oldObj, T newObj) {
        record((oldObj == newObj ? "resync " : "update ") + id(newObj) + " from " + oldObj.getMetadata().getResourceVersion());
    }

    @Override
    public void onDelete(T obj, boolean deletedFinalStateUnknown) {
        record((deletedFinalStateUnknown ? "delete-unknown " : "delete ") + obj.getMetadata().getName());
    }

    private void record(String e) {
        threads.add(Thread.currentThread().getName());
        events.add(e);
    }

    private static String id(HasMetadata o) {
        return o.getMetadata().getName() + "@" + o.getMetadata().getResourceVersion();
    }

    List<String> withPrefix(String prefix) {
        return events.stream().filter(e -> e.startsWith(prefix)).toList();
    }
}
