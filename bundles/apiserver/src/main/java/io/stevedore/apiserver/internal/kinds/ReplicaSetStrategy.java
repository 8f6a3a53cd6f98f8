package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.LabelSelectors;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** apps/v1 ReplicaSets. */
final class ReplicaSetStrategy extends ReplicatedPodsStrategy {

    ReplicaSetStrategy() {
        super(ResourceTypes.REPLICASETS, Descriptions.RS_SPEC_REPLICAS, Descriptions.RS_STATUS_REPLICAS,
                Descriptions.RS_READY_REPLICAS, Descriptions.RS_SELECTOR);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultLong(Nodes.child(obj, "spec"), "replicas", 1);
        PodTemplates.applyDefaults(obj);
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
    String selectorCell(ObjectNode obj) {
        return LabelSelectorObjects.format(Nodes.at(obj, "spec", "selector"));
    }
}
