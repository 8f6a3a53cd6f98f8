package io.stevedore.shell.internal;

import io.stevedore.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A readable description of any object, after kubectl's generic describer: Name, Namespace, Labels and
 * Annotations first, then every other field in key order as indented "Smart Label:  value" lines.
 */
public final class Describer {

    private static final String INDENT = "  ";
    private static final Set<String> HEADER_METADATA = Set.of("name", "namespace", "labels", "annotations",
            "managedFields");
    private static final Set<String> ACRONYMS = Set.of("api", "cidr", "cpu", "dns", "fqdn", "http", "https", "id",
            "ip", "json", "os", "tcp", "tls", "ttl", "udp", "uid", "uri", "url", "uuid", "sctp");

    private Describer() {
    }

    public static String describe(ResourceType type, ObjectNode obj) {
        List<String[]> header = new ArrayList<>();
        header.add(new String[] {"Name:", nullToEmpty(KubeObjects.name(obj))});
        if (type.namespaced()) {
            header.add(new String[] {"Namespace:", nullToEmpty(KubeObjects.namespace(obj))});
        }
        StringBuilder sb = new StringBuilder();
        int width = "Annotations:".length() + 2;
        for (String[] line : header) {
            sb.append(padRight(line[0], width)).append(line[1]).append('\n');
        }
        appendMap(sb, "Labels:", KubeObjects.stringMap(obj, "labels"), "=", width);
        Map<String, String> annotations = KubeObjects.stringMap(obj, "annotations");
        annotations.remove(Applier.LAST_APPLIED);
        appendMap(sb, "Annotations:", annotations, ": ", width);

        ObjectNode rest = (ObjectNode) Documents.sorted(obj);
        if (rest.get("metadata") instanceof ObjectNode meta) {
            HEADER_METADATA.forEach(meta::remove);
            if (meta.isEmpty()) {
                rest.remove("metadata");
            }
        }
        appendObject(sb, rest, 0);
        return sb.toString();
    }

    private static void appendMap(StringBuilder sb, String label, Map<String, String> map, String sep, int width) {
        if (map.isEmpty()) {
            sb.append(padRight(label, width)).append("<none>\n");
            return;
        }
        boolean first = true;
        for (Map.Entry<String, String> e : map.entrySet()) {
            sb.append(padRight(first ? label : "", width)).append(e.getKey()).append(sep).append(e.getValue())
                    .append('\n');
            first = false;
        }
    }

    private static void appendObject(StringBuilder sb, JsonNode obj, int level) {
        Map<String, JsonNode> fields = new TreeMap<>();
        obj.properties().forEach(e -> fields.put(e.getKey(), e.getValue()));
        int width = 0;
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            if (e.getValue().isValueNode()) {
                width = Math.max(width, smartLabel(e.getKey()).length() + 1);
            }
        }
        for (Map.Entry<String, JsonNode> e : fields.entrySet()) {
            String label = smartLabel(e.getKey()) + ":";
            JsonNode v = e.getValue();
            if (v.isValueNode()) {
                sb.append(INDENT.repeat(level)).append(padRight(label, width + 2)).append(scalar(v)).append('\n');
            } else if (v.isEmpty()) {
                sb.append(INDENT.repeat(level)).append(padRight(label, width + 2)).append("<none>\n");
            } else {
                sb.append(INDENT.repeat(level)).append(label).append('\n');
                appendNested(sb, v, level + 1);
            }
        }
    }

    private static void appendNested(StringBuilder sb, JsonNode v, int level) {
        if (v.isObject()) {
            appendObject(sb, v, level);
            return;
        }
        for (JsonNode item : v) {
            if (item.isValueNode()) {
                sb.append(INDENT.repeat(level)).append(scalar(item)).append('\n');
            } else {
                appendNested(sb, item, level);
            }
        }
    }

    private static String scalar(JsonNode v) {
        if (v.isNull()) {
            return "<nil>";
        }
        return v.isString() ? v.stringValue() : v.toString();
    }

    /** "clusterIP" becomes "Cluster IP"; keys with other characters than letters are kept as they are. */
    static String smartLabel(String field) {
        for (int i = 0; i < field.length(); i++) {
            if (!Character.isLetter(field.charAt(i))) {
                return field;
            }
        }
        List<String> words = new ArrayList<>();
        int start = 0;
        for (int i = 1; i < field.length(); i++) {
            char prev = field.charAt(i - 1);
            char c = field.charAt(i);
            boolean boundary = Character.isUpperCase(c) && (Character.isLowerCase(prev)
                    || (i + 1 < field.length() && Character.isLowerCase(field.charAt(i + 1))
                    && Character.isUpperCase(prev)));
            if (boundary) {
                words.add(field.substring(start, i));
                start = i;
            }
        }
        words.add(field.substring(start));
        StringBuilder sb = new StringBuilder();
        for (String w : words) {
            if (sb.length() > 0) {
                sb.append(' ');
            }
            String lower = w.toLowerCase(java.util.Locale.ROOT);
            if (ACRONYMS.contains(lower)) {
                sb.append(w.toUpperCase(java.util.Locale.ROOT));
            } else {
                sb.append(Character.toUpperCase(w.charAt(0))).append(w.substring(1));
            }
        }
        return sb.toString();
    }

    private static String padRight(String s, int width) {
        StringBuilder sb = new StringBuilder(s);
        while (sb.length() < width) {
            sb.append(' ');
        }
        return sb.toString();
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
