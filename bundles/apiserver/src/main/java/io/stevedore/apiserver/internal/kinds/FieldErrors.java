package io.stevedore.apiserver.internal.kinds;

import java.util.Collection;
import java.util.Map;
import java.util.stream.Collectors;

import io.stevedore.api.ApiException.Cause;
import tools.jackson.databind.JsonNode;

/**
 * Builds field-level causes with the exact bodies of apimachinery's {@code field.Error}
 * ({@code Required value}, {@code Invalid value: "x": detail}, ...). The cause's reason is the
 * {@code FieldValue...} type name; its message is the error body; its field the path.
 */
public final class FieldErrors {

    private FieldErrors() {
    }

    public static Cause required(String field, String detail) {
        return new Cause("FieldValueRequired", withDetail("Required value", detail), field);
    }

    /** {@code Invalid value: <value>: detail}; the value is rendered as Go's field errors do. */
    public static Cause invalid(String field, Object value, String detail) {
        return new Cause("FieldValueInvalid", withDetail("Invalid value: " + render(value), detail), field);
    }

    public static Cause notSupported(String field, Object value, Collection<String> supported) {
        String detail = supported == null || supported.isEmpty() ? ""
                : "supported values: " + supported.stream().map(FieldErrors::quote).collect(Collectors.joining(", "));
        return new Cause("FieldValueNotSupported", withDetail("Unsupported value: " + render(value), detail), field);
    }

    public static Cause duplicate(String field, Object value) {
        return new Cause("FieldValueDuplicate", "Duplicate value: " + render(value), field);
    }

    public static Cause forbidden(String field, String detail) {
        return new Cause("FieldValueForbidden", withDetail("Forbidden", detail), field);
    }

    public static Cause notFound(String field, Object value) {
        return new Cause("FieldValueNotFound", "Not found: " + render(value), field);
    }

    public static Cause tooLong(String field, int max) {
        return new Cause("FieldValueTooLong",
                "Too long: may not be more than " + max + (max == 1 ? " byte" : " bytes"), field);
    }

    public static Cause tooMany(String field, int actual, int max) {
        return new Cause("FieldValueTooMany", "Too many: " + actual + ": must have at most " + max + " items", field);
    }

    /** The "field is immutable" error of {@code ValidateImmutableField}. */
    public static Cause immutable(String field, Object value) {
        return invalid(field, value, "field is immutable");
    }

    private static String withDetail(String body, String detail) {
        return detail == null || detail.isEmpty() ? body : body + ": " + detail;
    }

    /** Go's {@code %q} of a string. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    /** Renders a bad value: strings quoted, numbers and booleans bare, {@link GoValue}s verbatim. */
    static String render(Object value) {
        if (value == null) {
            return "null";
        }
        if (value instanceof GoValue g) {
            return g.text();
        }
        if (value instanceof String s) {
            return quote(s);
        }
        if (value instanceof JsonNode n) {
            if (n.isString()) {
                return quote(n.stringValue());
            }
            if (n.isValueNode()) {
                return n.asString();
            }
            return n.toString();
        }
        return String.valueOf(value);
    }

    /** A bad value already rendered (complex values are shown as JSON by apimachinery's field errors). */
    public record GoValue(String text) {
    }

    /** A complex bad value rendered as Go's {@code json.Marshal} would (object keys as given, maps sorted by callers). */
    public static GoValue json(JsonNode n) {
        return new GoValue(n == null ? "null" : n.toString());
    }

    /** A label map as {@code json.Marshal} renders a Go map: keys sorted. */
    public static GoValue jsonStringMap(Map<String, String> m) {
        if (m == null) {
            return new GoValue("null");
        }
        return new GoValue(m.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> quote(e.getKey()) + ":" + quote(e.getValue()))
                .collect(Collectors.joining(",", "{", "}")));
    }

    /** A string list as JSON ({@code ["a","b"]}). */
    public static GoValue jsonStrings(Collection<String> values) {
        return new GoValue(values.stream().map(FieldErrors::quote).collect(Collectors.joining(",", "[", "]")));
    }

    /** An IntOrString as JSON: {@code 0} or {@code "25%"}. */
    public static GoValue jsonIntOrString(JsonNode n) {
        if (n != null && n.isString()) {
            return new GoValue(quote(n.stringValue()));
        }
        return new GoValue(String.valueOf(n == null ? 0 : n.asLong()));
    }

    /** A LabelSelector as JSON, empty fields omitted ({@code {"matchLabels":{"app":"web"}}}). */
    public static GoValue jsonLabelSelector(JsonNode sel) {
        StringBuilder b = new StringBuilder("{");
        Map<String, String> ml = Nodes.stringMap(sel, "matchLabels");
        if (!ml.isEmpty()) {
            b.append("\"matchLabels\":").append(jsonStringMap(ml).text());
        }
        var exprs = Nodes.list(sel, "matchExpressions");
        if (!exprs.isEmpty()) {
            b.append(ml.isEmpty() ? "" : ",").append("\"matchExpressions\":");
            b.append(exprs.stream().map(e -> {
                String v = Nodes.list(e, "values").isEmpty() ? ""
                        : ",\"values\":" + jsonStrings(Nodes.list(e, "values").stream()
                        .map(x -> Nodes.str(x) == null ? "" : Nodes.str(x)).toList()).text();
                return "{\"key\":" + quote(Nodes.textOr(e, "key")) + ",\"operator\":"
                        + quote(Nodes.textOr(e, "operator")) + v + "}";
            }).collect(Collectors.joining(",", "[", "]")));
        }
        return new GoValue(b.append('}').toString());
    }
}
