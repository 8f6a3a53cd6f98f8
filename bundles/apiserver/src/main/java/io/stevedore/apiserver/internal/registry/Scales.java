package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The {@code scale} subresource: an autoscaling/v1 Scale view of spec.replicas. */
final class Scales {

    private Scales() {
    }

    static ObjectNode toScale(ResourceType type, ObjectNode obj) {
        ObjectNode s = Json.NODES.objectNode();
        s.put("kind", "Scale");
        s.put("apiVersion", "autoscaling/v1");
        ObjectNode m = s.putObject("metadata");
        JsonNode om = obj.path("metadata");
        for (String f : List.of("name", "namespace", "uid", "resourceVersion", "creationTimestamp")) {
            if (om.has(f)) {
                m.set(f, om.get(f));
            }
        }
        s.putObject("spec").put("replicas", obj.path("spec").path("replicas").asInt(1));
        ObjectNode st = s.putObject("status");
        st.put("replicas", obj.path("status").path("replicas").asInt(0));
        String selector = selectorString(obj.path("spec").path("selector"));
        if (!selector.isEmpty()) {
            st.put("selector", selector);
        }
        return s;
    }

    /** A label selector (metav1.LabelSelector or a plain map, as RCs have) in its string form. */
    static String selectorString(JsonNode sel) {
        List<String> terms = new ArrayList<>();
        if (sel.has("matchLabels") || sel.has("matchExpressions")) {
            for (Map.Entry<String, JsonNode> e : sel.path("matchLabels").properties()) {
                terms.add(e.getKey() + "=" + e.getValue().asString(""));
            }
            for (JsonNode ex : sel.path("matchExpressions")) {
                String key = ex.path("key").asString("");
                List<String> values = new ArrayList<>();
                ex.path("values").forEach(v -> values.add(v.asString("")));
                switch (ex.path("operator").asString("")) {
                    case "In" -> terms.add(key + " in (" + String.join(",", values) + ")");
                    case "NotIn" -> terms.add(key + " notin (" + String.join(",", values) + ")");
                    case "Exists" -> terms.add(key);
                    case "DoesNotExist" -> terms.add("!" + key);
                    default -> { }
                }
            }
        } else if (sel.isObject()) {
            for (Map.Entry<String, JsonNode> e : sel.properties()) {
                terms.add(e.getKey() + "=" + e.getValue().asString(""));
            }
        }
        terms.sort(null);
        return String.join(",", terms);
    }

    static ObjectNode updateScale(StoreRegistry registry, ResourceType type, String namespace, String name,
                                  ObjectNode scale, WriteOptions options) {
        JsonNode replicas = scale.path("spec").path("replicas");
        if (!replicas.isIntegralNumber() || replicas.asLong() < 0) {
            throw ApiException.invalid("Scale", "autoscaling", name, List.of(new ApiException.Cause("FieldValueInvalid",
                    "Invalid value: " + replicas + ": must be greater than or equal to 0", "spec.replicas")));
        }
        String rv = Json.resourceVersion(scale);
        ObjectNode written = registry.write(type, namespace, name, null, options, rv, current -> {
            ObjectNode copy = current.deepCopy();
            ((ObjectNode) copy.withObject("spec")).put("replicas", replicas.asInt());
            return copy;
        }, false).object();
        return toScale(type, written);
    }

    static ObjectNode patchScale(StoreRegistry registry, ResourceType type, String namespace, String name,
                                 PatchType patchType, byte[] patch, WriteOptions options) {
        ObjectNode current = registry.get(type, namespace, name, null);
        ObjectNode patched = registry.patcher().apply(type, patchType, toScale(type, current), patch, options,
                registry.clock().instant());
        return updateScale(registry, type, namespace, name, patched, options);
    }
}
