package io.stevedore.api.store;

/**
 * A stored value and its revisions, as etcd reports them.
 *
 * @param key            full key, e.g. {@code /registry/pods/default/web-1}
 * @param value          the value bytes (JSON of the object, as the registry wrote it)
 * @param createRevision revision of the write that created the key
 * @param modRevision    revision of the last write to the key; the object's resourceVersion
 */
public record KeyValue(String key, byte[] value, long createRevision, long modRevision) {
}
