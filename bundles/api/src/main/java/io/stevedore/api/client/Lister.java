package io.stevedore.api.client;

import java.util.List;
import java.util.Optional;

/**
 * Read access to an informer's cache. Returned objects are shared: never modify them
 * (use {@link KubeClient#deepCopy}).
 *
 * @param <T> the kind
 */
public interface Lister<T> {

    /** One object; {@code namespace} is null (or ignored) for cluster-scoped kinds. */
    Optional<T> get(String namespace, String name);

    /**
     * The objects of a namespace (null: all namespaces) that match a label selector in Kubernetes
     * syntax ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h}; null or empty: everything).
     *
     * @throws IllegalArgumentException for a malformed selector
     */
    List<T> list(String namespace, String labelSelector);

    /** Every cached object. */
    default List<T> list() {
        return list(null, null);
    }

    /** The objects whose index {@code indexName} yields {@code indexedValue}. */
    List<T> byIndex(String indexName, String indexedValue);
}
