package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.HasMetadata;

/**
 * The entry point of the internal client, registered as an OSGi service. In-JVM it calls the
 * registry directly, so every write gets the same defaulting, validation and admission as an HTTP
 * request.
 *
 * <pre>{@code
 * ResourceClient<Pod> pods = client.resources(Pod.class).inNamespace("default");
 * InformerFactory informers = client.newInformerFactory();
 * SharedIndexInformer<Pod> podInformer = informers.sharedIndexInformerFor(Pod.class, Duration.ZERO);
 * RateLimitingQueue<String> queue = client.newRateLimitingQueue("pods");
 * }</pre>
 */
public interface KubeClient {

    /**
     * A client for one kind, scoped to all namespaces; narrow it with
     * {@link ResourceClient#inNamespace(String)}.
     *
     * @throws IllegalArgumentException when the class is not a kind Stevedore serves
     */
    <T extends HasMetadata> ResourceClient<T> resources(Class<T> type);

    /**
     * A new factory that shares one informer per kind among everything that asks it. The caller
     * owns it: start it once its handlers are added and stop it when the component stops.
     */
    InformerFactory newInformerFactory();

    /** A work queue with client-go's default controller rate limiter (5 ms .. 1000 s per item, 10 qps / 100 burst overall). */
    <K> RateLimitingQueue<K> newRateLimitingQueue(String name);

    /** A work queue with the given rate limiter. */
    <K> RateLimitingQueue<K> newRateLimitingQueue(String name, RateLimiter<K> rateLimiter);

    /**
     * Starts a candidacy for leadership on a Lease (created when missing). The caller owns the elector and
     * closes it when the component stops.
     */
    LeaderElector newLeaderElector(LeaderElection election);

    /**
     * A deep copy of an object (cached objects are shared and must never be modified in place).
     */
    <T extends HasMetadata> T deepCopy(T object);
}
