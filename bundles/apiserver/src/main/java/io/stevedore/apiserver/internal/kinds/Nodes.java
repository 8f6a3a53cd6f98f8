package io.stevedore.apiserver.internal.kinds;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/** Small null-safe helpers for reading and writing Kubernetes objects held as Jackson trees. */
public final class Nodes {

    /** The shared node factory. */
    public static final JsonNodeFactory F = JsonNodeFactory.instance;

    private Nodes() {
    }

    /** The node at the given path, or {@code null} when any step is absent or JSON null. */
    public static JsonNode at(JsonNode root, String... path) {
        JsonNode n = root;
        for (String p : path) {
            if (n == null || !n.isObject()) {
                return null;
            }
            n = n.get(p);
        }
        return n == null || n.isNull() || n.isMissingNode() ? null : n;
    }

    /** The text at the path (numbers and booleans rendered), or {@code null}. */
    public static String text(JsonNode root, String... path) {
        return str(at(root, path));
    }

    /** The text at the path, or "" when absent. */
    public static String textOr(JsonNode root, String... path) {
        String s = text(root, path);
        return s == null ? "" : s;
    }

    /** A scalar node as text, or {@code null} for absent and container nodes. */
    public static String str(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode() || n.isContainer()) {
            return null;
        }
        return n.isString() ? n.stringValue() : n.asString();
    }

    /** The integer at the path, or {@code dflt}. */
    public static long longAt(JsonNode root, long dflt, String... path) {
        JsonNode n = at(root, path);
        if (n == null) {
            return dflt;
        }
        if (n.isNumber()) {
            return n.asLong();
        }
        try {
            return Long.parseLong(n.asString());
        } catch (RuntimeException e) {
            return dflt;
        }
    }

    /** Whether the boolean at the path is true. */
    public static boolean isTrue(JsonNode root, String... path) {
        JsonNode n = at(root, path);
        return n != null && n.isBoolean() && n.asBoolean();
    }

    /** The object at the path, or {@code null}. */
    public static ObjectNode obj(JsonNode root, String... path) {
        JsonNode n = at(root, path);
        return n != null && n.isObject() ? (ObjectNode) n : null;
    }

    /** The elements of the array at the path (empty when absent). */
    public static List<JsonNode> list(JsonNode root, String... path) {
        JsonNode n = at(root, path);
        List<JsonNode> out = new ArrayList<>();
        if (n != null && n.isArray()) {
            for (JsonNode e : n) {
                out.add(e);
            }
        }
        return out;
    }

    /** A string map (labels, selector, data) at the path, in document order. */
    public static Map<String, String> stringMap(JsonNode root, String... path) {
        Map<String, String> out = new LinkedHashMap<>();
        JsonNode n = at(root, path);
        if (n != null && n.isObject()) {
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                String v = str(e.getValue());
                out.put(e.getKey(), v == null ? "" : v);
            }
        }
        return out;
    }

    /** The child object named {@code field}, created when absent or not an object. */
    public static ObjectNode child(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n != null && n.isObject()) {
            return (ObjectNode) n;
        }
        return parent.putObject(field);
    }

    /** The object at the path, created step by step when absent. */
    public static ObjectNode ensure(ObjectNode root, String... path) {
        ObjectNode n = root;
        for (String p : path) {
            n = child(n, p);
        }
        return n;
    }

    /** The array named {@code field}, created when absent. */
    public static ArrayNode array(ObjectNode parent, String field) {
        JsonNode n = parent.get(field);
        if (n != null && n.isArray()) {
            return (ArrayNode) n;
        }
        return parent.putArray(field);
    }

    /** Whether a field is absent, JSON null or the empty string. */
    public static boolean isBlank(JsonNode parent, String field) {
        JsonNode n = parent == null ? null : parent.get(field);
        return n == null || n.isNull() || (n.isString() && n.stringValue().isEmpty());
    }

    /** Puts a string when the field is absent, null or empty. */
    public static void defaultText(ObjectNode parent, String field, String value) {
        if (isBlank(parent, field)) {
            parent.put(field, value);
        }
    }

    /** Puts a number when the field is absent or null. */
    public static void defaultLong(ObjectNode parent, String field, long value) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            parent.put(field, value);
        }
    }

    /** Puts a boolean when the field is absent or null. */
    public static void defaultBool(ObjectNode parent, String field, boolean value) {
        JsonNode n = parent.get(field);
        if (n == null || n.isNull()) {
            parent.put(field, value);
        }
    }

    /** The object's metadata, created when absent. */
    public static ObjectNode meta(ObjectNode obj) {
        return child(obj, "metadata");
    }

    /** metadata.name or "". */
    public static String name(JsonNode obj) {
        return textOr(obj, "metadata", "name");
    }

    /** metadata.namespace or "". */
    public static String namespace(JsonNode obj) {
        return textOr(obj, "metadata", "namespace");
    }

    /**
     * Equality as Kubernetes compares decoded Go structs: an absent field equals its zero value
     * (null, {}, [], "", 0, false), so {@code hostNetwork: false} equals no hostNetwork.
     */
    public static boolean semanticEquals(JsonNode a, JsonNode b) {
        if (a != null && a.isObject() && isAbsent(b)) {
            b = F.objectNode();
        } else if (b != null && b.isObject() && isAbsent(a)) {
            a = F.objectNode();
        }
        if (a != null && b != null && a.isObject() && b.isObject()) {
            for (Map.Entry<String, JsonNode> e : a.properties()) {
                if (!semanticEquals(e.getValue(), b.get(e.getKey()))) {
                    return false;
                }
            }
            for (Map.Entry<String, JsonNode> e : b.properties()) {
                if (!a.has(e.getKey()) && !isEmptyValue(e.getValue())) {
                    return false;
                }
            }
            return true;
        }
        boolean ea = isEmptyValue(a);
        boolean eb = isEmptyValue(b);
        if (ea || eb) {
            return ea && eb;
        }
        if (a.isArray() && b.isArray()) {
            if (a.size() != b.size()) {
                return false;
            }
            for (int i = 0; i < a.size(); i++) {
                if (!semanticEquals(a.get(i), b.get(i))) {
                    return false;
                }
            }
            return true;
        }
        if (a.isNumber() && b.isNumber()) {
            return a.decimalValue().compareTo(b.decimalValue()) == 0;
        }
        return a.equals(b);
    }

    private static boolean isAbsent(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode();
    }

    private static boolean isEmptyValue(JsonNode n) {
        return n == null || n.isNull() || n.isMissingNode() || (n.isContainer() && n.isEmpty())
                || (n.isString() && n.stringValue().isEmpty()) || (n.isBoolean() && !n.asBoolean())
                || (n.isNumber() && n.decimalValue().signum() == 0);
    }
}
