package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.openapi.UnknownFields;
import java.util.List;
import java.util.stream.Collectors;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code fieldValidation}: with Strict an object with fields its schema does not know is rejected
 * (400 "strict decoding error: unknown field ..."); with Warn and Ignore those fields are dropped, as
 * Kubernetes drops them when it decodes into its typed structs.
 */
final class FieldValidation {

    private FieldValidation() {
    }

    private static final class Holder {
        static final UnknownFields UNKNOWN = UnknownFields.load();
    }

    static void apply(ResourceType type, ObjectNode obj, WriteOptions options) {
        if ("Strict".equals(options.fieldValidation())) {
            List<String> unknown = Holder.UNKNOWN.find(type, obj);
            if (!unknown.isEmpty()) {
                throw ApiException.badRequest("strict decoding error: " + unknown.stream()
                        .map(f -> "unknown field \"" + f + "\"").collect(Collectors.joining(", ")));
            }
        } else {
            List<String> dropped = Holder.UNKNOWN.prune(type, obj);
            if ("Warn".equals(options.fieldValidation())) {
                dropped.forEach(f -> options.warnings().accept("unknown field \"" + f + "\""));
            }
        }
    }
}
