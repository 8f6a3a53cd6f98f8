package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ResourceType;

/** Store keys, laid out as Kubernetes lays out etcd: /registry/&lt;group&gt;/&lt;plural&gt;/[&lt;namespace&gt;/]&lt;name&gt;. */
final class Keys {

    private Keys() {
    }

    /** The prefix of every object of a type, or of one namespace's objects when {@code namespace} is given. */
    static String prefix(ResourceType type, String namespace) {
        String base = "/registry/" + (type.group().isEmpty() ? "core" : type.group()) + "/" + type.plural() + "/";
        return type.namespaced() && namespace != null && !namespace.isEmpty() ? base + namespace + "/" : base;
    }

    static String key(ResourceType type, String namespace, String name) {
        return prefix(type, type.namespaced() ? namespace : null) + name;
    }
}
