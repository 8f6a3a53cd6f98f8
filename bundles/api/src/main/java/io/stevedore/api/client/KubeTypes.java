package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import java.util.Optional;

/** Maps fabric8 model classes to the {@link ResourceType}s Stevedore serves. */
public final class KubeTypes {

    private KubeTypes() {
    }

    /** The resource of a model class (by its {@code @Group}, {@code @Version} and kind), if served. */
    public static Optional<ResourceType> find(Class<? extends HasMetadata> type) {
        return ResourceTypes.forKind(HasMetadata.getApiVersion(type), HasMetadata.getKind(type));
    }

    /**
     * The resource of a model class.
     *
     * @throws IllegalArgumentException when Stevedore does not serve that kind
     */
    public static ResourceType of(Class<? extends HasMetadata> type) {
        return find(type).orElseThrow(() -> new IllegalArgumentException(
                "not a served kind: " + HasMetadata.getApiVersion(type) + " " + HasMetadata.getKind(type)));
    }
}
