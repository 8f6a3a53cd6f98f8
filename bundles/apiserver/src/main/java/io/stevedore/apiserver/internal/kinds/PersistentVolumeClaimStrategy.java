package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 PersistentVolumeClaims. */
final class PersistentVolumeClaimStrategy extends PersistentStorageStrategy {

    static final String SPEC_IMMUTABLE = "spec is immutable after creation except resources.requests and "
            + "volumeAttributesClassName for bound claims";

    PersistentVolumeClaimStrategy() {
        super(ResourceTypes.PERSISTENTVOLUMECLAIMS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(Nodes.child(obj, "spec"), "volumeMode", "Filesystem");
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        List<JsonNode> modes = Nodes.list(spec, "accessModes");
        if (modes.isEmpty()) {
            errs.add(FieldErrors.required("spec.accessModes", "at least 1 access mode is required"));
        }
        errs.addAll(PersistentVolumes.validateAccessModes(modes, "spec.accessModes"));
        errs.addAll(LabelSelectorObjects.validate(Nodes.at(spec, "selector"), "spec.selector"));
        JsonNode storage = Nodes.at(spec, "resources", "requests", "storage");
        if (storage == null) {
            errs.add(FieldErrors.required("spec.resources[storage]", ""));
        } else {
            try {
                Quantity q = Quantity.parse(storage);
                if (q.value().signum() <= 0) {
                    errs.add(FieldErrors.invalid("spec.resources[storage]", q.text(), "must be greater than zero"));
                }
            } catch (IllegalArgumentException e) {
                errs.add(FieldErrors.invalid("spec.resources[storage]", Nodes.str(storage), e.getMessage()));
            }
        }
        errs.addAll(PersistentVolumes.validateVolumeMode(spec, "spec.volumeMode"));
        return errs;
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        ObjectNode now = obj.get("spec") == null ? Nodes.F.objectNode() : ((ObjectNode) obj.get("spec")).deepCopy();
        ObjectNode before = old.get("spec") == null ? Nodes.F.objectNode() : ((ObjectNode) old.get("spec")).deepCopy();
        for (ObjectNode s : List.of(now, before)) {
            ObjectNode requests = Nodes.obj(s, "resources");
            if (requests != null) {
                requests.remove("requests");
            }
            s.remove("volumeAttributesClassName");
        }
        if (Nodes.isBlank(before, "volumeName")) {
            now.remove("volumeName");
            before.remove("volumeName");
        }
        if (!Nodes.semanticEquals(now, before)) {
            return List.of(FieldErrors.forbidden("spec", SPEC_IMMUTABLE));
        }
        return List.of();
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("Status", Descriptions.PVC_PHASE),
                Columns.string("Volume", Descriptions.PVC_VOLUME),
                Columns.string("Capacity", Descriptions.PVC_CAPACITY),
                Columns.string("Access Modes", Descriptions.PVC_ACCESS_MODES),
                Columns.string("StorageClass", "StorageClass of the pvc"),
                Columns.string("VolumeAttributesClass", "VolumeAttributesClass of the pvc"),
                Columns.age(),
                Columns.wide("VolumeMode", Descriptions.PVC_VOLUME_MODE));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        JsonNode spec = obj.get("spec");
        String phase = phaseCell(obj);
        String volume = Nodes.textOr(spec, "volumeName");
        String capacity = "";
        String modes = "";
        if (!volume.isEmpty()) {
            modes = PersistentVolumes.accessModes(Nodes.list(obj, "status", "accessModes"));
            capacity = PersistentVolumes.quantity(Nodes.at(obj, "status", "capacity", "storage"));
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        cells.add(phase);
        cells.add(volume);
        cells.add(capacity);
        cells.add(modes);
        cells.add(PersistentVolumes.storageClass(obj));
        cells.add(PersistentVolumes.unset(Nodes.text(spec, "volumeAttributesClassName")));
        cells.add(age(obj, now));
        cells.add(PersistentVolumes.unset(Nodes.text(spec, "volumeMode")));
        return cells;
    }
}
