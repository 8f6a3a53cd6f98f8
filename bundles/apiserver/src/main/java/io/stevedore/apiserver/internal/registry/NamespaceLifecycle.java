package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreException;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Finishes the deletion of a terminating namespace: deletes everything in it, then removes the
 * namespace once it is empty. (Until the controller manager's namespace controller takes this over.)
 */
final class NamespaceLifecycle implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(NamespaceLifecycle.class);
    private static final int MAX_PASSES = 600;

    private final StoreRegistry registry;
    private final ExecutorService executor = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stevedore-namespace-lifecycle");
        t.setDaemon(true);
        return t;
    });

    NamespaceLifecycle(StoreRegistry registry) {
        this.registry = registry;
    }

    void terminate(String namespace) {
        executor.execute(() -> {
            try {
                finish(namespace);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } catch (RuntimeException e) {
                LOG.warn("Could not finish deleting namespace {}", namespace, e);
            }
        });
    }

    private void finish(String namespace) throws InterruptedException {
        for (int pass = 0; pass < MAX_PASSES; pass++) {
            boolean empty = true;
            for (ResourceType t : ResourceTypes.all()) {
                if (!t.namespaced()) {
                    continue;
                }
                var items = registry.list(t, namespace, ListOptions.ALL).items();
                for (ObjectNode o : items) {
                    empty = false;
                    try {
                        registry.delete(t, namespace, o.path("metadata").path("name").asString(""),
                                new DeleteOptions(0L, "Background", null, null, false));
                    } catch (ApiException e) {
                        if (e.code() != 404) {
                            LOG.debug("delete in terminating namespace {} failed: {}", namespace, e.getMessage());
                        }
                    }
                }
            }
            if (empty && removeNamespace(namespace)) {
                return;
            }
            TimeUnit.MILLISECONDS.sleep(Math.min(1000, 50L * (pass + 1)));
        }
        LOG.warn("Namespace {} still has content after {} passes; it stays Terminating", namespace, MAX_PASSES);
    }

    private boolean removeNamespace(String namespace) {
        String key = Keys.key(ResourceTypes.NAMESPACES, null, namespace);
        Optional<KeyValue> kv = registry.store().get(key);
        if (kv.isEmpty()) {
            return true;
        }
        ObjectNode ns = StoredObjects.decode(kv.get());
        if (StoreRegistry.hasFinalizers(ns)) {
            return false;
        }
        try {
            registry.store().delete(key, kv.get().modRevision());
            return true;
        } catch (StoreException e) {
            return e.kind() == StoreException.Kind.KEY_NOT_FOUND;
        }
    }

    @Override
    public void close() {
        executor.shutdownNow();
    }
}
