package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import java.time.Duration;

/**
 * Shares one informer per kind among the parts of a component (client-go's
 * {@code SharedInformerFactory}). Informers watch all namespaces.
 */
public interface InformerFactory extends AutoCloseable {

    /**
     * The informer of a kind, created on first request (not started). Later requests get the same
     * informer; the resync period of the first request wins.
     */
    <T extends HasMetadata> SharedIndexInformer<T> sharedIndexInformerFor(Class<T> type, Duration resyncPeriod);

    /** Starts every informer created so far that is not running. */
    void startAllRegisteredInformers();

    /** Blocks until every informer created so far has synced, or the timeout. */
    boolean waitForCacheSync(Duration timeout) throws InterruptedException;

    /** Stops every informer. */
    void stopAllRegisteredInformers();

    @Override
    default void close() {
        stopAllRegisteredInformers();
    }
}
