package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.store.StoreException;
import java.util.List;

/** Store failures as the Kubernetes Status a client expects. */
final class Errors {

    private Errors() {
    }

    static ApiException fromStore(ResourceType type, String name, StoreException e) {
        return switch (e.kind()) {
            case KEY_EXISTS -> type == null ? ApiException.internal(e.getMessage()) : ApiException.alreadyExists(type, name);
            case KEY_NOT_FOUND -> type == null ? ApiException.internal(e.getMessage()) : ApiException.notFound(type, name);
            case CONFLICT -> type == null ? ApiException.internal(e.getMessage())
                    : ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
            case COMPACTED, WATCHER_TOO_SLOW -> ApiException.expired(e.getMessage());
            case FUTURE_REVISION -> ApiException.timeout("Too large resource version: " + e.getMessage(),
                    List.of(new ApiException.Cause("ResourceVersionTooLarge", "Too large resource version", "")));
            case UNAVAILABLE -> ApiException.serviceUnavailable(e.getMessage());
        };
    }
}
