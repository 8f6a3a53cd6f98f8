package io.stevedore.api.client;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Keeps a cache of one kind in step with the cluster: it lists, then watches from the list's
 * resourceVersion (with bookmarks). When the watch ends with 410 Expired it lists again and
 * delivers the difference to the cache as adds, updates and deletes (the deletes with
 * {@code deletedFinalStateUnknown}); after any other watch error it watches again from the last
 * resourceVersion it saw, after a backoff. Handlers are called on one dispatcher thread per
 * informer, in the order the changes happened; a handler that throws is logged and skipped.
 *
 * @param <T> the kind
 */
public interface SharedIndexInformer<T> extends AutoCloseable {

    /**
     * Adds a handler. A handler added to a running informer first gets {@code onAdd} for every
     * cached object, then every later change.
     */
    SharedIndexInformer<T> addEventHandler(ResourceEventHandler<T> handler);

    void removeEventHandler(ResourceEventHandler<T> handler);

    /** Adds indexes to the cache; see {@link Indexer#addIndexers(Map)}. */
    SharedIndexInformer<T> addIndexers(Map<String, Function<T, List<String>>> indexers);

    Indexer<T> getIndexer();

    /** The cache as a lister (the same object as {@link #getIndexer()}). */
    default Lister<T> lister() {
        return getIndexer();
    }

    /** Whether the first list has been stored in the cache. */
    boolean hasSynced();

    /**
     * Blocks until {@link #hasSynced()} or the timeout.
     *
     * @return whether the cache is synced
     */
    boolean waitForCacheSync(Duration timeout) throws InterruptedException;

    /** How often every cached object is re-delivered as {@code onUpdate(obj, obj)}; zero for never. */
    Duration getResyncPeriod();

    /** The resourceVersion of the last list, watch event or bookmark applied to the cache. */
    String lastSyncResourceVersion();

    /** Starts listing and watching (idempotent; a stopped informer does not start again). */
    void start();

    /** Stops watching and delivering; the cache keeps its last contents (idempotent). */
    void stop();

    boolean isRunning();

    @Override
    default void close() {
        stop();
    }
}
