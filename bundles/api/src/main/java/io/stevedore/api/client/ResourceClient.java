package io.stevedore.api.client;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import java.time.Duration;
import java.util.Optional;

/**
 * Typed access to one kind, optionally narrowed to a namespace and by label or field selectors.
 * Instances are immutable: the {@code in...}/{@code with...} methods return narrowed copies.
 * Every method throws {@link io.stevedore.api.ApiException} on failure (except where "not found"
 * is part of the answer).
 *
 * <p>Namespaces: a client {@link #inAnyNamespace() in any namespace} lists and watches all of
 * them; writes of namespaced kinds then use the object's own namespace, and by-name calls
 * ({@link #get}, {@link #patch}, {@link #delete}) need {@link #inNamespace(String)}.
 *
 * @param <T> the kind
 */
public interface ResourceClient<T> {

    /** The resource this client reads and writes. */
    ResourceType type();

    ResourceClient<T> inNamespace(String namespace);

    ResourceClient<T> inAnyNamespace();

    /** The namespace of this client, null for all namespaces. */
    String namespace();

    /** Adds {@code key=value} to the label selector of {@link #list} and {@link #watch}. */
    ResourceClient<T> withLabel(String key, String value);

    /** Adds a requirement in Kubernetes label selector syntax to {@link #list} and {@link #watch}. */
    ResourceClient<T> withLabelSelector(String selector);

    /** Adds {@code key=value} (e.g. {@code spec.nodeName=n1}) to the field selector of {@link #list} and {@link #watch}. */
    ResourceClient<T> withField(String key, String value);

    /** Write options (field manager, dry run, ...) for create, update and patch. */
    ResourceClient<T> withWriteOptions(WriteOptions options);

    /** The object, or empty when it does not exist. */
    Optional<T> get(String name);

    /**
     * One page of objects; the client's selectors are combined with those in {@code options}.
     */
    ResourceList<T> list(ListOptions options);

    /** Every object (selectors applied), all pages. */
    default ResourceList<T> list() {
        return list(ListOptions.ALL);
    }

    T create(T object);

    /** Replaces the object (PUT); its resourceVersion, if set, is the optimistic-lock precondition. */
    T update(T object);

    /** Replaces the status of the object (PUT on the status subresource). */
    T updateStatus(T object);

    /**
     * Replaces the object through another PUT subresource (namespaces' {@code finalize}, the one the
     * namespace controller lifts the {@code kubernetes} finalizer with).
     */
    T updateSubresource(T object, String subresource);

    T patch(String name, PatchType patchType, String patch);

    /**
     * Creates on a subresource of the named object, as {@code POST pods/NAME/binding} does: the body is the
     * subresource's own kind (a {@code Binding}, an {@code Eviction}); {@code metadata.name} is set to
     * {@code name} when the body has none. The server's answer (a {@code Status} for a binding) is
     * converted to {@code answerType}.
     */
    <R> R createSubresource(String name, String subresource, Object body, Class<R> answerType);

    T patchStatus(String name, PatchType patchType, String patch);

    /**
     * Deletes an object.
     *
     * @return the object as deleted, or as it is now when finalizers or a grace period hold it;
     *         empty when it did not exist
     */
    Optional<T> delete(String name, DeleteOptions options);

    default Optional<T> delete(String name) {
        return delete(name, DeleteOptions.DEFAULT);
    }

    /**
     * Watches from {@code options.resourceVersion()} (selectors combined as for {@link #list}).
     * Events come in order on a registry thread.
     */
    Watch watch(ListOptions options, Watcher<T> watcher);

    /**
     * A new informer for exactly this client's scope (namespace and selectors), not shared and not
     * started; the caller owns it. For the kubelet's "pods of this node" and similar.
     */
    SharedIndexInformer<T> informer(Duration resyncPeriod);
}
