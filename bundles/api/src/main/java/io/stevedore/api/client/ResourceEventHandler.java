package io.stevedore.api.client;

/**
 * Receives an informer's notifications, in order, on the informer's dispatcher thread. Objects
 * are the cached instances: read them, never modify them. A handler should only enqueue keys.
 *
 * @param <T> the kind
 */
public interface ResourceEventHandler<T> {

    /** An object appeared (also once per cached object when the handler is added). */
    default void onAdd(T obj) {
    }

    /**
     * An object changed; on a periodic resync {@code oldObj == newObj}.
     */
    default void onUpdate(T oldObj, T newObj) {
    }

    /**
     * An object was deleted.
     *
     * @param obj                      the last state the informer knew
     * @param deletedFinalStateUnknown true when the deletion was found by a re-list, so the final
     *                                 state of the object before deletion is not known
     */
    default void onDelete(T obj, boolean deletedFinalStateUnknown) {
    }
}
