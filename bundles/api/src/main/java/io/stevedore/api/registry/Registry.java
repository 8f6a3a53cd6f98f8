package io.stevedore.api.registry;

import io.stevedore.api.ResourceType;
import java.util.function.Consumer;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API objects of the cluster, with Kubernetes semantics: defaulting, validation and admission
 * on every write, resourceVersions from the store, finalizers and graceful deletion. The HTTP API
 * server is one face of it; in-JVM components (scheduler, controllers, kubelet, shell) call it
 * directly. Every method throws {@link io.stevedore.api.ApiException} on failure and changes nothing then.
 *
 * <p>{@code namespace} is ignored for cluster-scoped kinds and may be null for "all namespaces" on
 * list and watch. {@code subresource} is null for the main resource, or "status", "scale", ...
 */
public interface Registry {

    ObjectNode get(ResourceType type, String namespace, String name, String subresource);

    ObjectList list(ResourceType type, String namespace, ListOptions options);

    ObjectNode create(ResourceType type, String namespace, ObjectNode object, String subresource,
                      WriteOptions options);

    /**
     * POST on a subresource of the named object ({@code pods/NAME/binding}, {@code serviceaccounts/NAME/token}):
     * the body is the subresource's own kind; the answer is what the subresource returns (for a token request,
     * the request with its status filled in).
     */
    default ObjectNode createSubresource(ResourceType type, String namespace, String name, String subresource,
                                         ObjectNode object, WriteOptions options) {
        ObjectNode body = object.deepCopy();
        ObjectNode meta = body.withObject("metadata");
        if (!meta.hasNonNull("name")) {
            meta.put("name", name);
        }
        return create(type, namespace, body, subresource, options);
    }

    /** Create-or-update by name (PUT); the body's resourceVersion, if any, is the precondition. */
    Result update(ResourceType type, String namespace, String name, ObjectNode object, String subresource,
                  WriteOptions options);

    Result patch(ResourceType type, String namespace, String name, PatchType patchType, byte[] patch,
                 String subresource, WriteOptions options);

    DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options);

    /** Deletes every object matching the options in the namespace (DELETE on a collection). */
    ObjectList deleteCollection(ResourceType type, String namespace, ListOptions listOptions,
                                DeleteOptions options);

    /**
     * Starts a watch. Events go to {@code sink} in order from a registry thread; the watch ends
     * (without further events) after an ERROR event or when the handle is closed.
     */
    AutoCloseable watch(ResourceType type, String namespace, ListOptions options, Consumer<WatchEvent> sink);

    /** Prints objects of one kind with Kubernetes' columns for it (Name and Created At for kinds without a printer). */
    Table table(ResourceType type, java.util.List<ObjectNode> objects);

    /**
     * An object written by update or patch.
     *
     * @param object  the object as stored
     * @param created true when the write created it (HTTP 201)
     */
    record Result(ObjectNode object, boolean created) {
    }
}
