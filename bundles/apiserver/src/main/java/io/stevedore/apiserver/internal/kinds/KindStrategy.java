package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.Table;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Per-kind rules: defaulting, validation, status/spec handling, selectable fields, printing. */
public interface KindStrategy {
    ResourceType type();

    void applyDefaults(ObjectNode obj);

    List<ApiException.Cause> validate(ObjectNode obj);

    List<ApiException.Cause> validateUpdate(ObjectNode obj, ObjectNode old);

    void prepareForCreate(ObjectNode obj);

    void prepareForUpdate(ObjectNode obj, ObjectNode old);

    void prepareForStatusUpdate(ObjectNode obj, ObjectNode old);

    Map<String, String> selectableFields(ObjectNode obj);

    List<Table.Column> columns();

    List<Object> cells(ObjectNode obj, Instant now);
}
