package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * Cache and work queue keys, as client-go writes them: {@code namespace/name}, or {@code name}
 * for cluster-scoped objects.
 */
public final class ObjectKeys {

    private ObjectKeys() {
    }

    /** The key of an object. */
    public static String of(HasMetadata object) {
        ObjectMeta meta = object.getMetadata();
        if (meta == null || meta.getName() == null) {
            throw new IllegalArgumentException("object has no metadata.name");
        }
        return of(meta.getNamespace(), meta.getName());
    }

    /** The key of a name in a namespace (null or empty for cluster-scoped). */
    public static String of(String namespace, String name) {
        return namespace == null || namespace.isEmpty() ? name : namespace + "/" + name;
    }

    /** The namespace part of a key, "" for a cluster-scoped key. */
    public static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? "" : key.substring(0, slash);
    }

    /** The name part of a key. */
    public static String name(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(slash + 1);
    }
}
