package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.client.ResourceList;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.client.Watch;
import io.stevedore.api.client.Watcher;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.ObjectList;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import tools.jackson.databind.node.ObjectNode;

/** A typed, immutable view of one kind in the registry. */
final class RegistryResourceClient<T extends HasMetadata> implements ResourceClient<T> {

    private final Registry registry;
    private final ObjectConverter converter;
    private final Class<T> clazz;
    private final ResourceType type;
    private final String namespace;
    private final String labelSelector;
    private final String fieldSelector;
    private final WriteOptions writeOptions;

    RegistryResourceClient(Registry registry, ObjectConverter converter, Class<T> clazz, ResourceType type) {
        this(registry, converter, clazz, type, null, null, null, WriteOptions.DEFAULT);
    }

    private RegistryResourceClient(Registry registry, ObjectConverter converter, Class<T> clazz, ResourceType type,
                                   String namespace, String labelSelector, String fieldSelector,
                                   WriteOptions writeOptions) {
        this.registry = registry;
        this.converter = converter;
        this.clazz = clazz;
        this.type = type;
        this.namespace = namespace;
        this.labelSelector = labelSelector;
        this.fieldSelector = fieldSelector;
        this.writeOptions = writeOptions;
    }

    private RegistryResourceClient<T> with(String ns, String labels, String fields, WriteOptions options) {
        return new RegistryResourceClient<>(registry, converter, clazz, type, ns, labels, fields, options);
    }

    @Override
    public ResourceType type() {
        return type;
    }

    @Override
    public ResourceClient<T> inNamespace(String ns) {
        if (ns == null || ns.isEmpty()) {
            throw new IllegalArgumentException("namespace must not be empty; use inAnyNamespace()");
        }
        return with(type.namespaced() ? ns : null, labelSelector, fieldSelector, writeOptions);
    }

    @Override
    public ResourceClient<T> inAnyNamespace() {
        return with(null, labelSelector, fieldSelector, writeOptions);
    }

    @Override
    public String namespace() {
        return namespace;
    }

    @Override
    public ResourceClient<T> withLabel(String key, String value) {
        return withLabelSelector(value == null ? key : key + "=" + value);
    }

    @Override
    public ResourceClient<T> withLabelSelector(String selector) {
        io.stevedore.api.LabelSelectors.parse(selector);
        return with(namespace, join(labelSelector, selector), fieldSelector, writeOptions);
    }

    @Override
    public ResourceClient<T> withField(String key, String value) {
        return with(namespace, labelSelector, join(fieldSelector, key + "=" + value), writeOptions);
    }

    @Override
    public ResourceClient<T> withWriteOptions(WriteOptions options) {
        return with(namespace, labelSelector, fieldSelector, options);
    }

    @Override
    public Optional<T> get(String name) {
        try {
            return Optional.of(typed(registry.get(type, requireNamespace(), name, null)));
        } catch (ApiException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public ResourceList<T> list(ListOptions options) {
        ObjectList page = registry.list(type, namespace, scoped(options));
        return new ResourceList<>(typed(page.items()), page.resourceVersion(), page.continueToken());
    }

    @Override
    public T create(T object) {
        return typed(registry.create(type, namespaceOf(object), converter.toTree(object, type), null, writeOptions));
    }

    @Override
    public T update(T object) {
        return put(object, null);
    }

    @Override
    public T updateStatus(T object) {
        return put(object, "status");
    }

    @Override
    public T updateSubresource(T object, String subresource) {
        return put(object, subresource);
    }

    private T put(T object, String subresource) {
        String name = nameOf(object);
        return typed(registry.update(type, namespaceOf(object), name, converter.toTree(object, type), subresource,
                writeOptions).object());
    }

    @Override
    public T patch(String name, PatchType patchType, String patch) {
        return patch(name, patchType, patch, null);
    }

    @Override
    public T patchStatus(String name, PatchType patchType, String patch) {
        return patch(name, patchType, patch, "status");
    }

    private T patch(String name, PatchType patchType, String patch, String subresource) {
        return typed(registry.patch(type, requireNamespace(), name, patchType,
                patch.getBytes(StandardCharsets.UTF_8), subresource, writeOptions).object());
    }

    @Override
    public <R> R createSubresource(String name, String subresource, Object body, Class<R> answerType) {
        ObjectNode tree = converter.toTree(body);
        return converter.fromTree(registry.createSubresource(type, requireNamespace(), name, subresource, tree,
                writeOptions), answerType);
    }

    @Override
    public Optional<T> delete(String name, DeleteOptions options) {
        try {
            DeleteResult result = registry.delete(type, requireNamespace(), name,
                    options == null ? DeleteOptions.DEFAULT : options);
            return Optional.ofNullable(result.object()).map(this::typed);
        } catch (ApiException e) {
            if (e.code() == 404) {
                return Optional.empty();
            }
            throw e;
        }
    }

    @Override
    public Watch watch(ListOptions options, Watcher<T> watcher) {
        TypedWatch<T> watch = new TypedWatch<>(watcher, tree -> typed(tree));
        try {
            watch.attach(registry.watch(type, namespace, scoped(options), watch::accept));
        } catch (RuntimeException e) {
            watch.detach();
            throw e;
        }
        return watch;
    }

    @Override
    public SharedIndexInformer<T> informer(Duration resyncPeriod) {
        return new DefaultSharedIndexInformer<>(this, resyncPeriod);
    }

    private ListOptions scoped(ListOptions options) {
        ListOptions o = options == null ? ListOptions.ALL : options;
        String labels = join(labelSelector, o.labelSelector());
        String fields = join(fieldSelector, o.fieldSelector());
        return o.withLabelSelector(labels).withFieldSelector(fields);
    }

    private static String join(String a, String b) {
        if (a == null || a.isEmpty()) {
            return b == null || b.isEmpty() ? null : b;
        }
        return b == null || b.isEmpty() ? a : a + "," + b;
    }

    private String requireNamespace() {
        if (type.namespaced() && namespace == null) {
            throw new IllegalStateException(type.plural() + " are namespaced: use inNamespace(ns) first");
        }
        return namespace;
    }

    private String namespaceOf(T object) {
        if (!type.namespaced()) {
            return null;
        }
        String own = object.getMetadata() == null ? null : object.getMetadata().getNamespace();
        if (namespace != null) {
            return namespace;
        }
        if (own == null || own.isEmpty()) {
            throw new IllegalStateException("object has no namespace and the client is in any namespace");
        }
        return own;
    }

    private static String nameOf(HasMetadata object) {
        if (object.getMetadata() == null || object.getMetadata().getName() == null) {
            throw new IllegalArgumentException("object has no metadata.name");
        }
        return object.getMetadata().getName();
    }

    private T typed(ObjectNode tree) {
        return converter.fromTree(tree, clazz);
    }

    private List<T> typed(List<ObjectNode> trees) {
        List<T> out = new ArrayList<>(trees.size());
        for (ObjectNode tree : trees) {
            out.add(typed(tree));
        }
        return out;
    }
}
