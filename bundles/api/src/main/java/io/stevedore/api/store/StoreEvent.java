package io.stevedore.api.store;

/**
 * One change in the revision log.
 *
 * @param type      what happened to the key
 * @param key       the key changed
 * @param value     the value after the change; for {@link Type#DELETED} the last value before deletion
 * @param prevValue the value before the change, null for {@link Type#CREATED}
 * @param revision  the revision of this change: strictly increasing over the whole cluster
 */
public record StoreEvent(Type type, String key, byte[] value, byte[] prevValue, long revision) {

    public enum Type { CREATED, UPDATED, DELETED }
}
