package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.LabelSelectors;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.apiserver.internal.kinds.FieldSelectors;
import io.stevedore.apiserver.internal.kinds.KindStrategies;
import io.stevedore.apiserver.internal.kinds.KindStrategy;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** Label and field selectors of a list or watch, compiled into one predicate over objects. */
final class Selectors {

    /** The predicate of an empty selector: callers may skip work (decoding) when they get this one. */
    static final Predicate<ObjectNode> EVERYTHING = o -> true;

    private Selectors() {
    }

    /** Parses both selectors (400 on bad syntax or an unsupported field) into a predicate. */
    static Predicate<ObjectNode> compile(ResourceType type, String labelSelector, String fieldSelector) {
        LabelSelectors.Selector labels;
        FieldSelectors.Selector fields;
        try {
            labels = labelSelector == null || labelSelector.isBlank() ? LabelSelectors.Selector.EVERYTHING
                    : LabelSelectors.parse(labelSelector);
            fields = fieldSelector == null || fieldSelector.isBlank() ? FieldSelectors.Selector.EVERYTHING
                    : FieldSelectors.parse(fieldSelector).requireSupported(KindStrategies.selectableFieldNames(type));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        if (labels.isEmpty() && fields.isEmpty()) {
            return EVERYTHING;
        }
        KindStrategy strategy = KindStrategies.forType(type);
        LabelSelectors.Selector l = labels;
        FieldSelectors.Selector f = fields;
        return o -> l.matches(labelsOf(o)) && (f.isEmpty() || f.matches(strategy.selectableFields(o)));
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
}
