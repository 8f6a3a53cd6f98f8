package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.SharedIndexInformer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One informer per kind (all namespaces), created on first request. */
final class DefaultInformerFactory implements InformerFactory {

    private final KubeClient client;
    private final Map<Class<?>, SharedIndexInformer<?>> informers = new LinkedHashMap<>();
    private boolean closed;

    DefaultInformerFactory(KubeClient client) {
        this.client = client;
    }

    @Override
    @SuppressWarnings("unchecked")
    public synchronized <T extends HasMetadata> SharedIndexInformer<T> sharedIndexInformerFor(Class<T> type,
                                                                                              Duration resyncPeriod) {
        if (closed) {
            throw new IllegalStateException("informer factory is stopped");
        }
        return (SharedIndexInformer<T>) informers.computeIfAbsent(type,
                t -> client.resources(type).inAnyNamespace().informer(resyncPeriod));
    }

    @Override
    public synchronized void startAllRegisteredInformers() {
        for (SharedIndexInformer<?> informer : informers.values()) {
            informer.start();
        }
    }

    @Override
    public boolean waitForCacheSync(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        for (SharedIndexInformer<?> informer : current()) {
            long left = deadline - System.nanoTime();
            if (!informer.waitForCacheSync(Duration.ofNanos(Math.max(left, 0)))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void stopAllRegisteredInformers() {
        List<SharedIndexInformer<?>> all;
        synchronized (this) {
            closed = true;
            all = new ArrayList<>(informers.values());
        }
        for (SharedIndexInformer<?> informer : all) {
            informer.stop();
        }
    }

    private synchronized List<SharedIndexInformer<?>> current() {
        return new ArrayList<>(informers.values());
    }
}
