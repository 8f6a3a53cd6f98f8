package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.LabelSelectors;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** apps/v1 Deployments. */
final class DeploymentStrategy extends BaseStrategy {

    DeploymentStrategy() {
        super(ResourceTypes.DEPLOYMENTS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Nodes.child(obj, "spec");
        Nodes.defaultLong(spec, "replicas", 1);
        ObjectNode strategy = Nodes.child(spec, "strategy");
        Nodes.defaultText(strategy, "type", "RollingUpdate");
        if ("RollingUpdate".equals(Nodes.text(strategy, "type"))) {
            ObjectNode ru = Nodes.child(strategy, "rollingUpdate");
            if (Nodes.at(ru, "maxUnavailable") == null) {
                ru.put("maxUnavailable", "25%");
            }
            if (Nodes.at(ru, "maxSurge") == null) {
                ru.put("maxSurge", "25%");
            }
        }
        Nodes.defaultLong(spec, "revisionHistoryLimit", 10);
        Nodes.defaultLong(spec, "progressDeadlineSeconds", 600);
        PodTemplates.applyDefaults(obj);
    }

    @Override
    protected boolean tracksGeneration() {
        return true;
    }

    /**
     * As Kubernetes' deploymentStatusStrategy: a status update resets the spec and labels only, so the
     * controller records {@code deployment.kubernetes.io/revision} with its status without bumping the
     * generation (which annotation changes through the main resource do).
     */
    @Override
    public void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        JsonNode annotations = Nodes.at(obj, "metadata", "annotations");
        super.prepareForStatusUpdate(obj, old);
        ObjectNode meta = Nodes.meta(obj);
        if (annotations == null) {
            meta.remove("annotations");
        } else {
            meta.set("annotations", annotations.deepCopy());
        }
    }

    @Override
    protected boolean specChanged(ObjectNode obj, ObjectNode old) {
        return super.specChanged(obj, old)
                || !Nodes.semanticEquals(Nodes.at(obj, "metadata", "annotations"), Nodes.at(old, "metadata", "annotations"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        obj.putObject("status");
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        PodTemplates.nonNegative(spec, "replicas", "spec.replicas", errs);
        LabelSelectors.Selector selector = PodTemplates.validateSelector(spec, errs);
        if (selector != null || Nodes.at(spec, "selector") == null) {
            errs.addAll(PodTemplates.validate(Nodes.at(spec, "template"), "spec.template", selector, "ReplicaSet"));
        }
        errs.addAll(validateStrategy(Nodes.at(spec, "strategy")));
        PodTemplates.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        PodTemplates.nonNegative(spec, "revisionHistoryLimit", "spec.revisionHistoryLimit", errs);
        JsonNode pds = Nodes.at(spec, "progressDeadlineSeconds");
        if (pds != null) {
            PodTemplates.nonNegative(spec, "progressDeadlineSeconds", "spec.progressDeadlineSeconds", errs);
            if (pds.asLong() <= Nodes.longAt(spec, 0, "minReadySeconds")) {
                errs.add(FieldErrors.invalid("spec.progressDeadlineSeconds", pds.asLong(), "must be greater than minReadySeconds"));
            }
        }
        return errs;
    }

    private static List<Cause> validateStrategy(JsonNode strategy) {
        List<Cause> errs = new ArrayList<>();
        String type = Nodes.textOr(strategy, "type");
        JsonNode ru = Nodes.at(strategy, "rollingUpdate");
        switch (type) {
            case "Recreate" -> {
                if (ru != null) {
                    errs.add(FieldErrors.forbidden("spec.strategy.rollingUpdate",
                            "may not be specified when strategy `type` is 'Recreate'"));
                }
            }
            case "RollingUpdate" -> {
                if (ru == null) {
                    errs.add(FieldErrors.required("spec.strategy.rollingUpdate", "this should be defaulted and never be nil"));
                } else {
                    errs.addAll(validateRollingUpdate(ru));
                }
            }
            default -> errs.add(FieldErrors.notSupported("spec.strategy", internalStrategy(type, ru),
                    List.of("Recreate", "RollingUpdate")));
        }
        return errs;
    }

    /** The internal DeploymentStrategy as json.Marshal renders it (Go field names, no json tags). */
    private static FieldErrors.GoValue internalStrategy(String type, JsonNode ru) {
        String rolling = ru == null ? "null" : "{\"MaxUnavailable\":"
                + FieldErrors.jsonIntOrString(Nodes.at(ru, "maxUnavailable")).text() + ",\"MaxSurge\":"
                + FieldErrors.jsonIntOrString(Nodes.at(ru, "maxSurge")).text() + "}";
        return new FieldErrors.GoValue("{\"Type\":" + FieldErrors.quote(type) + ",\"RollingUpdate\":" + rolling + "}");
    }

    private static List<Cause> validateRollingUpdate(JsonNode ru) {
        List<Cause> errs = new ArrayList<>();
        JsonNode maxUnavailable = Nodes.at(ru, "maxUnavailable");
        JsonNode maxSurge = Nodes.at(ru, "maxSurge");
        errs.addAll(positiveIntOrPercent(maxUnavailable, "spec.strategy.rollingUpdate.maxUnavailable"));
        errs.addAll(positiveIntOrPercent(maxSurge, "spec.strategy.rollingUpdate.maxSurge"));
        if (intOrPercentValue(maxUnavailable) == 0 && intOrPercentValue(maxSurge) == 0) {
            errs.add(FieldErrors.invalid("spec.strategy.rollingUpdate.maxUnavailable",
                    FieldErrors.jsonIntOrString(maxUnavailable), "may not be 0 when `maxSurge` is 0"));
        }
        if (maxUnavailable != null && maxUnavailable.isString() && isPercent(maxUnavailable.stringValue())
                && intOrPercentValue(maxUnavailable) > 100) {
            errs.add(FieldErrors.invalid("spec.strategy.rollingUpdate.maxUnavailable",
                    FieldErrors.jsonIntOrString(maxUnavailable), "must not be greater than 100%"));
        }
        return errs;
    }

    private static List<Cause> positiveIntOrPercent(JsonNode v, String path) {
        List<Cause> errs = new ArrayList<>();
        if (v == null) {
            return errs;
        }
        if (v.isString()) {
            if (!isPercent(v.stringValue())) {
                errs.add(FieldErrors.invalid(path, FieldErrors.jsonIntOrString(v), "must be an integer or percentage (e.g '5%')"));
            } else if (intOrPercentValue(v) < 0) {
                errs.add(FieldErrors.invalid(path, intOrPercentValue(v), "must be greater than or equal to 0"));
            }
        } else if (v.asLong() < 0) {
            errs.add(FieldErrors.invalid(path, v.asLong(), "must be greater than or equal to 0"));
        }
        return errs;
    }

    private static boolean isPercent(String s) {
        return s.matches("[0-9]+%");
    }

    private static long intOrPercentValue(JsonNode v) {
        if (v == null) {
            return 0;
        }
        if (v.isString()) {
            String s = v.stringValue();
            return isPercent(s) ? Long.parseLong(s.substring(0, s.length() - 1)) : -1;
        }
        return v.asLong();
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        return PodTemplates.selectorImmutable(obj, old);
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("Ready", "Number of the pod with ready state"),
                Columns.string("Up-to-date", Descriptions.DEPLOY_UPDATED),
                Columns.string("Available", Descriptions.DEPLOY_AVAILABLE),
                Columns.age(),
                Columns.wide("Containers", Columns.CONTAINERS),
                Columns.wide("Images", Columns.IMAGES),
                Columns.wide("Selector", Descriptions.DEPLOY_SELECTOR));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        String[] containers = PodTemplates.containerCells(obj);
        String selector;
        try {
            selector = LabelSelectorObjects.fromLabelSelector(Nodes.at(obj, "spec", "selector")).toString();
        } catch (IllegalArgumentException e) {
            selector = "<invalid>";
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        cells.add(Nodes.longAt(obj, 0, "status", "readyReplicas") + "/" + Nodes.longAt(obj, 0, "spec", "replicas"));
        cells.add(Nodes.longAt(obj, 0, "status", "updatedReplicas"));
        cells.add(Nodes.longAt(obj, 0, "status", "availableReplicas"));
        cells.add(age(obj, now));
        cells.add(containers[0]);
        cells.add(containers[1]);
        cells.add(selector);
        return cells;
    }
}
