package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ReplicationControllers. */
final class ReplicationControllerStrategy extends BaseStrategy {

    ReplicationControllerStrategy() {
        super(ResourceTypes.REPLICATIONCONTROLLERS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Nodes.child(obj, "spec");
        ObjectNode labels = Nodes.obj(spec, "template", "metadata", "labels");
        if (labels != null) {
            if (Nodes.stringMap(spec, "selector").isEmpty()) {
                spec.set("selector", labels.deepCopy());
            }
            if (Nodes.stringMap(obj, "metadata", "labels").isEmpty()) {
                Nodes.meta(obj).set("labels", labels.deepCopy());
            }
        }
        Nodes.defaultLong(spec, "replicas", 1);
        PodTemplates.applyDefaults(obj);
    }

    @Override
    protected boolean tracksGeneration() {
        return true;
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        obj.putObject("status").put("replicas", 0);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        PodTemplates.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        Map<String, String> selector = Nodes.stringMap(spec, "selector");
        if (selector.isEmpty()) {
            errs.add(FieldErrors.required("spec.selector", ""));
        }
        errs.addAll(ObjectMetaValidation.validateLabels(selector, "spec.selector"));
        PodTemplates.nonNegative(spec, "replicas", "spec.replicas", errs);
        errs.addAll(PodTemplates.validate(Nodes.at(spec, "template"), "spec.template",
                LabelSelectors.fromMap(selector), "ReplicationController"));
        return errs;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("status.replicas", String.valueOf(Nodes.longAt(obj, 0, "status", "replicas")));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.integer("Desired", Descriptions.RC_SPEC_REPLICAS),
                Columns.integer("Current", Descriptions.RC_STATUS_REPLICAS),
                Columns.integer("Ready", Descriptions.RC_READY_REPLICAS),
                Columns.age(),
                Columns.wide("Containers", Columns.CONTAINERS),
                Columns.wide("Images", Columns.IMAGES),
                Columns.wide("Selector", Descriptions.RC_SELECTOR));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        String[] containers = PodTemplates.containerCells(obj);
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        cells.add(Nodes.longAt(obj, 0, "spec", "replicas"));
        cells.add(Nodes.longAt(obj, 0, "status", "replicas"));
        cells.add(Nodes.longAt(obj, 0, "status", "readyReplicas"));
        cells.add(age(obj, now));
        cells.add(containers[0]);
        cells.add(containers[1]);
        cells.add(LabelSelectors.formatLabels(Nodes.stringMap(obj, "spec", "selector")));
        return cells;
    }
}
