package io.stevedore.bench;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WriteOptions;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Writes ConfigMaps with 1 KiB of data through the in-JVM {@link Registry}. */
public final class RegistryTarget implements WriteTarget {

    private final Registry registry;
    private final String namespace;
    private final WriteOptions options = WriteOptions.manager("stevedore-bench");

    public RegistryTarget(Registry registry, String namespace) {
        this.registry = registry;
        this.namespace = namespace;
    }

    @Override
    public String name() {
        return "registry";
    }

    /** A ConfigMap whose data (keys and values) is 1 KiB: {@code t} holds the stamp, {@code pad} the rest. */
    static ObjectNode configMap(String namespace, String name, long stampNanos) {
        ObjectNode cm = JsonNodeFactory.instance.objectNode();
        cm.put("apiVersion", "v1");
        cm.put("kind", "ConfigMap");
        ObjectNode meta = cm.putObject("metadata");
        meta.put("name", name);
        meta.put("namespace", namespace);
        ObjectNode data = cm.putObject("data");
        String stamp = Payload.stamp(stampNanos);
        data.put("t", stamp);
        data.put("pad", Payload.padding(OBJECT_BYTES - stamp.length() - 4));
        return cm;
    }

    @Override
    public long create(String key, long stampNanos) {
        ObjectNode out = registry.create(ResourceTypes.CONFIGMAPS, namespace, configMap(namespace, key, stampNanos),
                null, options);
        return resourceVersion(out);
    }

    @Override
    public long update(String key, long stampNanos, long expected) {
        ObjectNode cm = configMap(namespace, key, stampNanos);
        ((ObjectNode) cm.get("metadata")).put("resourceVersion", Long.toString(expected));
        return resourceVersion(registry.update(ResourceTypes.CONFIGMAPS, namespace, key, cm, null, options).object());
    }

    @Override
    public long revisionOf(String key) {
        try {
            return resourceVersion(registry.get(ResourceTypes.CONFIGMAPS, namespace, key, null));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return 0;
            }
            throw e;
        }
    }

    static long resourceVersion(ObjectNode object) {
        return Long.parseLong(object.get("metadata").get("resourceVersion").asString());
    }

    @Override
    public void close() {
        // the registry belongs to the caller
    }
}
