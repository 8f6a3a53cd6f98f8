package io.stevedore.apiserver.internal;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.ObjectList;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.ServiceAccountIssuer;
import io.stevedore.api.registry.Table;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.api.store.Store;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.registry.Patchers;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.Consumer;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import tools.jackson.databind.node.ObjectNode;

/**
 * The registry as an OSGi service: every in-JVM component and the HTTP API server write through it.
 * Takes the {@link Store} service; creates the system namespaces at start.
 */
@Component(service = Registry.class, configurationPid = "io.stevedore.apiserver",
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
public final class RegistryComponent implements Registry, ServiceAccountIssuer {

    private final StoreRegistry registry;

    @Activate
    public RegistryComponent(@Reference Store store, ApiServerSettings settings) {
        this.registry = new StoreRegistry(store, Clock.systemUTC(), Patchers.create());
        modified(settings);
        registry.start();
    }

    @Modified
    void modified(ApiServerSettings settings) {
        registry.setBookmarkInterval(Duration.ofSeconds(Math.max(1, settings.bookmarkInterval())));
        registry.setTokenSettings(split(settings.serviceAccountIssuer()), split(settings.apiAudiences()),
                Math.max(0, settings.serviceAccountMaxTokenExpiration()), settings.serviceAccountExtendTokenExpiration(),
                settings.serviceAccountJwksUri());
    }

    /** The items of a comma-separated setting (the registry trims them and drops blanks). */
    private static java.util.List<String> split(String csv) {
        return csv == null ? java.util.List.of() : java.util.List.of(csv.split(","));
    }

    @Deactivate
    void deactivate() {
        registry.close();
    }

    @Override
    public ObjectNode get(ResourceType type, String namespace, String name, String subresource) {
        return registry.get(type, namespace, name, subresource);
    }

    @Override
    public ObjectList list(ResourceType type, String namespace, ListOptions options) {
        return registry.list(type, namespace, options);
    }

    @Override
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object, String subresource,
                             WriteOptions options) {
        return registry.create(type, namespace, object, subresource, options);
    }

    @Override
    public java.util.Optional<ObjectNode> openIdConfiguration(String serverBaseUri) {
        return registry.openIdConfiguration(serverBaseUri);
    }

    @Override
    public java.util.Optional<ObjectNode> jwks() {
        return registry.jwks();
    }

    @Override
    public ObjectNode createSubresource(ResourceType type, String namespace, String name, String subresource,
                                        ObjectNode object, WriteOptions options) {
        return registry.createSubresource(type, namespace, name, subresource, object, options);
    }

    @Override
    public Result update(ResourceType type, String namespace, String name, ObjectNode object, String subresource,
                         WriteOptions options) {
        return registry.update(type, namespace, name, object, subresource, options);
    }

    @Override
    public Result patch(ResourceType type, String namespace, String name, PatchType patchType, byte[] patch,
                        String subresource, WriteOptions options) {
        return registry.patch(type, namespace, name, patchType, patch, subresource, options);
    }

    @Override
    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        return registry.delete(type, namespace, name, options);
    }

    @Override
    public ObjectList deleteCollection(ResourceType type, String namespace, ListOptions listOptions,
                                       DeleteOptions options) {
        return registry.deleteCollection(type, namespace, listOptions, options);
    }

    @Override
    public AutoCloseable watch(ResourceType type, String namespace, ListOptions options, Consumer<WatchEvent> sink) {
        return registry.watch(type, namespace, options, sink);
    }

    @Override
    public Table table(ResourceType type, List<ObjectNode> objects) {
        return registry.table(type, objects);
    }
}
