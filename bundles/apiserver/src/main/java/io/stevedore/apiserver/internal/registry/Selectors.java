package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.kinds.KindStrategy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Label and field selectors of a list or watch, compiled into one predicate over objects. */
final class Selectors {

    private Selectors() {
    }

    static Predicate<ObjectNode> compile(KindStrategy strategy, String labelSelector, String fieldSelector) {
        Predicate<Map<String, String>> labels = LabelSelector.parse(labelSelector);
        List<String[]> fields = parseFields(fieldSelector);
        if (fields.isEmpty() && (labelSelector == null || labelSelector.isBlank())) {
            return o -> true;
        }
        return o -> {
            if (!labels.test(labelsOf(o))) {
                return false;
            }
            if (fields.isEmpty()) {
                return true;
            }
            Map<String, String> values = strategy.selectableFields(o);
            for (String[] f : fields) {
                String v = values.get(f[0]);
                if (v == null) {
                    return false;
                }
                boolean eq = v.equals(f[2]);
                if (f[1].equals("=") != eq) {
                    return false;
                }
            }
            return true;
        };
    }

    /** Checks every field selector term names a field the kind supports (400 otherwise, as Kubernetes). */
    static void checkFields(KindStrategy strategy, String fieldSelector, ObjectNode sample) {
        List<String[]> fields = parseFields(fieldSelector);
        if (fields.isEmpty()) {
            return;
        }
        Map<String, String> supported = strategy.selectableFields(sample);
        for (String[] f : fields) {
            if (!supported.containsKey(f[0])) {
                throw ApiException.badRequest("field label not supported: " + f[0]);
            }
        }
    }

    static Map<String, String> labelsOf(JsonNode o) {
        JsonNode l = o.path("metadata").path("labels");
        Map<String, String> m = new HashMap<>();
        if (l.isObject()) {
            for (Map.Entry<String, JsonNode> e : l.properties()) {
                m.put(e.getKey(), e.getValue().asString(""));
            }
        }
        return m;
    }

    /** Terms of a field selector as [field, "=" or "!=", value]. */
    static List<String[]> parseFields(String selector) {
        List<String[]> out = new ArrayList<>();
        if (selector == null || selector.isBlank()) {
            return out;
        }
        for (String term : selector.split(",")) {
            String t = term.trim();
            if (t.isEmpty()) {
                continue;
            }
            int ne = t.indexOf("!=");
            int de = t.indexOf("==");
            int eq = t.indexOf('=');
            if (ne > 0) {
                out.add(new String[] {t.substring(0, ne).trim(), "!=", t.substring(ne + 2).trim()});
            } else if (de > 0) {
                out.add(new String[] {t.substring(0, de).trim(), "=", t.substring(de + 2).trim()});
            } else if (eq > 0) {
                out.add(new String[] {t.substring(0, eq).trim(), "=", t.substring(eq + 1).trim()});
            } else {
                throw ApiException.badRequest("invalid field selector: '" + t + "': no '=' or '!=' in term");
            }
        }
        return out;
    }
}
