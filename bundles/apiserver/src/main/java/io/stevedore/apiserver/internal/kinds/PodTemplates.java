package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.LabelSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The pod template rules shared by deployments, replica sets and replication controllers. */
final class PodTemplates {

    private PodTemplates() {
    }

    /** Applies the pod spec defaults to {@code spec.template.spec}. */
    static void applyDefaults(ObjectNode obj) {
        ObjectNode template = Nodes.obj(obj, "spec", "template");
        if (template != null) {
            PodSpecs.applyDefaults(Nodes.child(template, "spec"), false);
        }
    }

    /**
     * {@code ValidatePodTemplateSpecForReplicaSet}: the template exists, its labels match the
     * selector, it is a valid pod template, restartPolicy Always and no activeDeadlineSeconds.
     */
    static List<Cause> validate(JsonNode template, String path, LabelSelectors.Selector selector, String owner) {
        List<Cause> errs = new ArrayList<>();
        if (template == null) {
            errs.add(FieldErrors.required(path, ""));
            return errs;
        }
        Map<String, String> labels = Nodes.stringMap(template, "metadata", "labels");
        if (selector != null && !selector.isEmpty() && !selector.matches(labels)) {
            errs.add(FieldErrors.invalid(path + ".metadata.labels", FieldErrors.jsonStringMap(labels),
                    "`selector` does not match template `labels`"));
        }
        errs.addAll(ObjectMetaValidation.validateLabels(labels, path + ".metadata.labels"));
        errs.addAll(ObjectMetaValidation.validateAnnotations(Nodes.stringMap(template, "metadata", "annotations"),
                path + ".metadata.annotations"));
        JsonNode spec = Nodes.at(template, "spec");
        errs.addAll(PodSpecs.validate(spec, path + ".spec", false));
        String restart = Nodes.textOr(spec, "restartPolicy");
        if (!restart.isEmpty() && !restart.equals("Always")) {
            errs.add(FieldErrors.notSupported(path + ".spec.restartPolicy", restart, List.of("Always")));
        }
        if (Nodes.at(spec, "activeDeadlineSeconds") != null) {
            errs.add(FieldErrors.forbidden(path + ".spec.activeDeadlineSeconds",
                    "activeDeadlineSeconds in " + owner + " is not Supported"));
        }
        return errs;
    }

    /** Validates an apps/v1 {@code spec.selector} and returns it parsed, or {@code null} when unusable. */
    static LabelSelectors.Selector validateSelector(JsonNode spec, List<Cause> errs) {
        JsonNode sel = Nodes.at(spec, "selector");
        if (sel == null) {
            errs.add(FieldErrors.required("spec.selector", ""));
            return null;
        }
        errs.addAll(LabelSelectorObjects.validate(sel, "spec.selector"));
        if (Nodes.stringMap(sel, "matchLabels").isEmpty() && Nodes.list(sel, "matchExpressions").isEmpty()) {
            errs.add(FieldErrors.invalid("spec.selector", FieldErrors.jsonLabelSelector(sel),
                    "empty selector is invalid for deployment"));
        }
        try {
            return LabelSelectorObjects.fromLabelSelector(sel);
        } catch (IllegalArgumentException e) {
            errs.add(FieldErrors.invalid("spec.selector", FieldErrors.jsonLabelSelector(sel), "invalid label selector"));
            return null;
        }
    }

    /** {@code ValidateNonnegativeField}. */
    static void nonNegative(JsonNode spec, String field, String path, List<Cause> errs) {
        JsonNode n = Nodes.at(spec, field);
        if (n != null && n.asLong() < 0) {
            errs.add(FieldErrors.invalid(path, n.asLong(), "must be greater than or equal to 0"));
        }
    }

    /** The immutable apps/v1 selector rule. */
    static List<Cause> selectorImmutable(JsonNode obj, JsonNode old) {
        JsonNode now = Nodes.at(obj, "spec", "selector");
        JsonNode before = Nodes.at(old, "spec", "selector");
        if (!Nodes.semanticEquals(now, before)) {
            return List.of(FieldErrors.immutable("spec.selector", FieldErrors.jsonLabelSelector(now)));
        }
        return List.of();
    }

    /** {@code layoutContainerCells} of {@code spec.template.spec}. */
    static String[] containerCells(JsonNode obj) {
        return BaseStrategy.containerCells(Nodes.at(obj, "spec", "template", "spec"));
    }
}
