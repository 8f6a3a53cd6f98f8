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

/** apps/v1 ReplicaSets. */
final class ReplicaSetStrategy extends BaseStrategy {

    ReplicaSetStrategy() {
        super(ResourceTypes.REPLICASETS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultLong(Nodes.child(obj, "spec"), "replicas", 1);
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
        PodTemplates.nonNegative(spec, "replicas", "spec.replicas", errs);
        PodTemplates.nonNegative(spec, "minReadySeconds", "spec.minReadySeconds", errs);
        LabelSelectors.Selector selector = PodTemplates.validateSelector(spec, errs);
        if (selector != null || Nodes.at(spec, "selector") == null) {
            errs.addAll(PodTemplates.validate(Nodes.at(spec, "template"), "spec.template", selector, "ReplicaSet"));
        }
        return errs;
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        return PodTemplates.selectorImmutable(obj, old);
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
                Columns.integer("Desired", Descriptions.RS_SPEC_REPLICAS),
                Columns.integer("Current", Descriptions.RS_STATUS_REPLICAS),
                Columns.integer("Ready", Descriptions.RS_READY_REPLICAS),
                Columns.age(),
                Columns.wide("Containers", Columns.CONTAINERS),
                Columns.wide("Images", Columns.IMAGES),
                Columns.wide("Selector", Descriptions.RS_SELECTOR));
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
        cells.add(LabelSelectors.format(Nodes.at(obj, "spec", "selector")));
        return cells;
    }
}
