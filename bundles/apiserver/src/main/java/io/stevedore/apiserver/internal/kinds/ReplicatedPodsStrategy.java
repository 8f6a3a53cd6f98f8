package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.node.ObjectNode;

/**
 * What ReplicaSets and ReplicationControllers share: generation tracking, an empty status with
 * zero replicas on create, the {@code status.replicas} field selector, and the same table
 * (Name, Desired, Current, Ready, Age, and wide Containers, Images, Selector). Only the column
 * descriptions and the way the selector is printed differ.
 */
abstract class ReplicatedPodsStrategy extends BaseStrategy {

    private final String specReplicasDescription;
    private final String statusReplicasDescription;
    private final String readyReplicasDescription;
    private final String selectorDescription;

    ReplicatedPodsStrategy(ResourceType type, String specReplicasDescription, String statusReplicasDescription,
            String readyReplicasDescription, String selectorDescription) {
        super(type);
        this.specReplicasDescription = specReplicasDescription;
        this.statusReplicasDescription = statusReplicasDescription;
        this.readyReplicasDescription = readyReplicasDescription;
        this.selectorDescription = selectorDescription;
    }

    /** The Selector cell of the wide table. */
    abstract String selectorCell(ObjectNode obj);

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
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("status.replicas", String.valueOf(Nodes.longAt(obj, 0, "status", "replicas")));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.integer("Desired", specReplicasDescription),
                Columns.integer("Current", statusReplicasDescription),
                Columns.integer("Ready", readyReplicasDescription),
                Columns.age(),
                Columns.wide("Containers", Columns.CONTAINERS),
                Columns.wide("Images", Columns.IMAGES),
                Columns.wide("Selector", selectorDescription));
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
        cells.add(selectorCell(obj));
        return cells;
    }
}
