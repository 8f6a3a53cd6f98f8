package io.stevedore.api.store;

/**
 * Receives a watch's events in revision order, each exactly once. Called from a store thread:
 * implementations hand the event off and return quickly.
 */
public interface WatchListener {

    void onEvent(StoreEvent event);

    /**
     * Sent when the store has made progress up to {@code revision} with no event for this watch
     * (the source of bookmarks). Optional.
     */
    default void onProgress(long revision) {
    }

    /** The watch ended abnormally (fell out of the retained window, store closed); no events follow. */
    void onError(StoreException error);
}
