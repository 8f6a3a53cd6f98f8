package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The autoscaling/v1 {@code Scale} of deployments, replica sets and replication controllers. */
public final class Scales {

    /** The kind of every scale subresource served here. */
    public static final String API_VERSION = "autoscaling/v1";
    public static final String KIND = "Scale";

    private Scales() {
    }

    /** Builds the Scale of a parent object ({@code status.selector} in string form). */
    public static ObjectNode of(ResourceType type, JsonNode parent) {
        ObjectNode scale = Nodes.F.objectNode();
        scale.put("kind", KIND);
        scale.put("apiVersion", API_VERSION);
        ObjectNode meta = scale.putObject("metadata");
        for (String f : new String[] {"name", "namespace", "uid", "resourceVersion", "creationTimestamp"}) {
            JsonNode v = Nodes.at(parent, "metadata", f);
            if (v != null) {
                meta.set(f, v.deepCopy());
            }
        }
        scale.putObject("spec").put("replicas", Nodes.longAt(parent, 0, "spec", "replicas"));
        ObjectNode status = scale.putObject("status");
        status.put("replicas", Nodes.longAt(parent, 0, "status", "replicas"));
        String selector;
        if (type.equals(ResourceTypes.REPLICATIONCONTROLLERS)) {
            selector = LabelSelectorObjects.fromMap(Nodes.stringMap(parent, "spec", "selector")).toString();
        } else {
            try {
                selector = LabelSelectorObjects.fromLabelSelector(Nodes.at(parent, "spec", "selector")).toString();
            } catch (IllegalArgumentException e) {
                selector = "";
            }
        }
        if (!selector.isEmpty()) {
            status.put("selector", selector);
        }
        return scale;
    }

    /** Whether a type has a /scale subresource this class can serve. */
    public static boolean supports(ResourceType type) {
        return type.equals(ResourceTypes.DEPLOYMENTS) || type.equals(ResourceTypes.REPLICASETS)
                || type.equals(ResourceTypes.REPLICATIONCONTROLLERS);
    }

    /** Writes a Scale's {@code spec.replicas} into a copy of the parent. */
    public static ObjectNode applyReplicas(ObjectNode parent, JsonNode scale) {
        ObjectNode copy = parent.deepCopy();
        Nodes.child(copy, "spec").put("replicas", Nodes.longAt(scale, 0, "spec", "replicas"));
        return copy;
    }
}
