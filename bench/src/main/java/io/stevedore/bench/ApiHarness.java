package io.stevedore.bench;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.http.ApiServer;
import io.stevedore.apiserver.internal.http.ApiServerConfig;
import io.stevedore.apiserver.internal.registry.Patchers;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

import java.io.IOException;

/** The API server as in the cluster, minus OSGi: Hazelcast store, registry, HTTP API on a free loopback port. */
public final class ApiHarness implements AutoCloseable {

    private final StoreHarness store;
    private final StoreRegistry registry;
    private final ApiServer server;

    private ApiHarness(StoreHarness store, StoreRegistry registry, ApiServer server) {
        this.store = store;
        this.registry = registry;
        this.server = server;
    }

    public static ApiHarness start() throws IOException {
        StoreHarness store = StoreHarness.start();
        StoreRegistry registry = null;
        try {
            registry = new StoreRegistry(store.store(), java.time.Clock.systemUTC(), Patchers.create());
            registry.start();
            ApiServer server = ApiServer.start(registry, ApiServerConfig.defaults().withPort(0), () -> true);
            return new ApiHarness(store, registry, server);
        } catch (IOException | RuntimeException | Error e) {
            if (registry != null) {
                registry.close();
            }
            store.close();
            throw e;
        }
    }

    public StoreRegistry registry() {
        return registry;
    }

    public StoreHarness storeHarness() {
        return store;
    }

    public int port() {
        return server.port();
    }

    /** Creates a namespace through the registry (no error when it exists). */
    public void createNamespace(String name) {
        ObjectNode ns = JsonNodeFactory.instance.objectNode();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        try {
            registry.create(ResourceTypes.NAMESPACES, null, ns, null, WriteOptions.manager("stevedore-bench"));
        } catch (ApiException e) {
            if (e.code() != 409) {
                throw e;
            }
        }
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            try {
                registry.close();
            } finally {
                store.close();
            }
        }
    }
}
