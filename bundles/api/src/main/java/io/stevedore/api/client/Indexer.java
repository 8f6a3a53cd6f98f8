package io.stevedore.api.client;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A thread-safe cache of objects by key ({@code namespace/name}, or {@code name} for
 * cluster-scoped kinds; see {@link ObjectKeys}) with secondary indexes. It always holds the
 * {@link #NAMESPACE_INDEX}.
 *
 * @param <T> the kind
 */
public interface Indexer<T> extends Lister<T> {

    /** The built-in index of objects by namespace. */
    String NAMESPACE_INDEX = "namespace";

    /**
     * Adds indexes; each function maps an object to the values it is indexed under (an empty list
     * for none). Existing objects are indexed at once.
     *
     * @throws IllegalArgumentException when an index of that name exists
     */
    void addIndexers(Map<String, Function<T, List<String>>> indexers);

    Optional<T> getByKey(String key);

    List<String> listKeys();

    /** The keys of the objects whose index {@code indexName} yields {@code indexedValue}. */
    List<String> indexKeys(String indexName, String indexedValue);

    /** The values an index currently holds. */
    List<String> listIndexValues(String indexName);

    int size();
}
