package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 PersistentVolumes. */
final class PersistentVolumeStrategy extends PersistentStorageStrategy {

    static final List<String> RECLAIM_POLICIES = List.of("Delete", "Recycle", "Retain");

    PersistentVolumeStrategy() {
        super(ResourceTypes.PERSISTENTVOLUMES);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Nodes.child(obj, "spec");
        Nodes.defaultText(spec, "persistentVolumeReclaimPolicy", "Retain");
        Nodes.defaultText(spec, "volumeMode", "Filesystem");
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        List<JsonNode> modes = Nodes.list(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldErrors.required("spec.accessModes", ""));
        }
        errs.addAll(PersistentVolumes.validateAccessModes(modes, "spec.accessModes"));
        ObjectNode capacity = Nodes.obj(spec, "capacity");
        if (capacity == null || capacity.isEmpty()) {
            errs.add(FieldErrors.required("spec.capacity", ""));
        } else {
            if (!capacity.has("storage") || capacity.size() > 1) {
                errs.add(FieldErrors.notSupported("spec.capacity",
                        FieldErrors.json(capacity), List.of("storage")));
            }
            for (Map.Entry<String, JsonNode> e : capacity.properties()) {
                try {
                    Quantity q = Quantity.parse(e.getValue());
                    if (q.isNegative()) {
                        errs.add(FieldErrors.invalid("spec.capacity[" + e.getKey() + "]", q.value().longValue(),
                                "must be a valid resource quantity"));
                    }
                } catch (IllegalArgumentException ex) {
                    errs.add(FieldErrors.invalid("spec.capacity[" + e.getKey() + "]", Nodes.str(e.getValue()), ex.getMessage()));
                }
            }
        }
        String reclaim = Nodes.textOr(spec, "persistentVolumeReclaimPolicy");
        if (!reclaim.isEmpty() && !RECLAIM_POLICIES.contains(reclaim)) {
            errs.add(FieldErrors.notSupported("spec.persistentVolumeReclaimPolicy", reclaim, RECLAIM_POLICIES));
        }
        errs.addAll(PersistentVolumes.validateVolumeMode(spec, "spec.volumeMode"));
        String className = Nodes.textOr(spec, "storageClassName");
        if (!className.isEmpty()) {
            for (String m : Names.dns1123Subdomain(className)) {
                errs.add(FieldErrors.invalid("spec.storageClassName", className, m));
            }
        }
        return errs;
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        String now = Nodes.textOr(obj, "spec", "volumeMode");
        if (!now.equals(Nodes.textOr(old, "spec", "volumeMode"))) {
            return List.of(FieldErrors.immutable("spec.volumeMode", now));
        }
        return List.of();
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("Capacity", Descriptions.PV_CAPACITY),
                Columns.string("Access Modes", Descriptions.PV_ACCESS_MODES),
                Columns.string("Reclaim Policy", Descriptions.PV_RECLAIM),
                Columns.string("Status", Descriptions.PV_PHASE),
                Columns.string("Claim", Descriptions.PV_CLAIM),
                Columns.string("StorageClass", "StorageClass of the pv"),
                Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pv"),
                Columns.string("Reason", Descriptions.PV_REASON),
                Columns.age(),
                Columns.wide("VolumeMode", Descriptions.PV_VOLUME_MODE));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        JsonNode spec = obj.get("spec");
        String claim = "";
        if (Nodes.at(spec, "claimRef") != null) {
            claim = Nodes.textOr(spec, "claimRef", "namespace") + "/" + Nodes.textOr(spec, "claimRef", "name");
        }
        String phase = phaseCell(obj);
        String size = PersistentVolumes.quantity(Nodes.at(spec, "capacity", "storage"));
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        cells.add(size);
        cells.add(PersistentVolumes.accessModes(Nodes.list(spec, "accessModes")));
        cells.add(Nodes.textOr(spec, "persistentVolumeReclaimPolicy"));
        cells.add(phase);
        cells.add(claim);
        cells.add(PersistentVolumes.storageClass(obj));
        cells.add(PersistentVolumes.unset(Nodes.text(spec, "volumeAttributesClassName")));
        cells.add(Nodes.textOr(obj, "status", "reason"));
        cells.add(age(obj, now));
        cells.add(PersistentVolumes.unset(Nodes.text(spec, "volumeMode")));
        return cells;
    }
}
