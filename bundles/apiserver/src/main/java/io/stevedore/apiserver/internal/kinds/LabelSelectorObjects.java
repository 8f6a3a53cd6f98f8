package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.LabelSelectors;
import io.stevedore.api.Names;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.LabelSelectors.Op;
import io.stevedore.api.LabelSelectors.Requirement;
import io.stevedore.api.LabelSelectors.Selector;
import tools.jackson.databind.JsonNode;

/**
 * {@code LabelSelector} objects (matchLabels, matchExpressions) of the API: conversion to a
 * {@link io.stevedore.api.LabelSelectors.Selector}, their string form and their validation.
 */
public final class LabelSelectorObjects {

    private LabelSelectorObjects() {
    }

    /** Converts a {@code LabelSelector} object ({@code matchLabels}, {@code matchExpressions}). */
    public static Selector fromLabelSelector(JsonNode sel) {
        List<Requirement> reqs = new ArrayList<>();
        for (Map.Entry<String, String> e : Nodes.stringMap(sel, "matchLabels").entrySet()) {
            reqs.add(LabelSelectors.requirement(e.getKey(), Op.EQUALS, List.of(e.getValue())));
        }
        for (JsonNode e : Nodes.list(sel, "matchExpressions")) {
            String operator = Nodes.textOr(e, "operator");
            Op op = switch (operator) {
                case "In" -> Op.IN;
                case "NotIn" -> Op.NOT_IN;
                case "Exists" -> Op.EXISTS;
                case "DoesNotExist" -> Op.DOES_NOT_EXIST;
                default -> throw new IllegalArgumentException("\"" + operator + "\" is not a valid label selector operator");
            };
            List<String> values = Nodes.list(e, "values").stream().map(Nodes::str).toList();
            reqs.add(LabelSelectors.requirement(Nodes.textOr(e, "key"), op, values));
        }
        reqs.sort(Comparator.comparing(Requirement::key));
        return new Selector(reqs);
    }

    /** A selector from a plain label map (ReplicationController selectors, Service selectors). */
    public static Selector fromMap(Map<String, String> map) {
        List<Requirement> reqs = new ArrayList<>();
        map.forEach((k, v) -> reqs.add(new Requirement(k, Op.EQUALS, List.of(v))));
        reqs.sort(Comparator.comparing(Requirement::key));
        return new Selector(reqs);
    }

    /** {@code metav1.FormatLabelSelector}: the string, {@code <none>} when empty, {@code <error>} when invalid. */
    public static String format(JsonNode sel) {
        try {
            String s = fromLabelSelector(sel).toString();
            return s.isEmpty() ? "<none>" : s;
        } catch (IllegalArgumentException e) {
            return "<error>";
        }
    }

    /** {@code labels.FormatLabels}: sorted {@code k=v} pairs, {@code <none>} when empty. */
    public static String formatLabels(Map<String, String> labels) {
        String s = labels.entrySet().stream().sorted(Map.Entry.comparingByKey())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(","));
        return s.isEmpty() ? "<none>" : s;
    }

    /** {@code ValidateLabelSelector} of a LabelSelector object at {@code path}. */
    public static List<Cause> validate(JsonNode sel, String path) {
        List<Cause> errs = new ArrayList<>();
        if (sel == null) {
            return errs;
        }
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(sel, "matchLabels"), path + ".matchLabels"));
        List<JsonNode> exprs = Nodes.list(sel, "matchExpressions");
        for (int i = 0; i < exprs.size(); i++) {
            JsonNode e = exprs.get(i);
            String p = path + ".matchExpressions[" + i + "]";
            String op = Nodes.textOr(e, "operator");
            int nvalues = Nodes.list(e, "values").size();
            switch (op) {
                case "In", "NotIn" -> {
                    if (nvalues == 0) {
                        errs.add(FieldErrors.required(p + ".values", "must be specified when `operator` is 'In' or 'NotIn'"));
                    }
                }
                case "Exists", "DoesNotExist" -> {
                    if (nvalues > 0) {
                        errs.add(FieldErrors.forbidden(p + ".values", "may not be specified when `operator` is 'Exists' or 'DoesNotExist'"));
                    }
                }
                default -> errs.add(FieldErrors.invalid(p + ".operator", op, "not a valid selector operator"));
            }
            String key = Nodes.textOr(e, "key");
            for (String m : Names.qualifiedName(key)) {
                errs.add(FieldErrors.invalid(p + ".key", key, m));
            }
            List<JsonNode> values = Nodes.list(e, "values");
            for (int j = 0; j < values.size(); j++) {
                String v = Nodes.str(values.get(j)) == null ? "" : Nodes.str(values.get(j));
                for (String m : Names.labelValue(v)) {
                    errs.add(FieldErrors.invalid(p + ".values[" + j + "]", v, m));
                }
            }
        }
        return errs;
    }
}
