package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.Table;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.node.ObjectNode;

/** Placeholder until the full strategies land. */
public final class KindStrategies {
    private KindStrategies() {
    }

    public static KindStrategy forType(ResourceType t) {
        return new KindStrategy() {
            public ResourceType type() { return t; }
            public void applyDefaults(ObjectNode obj) { }
            public List<ApiException.Cause> validate(ObjectNode obj) { return List.of(); }
            public List<ApiException.Cause> validateUpdate(ObjectNode obj, ObjectNode old) { return List.of(); }
            public void prepareForCreate(ObjectNode obj) { }
            public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
                if (old.has("status")) obj.set("status", old.get("status")); else obj.remove("status");
            }
            public void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
                if (old.has("spec")) obj.set("spec", old.get("spec")); else obj.remove("spec");
            }
            public Map<String, String> selectableFields(ObjectNode obj) {
                Map<String, String> m = new HashMap<>();
                m.put("metadata.name", obj.path("metadata").path("name").asString(""));
                if (t.namespaced()) m.put("metadata.namespace", obj.path("metadata").path("namespace").asString(""));
                return m;
            }
            public List<Table.Column> columns() {
                return List.of(new Table.Column("Name", "string", "name", "Name must be unique within a namespace.", 0),
                        new Table.Column("Created At", "date", "", "CreationTimestamp is a timestamp representing the server time when this object was created.", 0));
            }
            public List<Object> cells(ObjectNode obj, Instant now) {
                return List.of(obj.path("metadata").path("name").asString(""), obj.path("metadata").path("creationTimestamp").asString(""));
            }
        };
    }
}
