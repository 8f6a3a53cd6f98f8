package io.stevedore.apiserver.internal.patch;

import java.math.BigDecimal;
import java.util.Iterator;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small helpers over Jackson trees shared by the patch engines. */
final class Nodes {

    static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Nodes() {
    }

    /** JSON equality where numbers compare by value (80 == 80.0 == 80L), as decoded Go values do. */
    static boolean equal(JsonNode a, JsonNode b) {
        if (a == null || b == null) {
            return a == b || (a == null && b.isNull()) || (b == null && a.isNull());
        }
        if (a.isNumber() && b.isNumber()) {
            return toDecimal(a).compareTo(toDecimal(b)) == 0;
        }
        if (a.isObject() && b.isObject()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                JsonNode other = b.get(e.getKey());
                if (other == null || !equal(e.getValue(), other)) {
                    return false;
                }
            }
            return true;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!equal(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        return a.equals(b);
    }

    private static BigDecimal toDecimal(JsonNode n) {
        return n.isIntegralNumber() ? new BigDecimal(n.bigIntegerValue()) : n.decimalValue();
    }

    /** The Go JSON type name of a value, to compare kinds as {@code reflect.TypeOf} does. */
    static String goType(JsonNode n) {
        if (n == null || n.isNull()) {
            return "nil";
        }
        if (n.isObject()) {
            return "map";
        }
        if (n.isArray()) {
            return "slice";
        }
        if (n.isNumber()) {
            return "number";
        }
        if (n.isBoolean()) {
            return "bool";
        }
        return "string";
    }

    /** Renders a value as Go's {@code fmt.Sprintf("%v")} renders a decoded JSON value (for error messages). */
    static String goString(JsonNode n) {
        if (n == null || n.isNull()) {
            return "<nil>";
        }
        if (n.isObject()) {
            Map<String, JsonNode> sorted = new TreeMap<>();
            n.properties().forEach(e -> sorted.put(e.getKey(), e.getValue()));
            return sorted.entrySet().stream().map(e -> e.getKey() + ":" + goString(e.getValue()))
                    .collect(Collectors.joining(" ", "map[", "]"));
        }
        if (n.isArray()) {
            StringBuilder sb = new StringBuilder("[");
            for (Iterator<JsonNode> it = n.values().iterator(); it.hasNext(); ) {
                sb.append(goString(it.next()));
                if (it.hasNext()) {
                    sb.append(' ');
                }
            }
            return sb.append(']').toString();
        }
        if (n.isString()) {
            return n.stringValue();
        }
        return n.toString();
    }

    /** A deep copy with null-valued object members removed (what a typed round trip does to a patch value). */
    static JsonNode withoutNulls(JsonNode n) {
        if (n == null) {
            return null;
        }
        if (n.isObject()) {
            ObjectNode out = F.objectNode();
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!e.getValue().isNull()) {
                    out.set(e.getKey(), withoutNulls(e.getValue()));
                }
            }
            return out;
        }
        if (n.isArray()) {
            ArrayNode out = F.arrayNode();
            n.values().forEach(v -> out.add(withoutNulls(v)));
            return out;
        }
        return n.deepCopy();
    }
}
