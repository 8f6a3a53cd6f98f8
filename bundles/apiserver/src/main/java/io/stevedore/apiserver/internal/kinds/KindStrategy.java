package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the API server does differently per kind, following Kubernetes' REST strategies
 * ({@code pkg/registry/<group>/<kind>/strategy.go}), defaulters, validation and printers.
 */
public interface KindStrategy {

    ResourceType type();

    /** Fill defaults as Kubernetes' defaulters do (pkg/apis/core/v1/defaults.go, apps/v1/defaults.go). */
    void applyDefaults(ObjectNode obj);

    /** Kubernetes validation of a new object (metadata name rules per kind included); empty = valid. */
    List<ApiException.Cause> validate(ObjectNode obj);

    /** Validation of an update (immutable fields and the new object's own validity). */
    List<ApiException.Cause> validateUpdate(ObjectNode obj, ObjectNode old);

    /** PrepareForCreate: clear controller-owned status, set initial status and generation. */
    void prepareForCreate(ObjectNode obj);

    /** PrepareForUpdate of the main resource: keep old status, bump metadata.generation on spec changes. */
    void prepareForUpdate(ObjectNode obj, ObjectNode old);

    /** PrepareForUpdate of /status: keep old spec and most metadata, take new status. */
    void prepareForStatusUpdate(ObjectNode obj, ObjectNode old);

    /** Field values a fieldSelector may use for this kind. */
    Map<String, String> selectableFields(ObjectNode obj);

    /** Table columns exactly as Kubernetes' printers define them. */
    List<Table.Column> columns();

    /** One row's cells (String, Long, Boolean or null) in column order. */
    List<Object> cells(ObjectNode obj, Instant now);
}
