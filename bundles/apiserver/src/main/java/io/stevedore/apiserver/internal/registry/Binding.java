package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** pods/binding: assigns a pod to a node, as the scheduler does. */
final class Binding {

    private Binding() {
    }

    static ObjectNode bind(StoreRegistry registry, String namespace, ObjectNode binding, WriteOptions options) {
        String name = Json.name(binding);
        String node = binding.path("target").path("name").asString("");
        if (name == null || name.isEmpty()) {
            throw ApiException.invalid("Binding", "", "", List.of(new ApiException.Cause("FieldValueRequired",
                    "Required value: name or generateName is required", "metadata.name")));
        }
        if (node.isEmpty()) {
            throw ApiException.invalid("Binding", "", name, List.of(new ApiException.Cause("FieldValueRequired",
                    "Required value", "target.name")));
        }
        String rv = Json.resourceVersion(binding);
        String uid = Json.text(binding.path("metadata"), "uid");
        String now = Json.timestamp(registry.clock().instant());
        registry.write(ResourceTypes.PODS, namespace, name, "binding", options, rv, current -> {
            ObjectNode pod = current.deepCopy();
            JsonNode meta = pod.path("metadata");
            if (uid != null && !uid.isEmpty() && !uid.equals(meta.path("uid").asString(""))) {
                throw ApiException.conflict(ResourceTypes.PODS, name, "Precondition failed: UID in precondition: "
                        + uid + ", UID in object meta: " + meta.path("uid").asString(""));
            }
            if (meta.has("deletionTimestamp")) {
                throw bindingConflict(name, "pod " + name + " is being deleted, cannot be assigned to a host");
            }
            String assigned = pod.path("spec").path("nodeName").asString("");
            if (!assigned.isEmpty()) {
                throw bindingConflict(name, "pod " + name + " is already assigned to node \"" + assigned + "\"");
            }
            ((ObjectNode) pod.withObject("spec")).put("nodeName", node);
            for (Map.Entry<String, JsonNode> a : binding.path("metadata").path("annotations").properties()) {
                ((ObjectNode) Json.meta(pod).withObject("annotations")).set(a.getKey(), a.getValue());
            }
            ObjectNode status = (ObjectNode) pod.withObject("status");
            ArrayNode conditions = status.has("conditions") && status.get("conditions").isArray()
                    ? (ArrayNode) status.get("conditions") : status.putArray("conditions");
            for (int i = conditions.size() - 1; i >= 0; i--) {
                if ("PodScheduled".equals(conditions.get(i).path("type").asString(""))) {
                    conditions.remove(i);
                }
            }
            ObjectNode c = conditions.addObject();
            c.put("type", "PodScheduled");
            c.put("status", "True");
            c.putNull("lastProbeTime");
            c.put("lastTransitionTime", now);
            return pod;
        }, false);
        ObjectNode status = Json.NODES.objectNode();
        status.put("kind", "Status");
        status.put("apiVersion", "v1");
        status.putObject("metadata");
        status.put("status", "Success");
        status.put("code", 201);
        return status;
    }

    private static ApiException bindingConflict(String name, String why) {
        return new ApiException(409, "Conflict", "Operation cannot be fulfilled on pods/binding \"" + name + "\": " + why,
                new ApiException.Details(name, "", "pods/binding", null, null, null));
    }
}
