package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.client.ControllerLoop;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Reconciler;
import io.stevedore.api.client.ResourceEventHandler;
import java.util.function.Consumer;

/** One reconcile loop: a named rate-limited queue of keys and the workers that reconcile them. */
abstract class Controller implements AutoCloseable, Reconciler {

    protected final ControllerLoop loop;

    Controller(KubeClient client, String name) {
        this.loop = new ControllerLoop(name, client.newRateLimitingQueue(name), this);
    }

    /** A handler that enqueues the object's name on add and update, and hands deletions to {@code deleted}. */
    protected <T extends HasMetadata> ResourceEventHandler<T> enqueueByName(Consumer<T> deleted) {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                loop.queue().add(obj.getMetadata().getName());
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                loop.queue().add(newObj.getMetadata().getName());
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                deleted.accept(obj);
            }
        };
    }

    /** A handler that enqueues the object's {@code namespace/name} on every event. */
    protected <T extends HasMetadata> ResourceEventHandler<T> enqueueByKey() {
        return new ResourceEventHandler<>() {
            @Override
            public void onAdd(T obj) {
                loop.queue().add(io.stevedore.api.client.ObjectKeys.of(obj));
            }

            @Override
            public void onUpdate(T oldObj, T newObj) {
                loop.queue().add(io.stevedore.api.client.ObjectKeys.of(newObj));
            }

            @Override
            public void onDelete(T obj, boolean unknown) {
                loop.queue().add(io.stevedore.api.client.ObjectKeys.of(obj));
            }
        };
    }

    void start(int workers) {
        loop.start(workers);
    }

    /**
     * A create refused because the namespace is being deleted (403, cause NamespaceTerminating):
     * nothing can be made there, and that is no failure of the controller's.
     */
    static boolean namespaceTerminating(RuntimeException e) {
        return e instanceof io.stevedore.api.ApiException api && api.code() == 403 && api.details() != null
                && api.details().causes().stream().anyMatch(c -> "NamespaceTerminating".equals(c.reason()));
    }

    @Override
    public void close() {
        loop.close();
    }
}
