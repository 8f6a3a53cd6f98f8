package io.stevedore.apiserver.internal.patch;

import io.stevedore.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Field paths of objects in the FieldsV1 vocabulary of server-side apply. A path is a list of tokens:
 * {@code f:<name>} (a member), {@code k:{...}} (an item of a keyed list, by its key fields in name order) and
 * {@code v:<json>} (a member of a set). A field set is the set of paths a manager owns ("members"):
 * scalars, atomic lists and structs, empty maps, and each keyed-list item itself.
 */
final class FieldSets {

    /** ObjectMeta fields that are never owned ({@code StripMetaManager} in Kubernetes). */
    private static final Set<String> STRIPPED_META = Set.of("name", "namespace", "uid", "resourceVersion",
            "generation", "creationTimestamp", "selfLink", "managedFields", "clusterName", "deletionTimestamp",
            "deletionGracePeriodSeconds");

    private FieldSets() {
    }

    /**
     * The members of an object. With {@code strict}, a keyed-list item without its key is a 400 (as an apply
     * configuration is rejected); otherwise such a list counts as atomic.
     */
    static Set<List<String>> of(JsonNode obj, PatchSchema.KindSchema rules, boolean strict, boolean includeStatus) {
        Set<List<String>> out = new LinkedHashSet<>();
        if (obj == null || !obj.isObject()) {
            return out;
        }
        for (Map.Entry<String, JsonNode> e : obj.properties()) {
            String k = e.getKey();
            JsonNode v = e.getValue();
            if (k.equals("apiVersion") || k.equals("kind") || (k.equals("status") && !includeStatus) || v.isNull()) {
                continue;
            }
            if (k.equals("metadata") && v.isObject()) {
                for (Map.Entry<String, JsonNode> m : v.properties()) {
                    if (!STRIPPED_META.contains(m.getKey()) && !m.getValue().isNull()) {
                        walk(m.getValue(), List.of("f:metadata", "f:" + m.getKey()), "metadata." + m.getKey(), rules,
                                strict, out);
                    }
                }
                continue;
            }
            walk(v, List.of("f:" + k), k, rules, strict, out);
        }
        return out;
    }

    private static void walk(JsonNode n, List<String> tokens, String path, PatchSchema.KindSchema rules, boolean strict,
                             Set<List<String>> out) {
        PatchSchema.FieldRule rule = rules.rule(path);
        if (n.isObject()) {
            if (n.isEmpty() || (rule != null && rule.strategy() == PatchSchema.Strategy.ATOMIC_STRUCT)) {
                out.add(tokens);
                return;
            }
            for (Map.Entry<String, JsonNode> e : n.properties()) {
                if (!e.getValue().isNull()) {
                    walk(e.getValue(), plus(tokens, "f:" + e.getKey()), path + "." + e.getKey(), rules, strict, out);
                }
            }
            return;
        }
        if (n.isArray() && rule != null && rule.strategy() == PatchSchema.Strategy.MERGE_BY_KEY) {
            List<String> keys = new ArrayList<>();
            for (int i = 0; i < n.size(); i++) {
                String key = keyToken(n.get(i), rule);
                if (key == null) {
                    if (strict) {
                        throw ApiException.badRequest("failed to create typed patch object: " + render(tokens)
                                + ": element " + i + ": associative list with keys has an element that omits key field \""
                                + rule.mergeKey() + "\" (and doesn't have default value)");
                    }
                    out.add(tokens);
                    return;
                }
                keys.add(key);
            }
            for (int i = 0; i < n.size(); i++) {
                List<String> item = plus(tokens, keys.get(i));
                out.add(item);
                for (Map.Entry<String, JsonNode> e : n.get(i).properties()) {
                    if (!e.getValue().isNull()) {
                        walk(e.getValue(), plus(item, "f:" + e.getKey()), path + "." + e.getKey(), rules, strict, out);
                    }
                }
            }
            return;
        }
        if (n.isArray() && rule != null && rule.strategy() == PatchSchema.Strategy.PRIMITIVE_SET) {
            for (JsonNode v : n.values()) {
                out.add(plus(tokens, "v:" + v.toString()));
            }
            return;
        }
        out.add(tokens);
    }

    /** The {@code k:{...}} token of a keyed-list item, or null when the item is not an object or lacks its key. */
    static String keyToken(JsonNode item, PatchSchema.FieldRule rule) {
        if (!item.isObject()) {
            return null;
        }
        ObjectNode key = Nodes.F.objectNode();
        for (String k : new TreeSet<>(rule.keys())) {
            JsonNode v = item.get(k);
            if (v == null || v.isNull()) {
                v = PatchSchema.keyDefault(rule, k);
            }
            if (v == null) {
                if (k.equals(rule.mergeKey())) {
                    return null;
                }
                continue;
            }
            key.set(k, v);
        }
        return "k:" + key;
    }

    /** The node at a path, or null. */
    static JsonNode at(JsonNode root, List<String> tokens, PatchSchema.KindSchema rules) {
        JsonNode cur = root;
        String path = "";
        for (String t : tokens) {
            if (cur == null) {
                return null;
            }
            if (t.startsWith("f:")) {
                String name = t.substring(2);
                cur = cur.isObject() ? cur.get(name) : null;
                path = path.isEmpty() ? name : path + "." + name;
            } else {
                int i = indexIn(cur, t, rules.rule(path));
                cur = i < 0 ? null : cur.get(i);
            }
        }
        return cur;
    }

    /** Removes the node at a path from {@code root}; returns whether something was removed. */
    static boolean remove(JsonNode root, List<String> tokens, PatchSchema.KindSchema rules) {
        if (tokens.isEmpty()) {
            return false;
        }
        List<String> parentTokens = tokens.subList(0, tokens.size() - 1);
        JsonNode parent = at(root, parentTokens, rules);
        String last = tokens.get(tokens.size() - 1);
        if (parent == null) {
            return false;
        }
        if (last.startsWith("f:")) {
            return parent.isObject() && ((ObjectNode) parent).remove(last.substring(2)) != null;
        }
        int i = indexIn(parent, last, rules.rule(schemaPath(parentTokens)));
        if (i < 0) {
            return false;
        }
        ((ArrayNode) parent).remove(i);
        return true;
    }

    private static int indexIn(JsonNode list, String token, PatchSchema.FieldRule rule) {
        if (list == null || !list.isArray()) {
            return -1;
        }
        for (int i = 0; i < list.size(); i++) {
            JsonNode item = list.get(i);
            String candidate = token.startsWith("k:") ? (rule == null ? null : keyToken(item, rule)) : "v:" + item;
            if (token.equals(candidate)) {
                return i;
            }
        }
        return -1;
    }

    /** The dotted schema path (names only) of a token path. */
    static String schemaPath(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (t.startsWith("f:")) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(t, 2, t.length());
            }
        }
        return sb.toString();
    }

    /** A path as structured-merge-diff prints it: {@code .spec.containers[name="nginx"].image}. */
    static String render(List<String> tokens) {
        StringBuilder sb = new StringBuilder();
        for (String t : tokens) {
            if (t.startsWith("f:")) {
                sb.append('.').append(t, 2, t.length());
            } else if (t.startsWith("k:")) {
                JsonNode key = parse(t.substring(2));
                sb.append('[');
                boolean first = true;
                for (Map.Entry<String, JsonNode> e : key.properties()) {
                    if (!first) {
                        sb.append(',');
                    }
                    first = false;
                    sb.append(e.getKey()).append('=').append(e.getValue().toString());
                }
                sb.append(']');
            } else if (t.startsWith("v:")) {
                sb.append("[=").append(t.substring(2)).append(']');
            } else {
                sb.append(t);
            }
        }
        return sb.toString();
    }

    static JsonNode parse(String json) {
        return ManagedFields.parseJson(json);
    }

    static boolean isPrefix(List<String> prefix, List<String> path) {
        return path.size() > prefix.size() && path.subList(0, prefix.size()).equals(prefix);
    }

    static List<String> plus(List<String> tokens, String t) {
        List<String> out = new ArrayList<>(tokens.size() + 1);
        out.addAll(tokens);
        out.add(t);
        return List.copyOf(out);
    }
}
