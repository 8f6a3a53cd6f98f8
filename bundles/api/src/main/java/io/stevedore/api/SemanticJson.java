package io.stevedore.api;

import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' semantic equality on JSON trees: Go's zero values are not written, so a null, an empty
 * object and an empty list equal an absent field ({@code resources: {}} is no resources at all).
 */
public final class SemanticJson {

    private SemanticJson() {
    }

    /** A copy without nulls, empty objects or empty lists, at any depth. */
    public static JsonNode pruned(JsonNode node) {
        return prune(node == null ? null : node.deepCopy());
    }

    public static boolean equal(JsonNode a, JsonNode b) {
        JsonNode pa = pruned(a);
        JsonNode pb = pruned(b);
        boolean emptyA = pa == null || pa.isNull() || (pa.isContainer() && pa.isEmpty());
        boolean emptyB = pb == null || pb.isNull() || (pb.isContainer() && pb.isEmpty());
        return emptyA || emptyB ? emptyA == emptyB : pa.equals(pb);
    }

    private static JsonNode prune(JsonNode n) {
        if (n instanceof ObjectNode o) {
            List<String> names = new ArrayList<>(o.propertyNames());
            for (String k : names) {
                JsonNode v = prune(o.get(k));
                if (v.isNull() || (v.isContainer() && v.isEmpty())) {
                    o.remove(k);
                } else {
                    o.set(k, v);
                }
            }
        } else if (n instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                a.set(i, prune(a.get(i)));
            }
        }
        return n;
    }
}
