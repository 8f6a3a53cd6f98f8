package io.stevedore.apiserver.internal.kinds;

import java.util.Map;

import io.stevedore.api.ResourceType;
import tools.jackson.databind.node.ObjectNode;

/**
 * What PersistentVolumes and PersistentVolumeClaims share: a Pending status on create, the legacy
 * {@code name} field selector, and the phase printed as Terminating once deletion has begun.
 */
abstract class PersistentStorageStrategy extends BaseStrategy {

    PersistentStorageStrategy(ResourceType type) {
        super(type);
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        obj.putObject("status").put("phase", "Pending");
    }

    /** Includes the legacy {@code name} field Kubernetes keeps for backward compatibility. */
    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("name", Nodes.name(obj));
        return f;
    }

    /** The Status cell: Terminating once a deletion timestamp is set, else {@code status.phase}. */
    static String phaseCell(ObjectNode obj) {
        return Nodes.at(obj, "metadata", "deletionTimestamp") != null ? "Terminating"
                : Nodes.textOr(obj, "status", "phase");
    }
}
