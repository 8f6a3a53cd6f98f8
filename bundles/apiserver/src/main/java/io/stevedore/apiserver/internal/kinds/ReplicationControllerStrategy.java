package io.stevedore.apiserver.internal.kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ReplicationControllers. */
final class ReplicationControllerStrategy extends ReplicatedPodsStrategy {

    ReplicationControllerStrategy() {
        super(ResourceTypes.REPLICATIONCONTROLLERS, Descriptions.RC_SPEC_REPLICAS, Descriptions.RC_STATUS_REPLICAS,
                Descriptions.RC_READY_REPLICAS, Descriptions.RC_SELECTOR);
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
                LabelSelectorObjects.fromMap(selector), "ReplicationController"));
        return errs;
    }

    @Override
    String selectorCell(ObjectNode obj) {
        return LabelSelectorObjects.formatLabels(Nodes.stringMap(obj, "spec", "selector"));
    }
}
