package io.stevedore.apiserver.internal.patch;

import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The merge step of server-side apply: maps merge member by member, keyed lists merge item by item (new items are
 * appended), sets unite, and atomic lists, atomic structs and scalars take the configuration's value.
 */
final class ApplyMerge {

    private ApplyMerge() {
    }

    /** Merges an apply configuration into the live value at a schema path. */
    static JsonNode merge(JsonNode live, JsonNode config, String path, PatchSchema.KindSchema rules) {
        PatchSchema.FieldRule rule = path.isEmpty() ? null : rules.rule(path);
        if (config.isObject()) {
            if (live == null || !live.isObject()
                    || (rule != null && rule.strategy() == PatchSchema.Strategy.ATOMIC_STRUCT)) {
                return config.deepCopy();
            }
            ObjectNode out = (ObjectNode) live.deepCopy();
            for (Map.Entry<String, JsonNode> e : config.properties()) {
                String child = path.isEmpty() ? e.getKey() : path + "." + e.getKey();
                out.set(e.getKey(), merge(out.get(e.getKey()), e.getValue(), child, rules));
            }
            return out;
        }
        if (config.isArray() && live != null && live.isArray() && rule != null) {
            if (rule.strategy() == PatchSchema.Strategy.MERGE_BY_KEY) {
                ArrayNode out = (ArrayNode) live.deepCopy();
                for (JsonNode item : config.values()) {
                    String key = FieldSets.keyToken(item, rule);
                    int at = -1;
                    for (int i = 0; i < out.size() && key != null; i++) {
                        if (key.equals(FieldSets.keyToken(out.get(i), rule))) {
                            at = i;
                            break;
                        }
                    }
                    if (at >= 0) {
                        out.set(at, merge(out.get(at), item, path, rules));
                    } else {
                        out.add(item.deepCopy());
                    }
                }
                return out;
            }
            if (rule.strategy() == PatchSchema.Strategy.PRIMITIVE_SET) {
                ArrayNode out = (ArrayNode) live.deepCopy();
                for (JsonNode v : config.values()) {
                    boolean present = false;
                    for (JsonNode w : out.values()) {
                        present |= Nodes.equal(v, w);
                    }
                    if (!present) {
                        out.add(v.deepCopy());
                    }
                }
                return out;
            }
        }
        return config.deepCopy();
    }
}
