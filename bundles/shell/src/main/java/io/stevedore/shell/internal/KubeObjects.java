package io.stevedore.shell.internal;

import io.stevedore.api.ResourceType;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import tools.jackson.databind.JsonNode;

/** Small readers over object trees and the names kubectl gives objects. */
public final class KubeObjects {

    /** The namespace kubectl uses when none is given. */
    public static final String DEFAULT_NAMESPACE = "default";

    private KubeObjects() {
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    public static String name(JsonNode obj) {
        return text(obj.get("metadata"), "name");
    }

    public static String namespace(JsonNode obj) {
        return text(obj.get("metadata"), "namespace");
    }

    /** "pod", or "deployment.apps" outside the core group: the resource part of kubectl's "kind/name". */
    public static String kindName(ResourceType type) {
        String kind = type.kind().toLowerCase(Locale.ROOT);
        return type.group().isEmpty() ? kind : kind + "." + type.group();
    }

    /** "pod/x", "deployment.apps/x": how {@code -o name} and apply print an object. */
    public static String ref(ResourceType type, String name) {
        return kindName(type) + "/" + name;
    }

    /** The labels (or annotations) of an object, sorted by key. */
    public static Map<String, String> stringMap(JsonNode obj, String field) {
        Map<String, String> out = new TreeMap<>();
        JsonNode m = obj.path("metadata").path(field);
        for (Map.Entry<String, JsonNode> e : m.properties()) {
            out.put(e.getKey(), e.getValue().isString() ? e.getValue().stringValue() : e.getValue().toString());
        }
        return out;
    }

    /** kubectl's LABELS cell: "k=v,k2=v2" or "&lt;none&gt;". */
    public static String labelsCell(JsonNode obj) {
        Map<String, String> labels = stringMap(obj, "labels");
        if (labels.isEmpty()) {
            return "<none>";
        }
        StringBuilder sb = new StringBuilder();
        labels.forEach((k, v) -> sb.append(sb.length() == 0 ? "" : ",").append(k).append('=').append(v));
        return sb.toString();
    }
}
