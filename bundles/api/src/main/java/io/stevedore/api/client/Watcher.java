package io.stevedore.api.client;

import io.stevedore.api.ApiException;

/**
 * Receives the events of one watch, in order, from a registry thread.
 *
 * @param <T> the kind
 */
public interface Watcher<T> {

    /** The event types of a watch that carry an object of the watched kind. */
    enum Action {
        ADDED, MODIFIED, DELETED,
        /** Only {@code metadata.resourceVersion} is set: progress without a change. */
        BOOKMARK
    }

    void eventReceived(Action action, T resource);

    /**
     * Called once when the watch ends: with the error of an ERROR event (for example 410 Expired:
     * the resourceVersion is older than the retained window, list again), or with null when the
     * watch was closed by its owner.
     */
    default void onClose(ApiException cause) {
    }
}
