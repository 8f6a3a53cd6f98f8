package io.stevedore.api.client;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes a structured {@link LabelSelector} (as in a ReplicaSet's {@code spec.selector}) in the
 * string syntax that {@link Lister#list(String, String)} and list options take.
 */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /**
     * The selector string: "" (everything) for an empty selector. A null selector selects
     * nothing in Kubernetes: callers must handle it before asking for a string.
     *
     * @throws IllegalArgumentException for a null selector or an unknown operator
     */
    public static String format(LabelSelector selector) {
        if (selector == null) {
            throw new IllegalArgumentException("a null label selector selects nothing");
        }
        List<String> parts = new ArrayList<>();
        Map<String, String> labels = selector.getMatchLabels() == null ? Map.of()
                : new TreeMap<>(selector.getMatchLabels());
        labels.forEach((k, v) -> parts.add(k + "=" + v));
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                List<String> values = r.getValues() == null ? List.of() : r.getValues();
                switch (r.getOperator()) {
                    case "In" -> parts.add(r.getKey() + " in (" + String.join(",", values) + ")");
                    case "NotIn" -> parts.add(r.getKey() + " notin (" + String.join(",", values) + ")");
                    case "Exists" -> parts.add(r.getKey());
                    case "DoesNotExist" -> parts.add("!" + r.getKey());
                    default -> throw new IllegalArgumentException("unknown label selector operator " + r.getOperator());
                }
            }
        }
        return String.join(",", parts);
    }
}
