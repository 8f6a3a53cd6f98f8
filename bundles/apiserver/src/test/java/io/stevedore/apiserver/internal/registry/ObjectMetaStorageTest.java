package io.stevedore.apiserver.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** ObjectMeta as Kubernetes stores it: its lists and maps are omitempty. */
class ObjectMetaStorageTest {

    private final StoreRegistry registry = new StoreRegistry(new MemoryStore(), Clock.systemUTC(), Patchers.create());

    {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void removingTheLastOwnerReferenceLeavesNoEmptyList() {
        registry.create(ResourceTypes.CONFIGMAPS, "default", Json.parseObject(("{\"metadata\":{\"name\":\"c\","
                + "\"labels\":{},\"ownerReferences\":[{\"apiVersion\":\"v1\",\"kind\":\"ConfigMap\",\"name\":\"o\","
                + "\"uid\":\"u1\"}]}}").getBytes(StandardCharsets.UTF_8)), null, WriteOptions.DEFAULT);
        ObjectNode created = registry.get(ResourceTypes.CONFIGMAPS, "default", "c", null);
        assertThat(created.path("metadata").has("labels")).isFalse();
        registry.patch(ResourceTypes.CONFIGMAPS, "default", "c", PatchType.STRATEGIC_MERGE,
                "{\"metadata\":{\"ownerReferences\":[{\"$patch\":\"delete\",\"uid\":\"u1\"}]}}".getBytes(
                        StandardCharsets.UTF_8), null, WriteOptions.DEFAULT);
        ObjectNode patched = registry.get(ResourceTypes.CONFIGMAPS, "default", "c", null);
        assertThat(patched.path("metadata").has("ownerReferences")).isFalse();
    }
}
