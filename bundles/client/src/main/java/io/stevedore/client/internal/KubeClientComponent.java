package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.LeaderElection;
import io.stevedore.api.client.LeaderElector;
import io.stevedore.api.client.RateLimiter;
import io.stevedore.api.client.RateLimitingQueue;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.registry.Registry;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Registers the in-JVM {@link KubeClient} once the {@link Registry} service is there. */
@Component(service = KubeClient.class)
public final class KubeClientComponent implements KubeClient {

    private final KubeClient delegate;

    @Activate
    public KubeClientComponent(@Reference Registry registry) {
        this.delegate = new RegistryKubeClient(registry);
    }

    @Override
    public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
        return delegate.resources(type);
    }

    @Override
    public InformerFactory newInformerFactory() {
        return delegate.newInformerFactory();
    }

    @Override
    public <K> RateLimitingQueue<K> newRateLimitingQueue(String name) {
        return delegate.newRateLimitingQueue(name);
    }

    @Override
    public <K> RateLimitingQueue<K> newRateLimitingQueue(String name, RateLimiter<K> rateLimiter) {
        return delegate.newRateLimitingQueue(name, rateLimiter);
    }

    @Override
    public LeaderElector newLeaderElector(LeaderElection election) {
        return delegate.newLeaderElector(election);
    }

    @Override
    public <T extends HasMetadata> T deepCopy(T object) {
        return delegate.deepCopy(object);
    }
}
