package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.LeaderElection;
import io.stevedore.api.client.LeaderElector;
import io.stevedore.api.client.KubeTypes;
import io.stevedore.api.client.RateLimiter;
import io.stevedore.api.client.RateLimitingQueue;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.registry.Registry;
import java.util.Objects;

/**
 * The in-JVM client: typed calls straight into the {@link Registry}, objects converted with one
 * Jackson 3 mapper.
 */
public final class RegistryKubeClient implements KubeClient {

    private final Registry registry;
    private final ObjectConverter converter = new ObjectConverter();

    public RegistryKubeClient(Registry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
    }

    @Override
    public <T extends HasMetadata> ResourceClient<T> resources(Class<T> type) {
        return new RegistryResourceClient<>(registry, converter, type, KubeTypes.of(type));
    }

    @Override
    public InformerFactory newInformerFactory() {
        return new DefaultInformerFactory(this);
    }

    @Override
    public <K> RateLimitingQueue<K> newRateLimitingQueue(String name) {
        return new DefaultRateLimitingQueue<>(name, MaxOfRateLimiter.defaultController());
    }

    @Override
    public <K> RateLimitingQueue<K> newRateLimitingQueue(String name, RateLimiter<K> rateLimiter) {
        return new DefaultRateLimitingQueue<>(name, rateLimiter);
    }

    @Override
    public LeaderElector newLeaderElector(LeaderElection election) {
        return LeaseLeaderElector.start(resources(Lease.class), election);
    }

    @Override
    public <T extends HasMetadata> T deepCopy(T object) {
        return converter.deepCopy(object);
    }
}
