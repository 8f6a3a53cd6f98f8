package io.stevedore.apiserver.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Creates ask whether their namespace is active: from the cache first, never missing a namespace just made. */
class NamespaceAdmissionTest {

    private final MemoryStore store = new MemoryStore();
    private final StoreRegistry registry = new StoreRegistry(store, Clock.systemUTC(), Patchers.create());

    {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static ObjectNode object(String json) {
        return Json.parseObject(json.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private void createNamespace(String name) {
        registry.create(ResourceTypes.NAMESPACES, null, object("{\"metadata\":{\"name\":\"" + name + "\"}}"), null,
                WriteOptions.DEFAULT);
    }

    private ObjectNode createConfigMap(String namespace, String name) {
        return registry.create(ResourceTypes.CONFIGMAPS, namespace, object("{\"metadata\":{\"name\":\"" + name
                + "\"}}"), null, WriteOptions.DEFAULT);
    }

    @Test
    void aNamespaceTheCacheHasNotSeenYetIsFoundByAConsistentRead() {
        createNamespace("fresh");
        store.cacheLagging = true;
        assertThat(createConfigMap("fresh", "c").path("metadata").path("namespace").asString()).isEqualTo("fresh");
    }

    @Test
    void aMissingNamespaceIsNotFound() {
        ApiException e = catchThrowableOfType(ApiException.class, () -> createConfigMap("nowhere", "c"));
        assertThat(e.code()).isEqualTo(404);
        assertThat(e.getMessage()).contains("namespaces \"nowhere\" not found");
    }

    @Test
    void aTerminatingNamespaceRefusesNewContentEvenAfterItWasCachedActive() {
        createNamespace("going");
        createConfigMap("going", "before");
        ObjectNode ns = registry.get(ResourceTypes.NAMESPACES, null, "going", null);
        ns.withObject("/metadata").putArray("finalizers").add("example.com/hold");
        registry.update(ResourceTypes.NAMESPACES, null, "going", ns, null, WriteOptions.DEFAULT);
        registry.delete(ResourceTypes.NAMESPACES, null, "going", io.stevedore.api.registry.DeleteOptions.DEFAULT);
        ApiException e = catchThrowableOfType(ApiException.class, () -> createConfigMap("going", "after"));
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.getMessage()).contains("because it is being terminated");
    }
}
