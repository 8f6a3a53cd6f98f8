package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * scheduling.k8s.io/v1 PriorityClasses: Kubernetes' defaults ({@code preemptionPolicy}), validation
 * ({@code pkg/apis/scheduling/validation}) and printer.
 */
final class PriorityClassStrategy extends BaseStrategy {

    PriorityClassStrategy() {
        super(ResourceTypes.PRIORITYCLASSES);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        Nodes.defaultText(obj, "preemptionPolicy", PriorityClasses.PREEMPT_LOWER_PRIORITY);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        String name = Nodes.name(obj);
        long value = Nodes.longAt(obj, 0, "value");
        JsonNode v = obj.get("value");
        if (v != null && !v.isNull() && !v.isIntegralNumber()) {
            errs.add(FieldErrors.invalid("value", Nodes.str(v), "must be an integer"));
        }
        boolean globalDefault = Nodes.isTrue(obj, "globalDefault");
        if (name != null && name.startsWith(PriorityClasses.SYSTEM_PREFIX)) {
            PriorityClasses.notKnownSystemClass(name, value, globalDefault).ifPresent(why -> errs.add(
                    FieldErrors.forbidden("metadata.name", "priority class names with '" + PriorityClasses.SYSTEM_PREFIX
                            + "' prefix are reserved for system use only. error: " + why)));
        } else if (value > PriorityClasses.HIGHEST_USER_DEFINABLE) {
            errs.add(FieldErrors.forbidden("value", "maximum allowed value of a user defined priority is "
                    + PriorityClasses.HIGHEST_USER_DEFINABLE));
        }
        String policy = Nodes.text(obj, "preemptionPolicy");
        if (policy == null) {
            errs.add(FieldErrors.required("preemptionPolicy", ""));
        } else if (!policy.equals(PriorityClasses.PREEMPT_LOWER_PRIORITY) && !policy.equals(PriorityClasses.NEVER)) {
            errs.add(FieldErrors.notSupported("preemptionPolicy", policy,
                    List.of(PriorityClasses.NEVER, PriorityClasses.PREEMPT_LOWER_PRIORITY)));
        }
        return errs;
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        List<Cause> errs = new ArrayList<>();
        if (Nodes.longAt(obj, 0, "value") != Nodes.longAt(old, 0, "value")) {
            errs.add(FieldErrors.forbidden("value", "may not be changed in an update."));
        }
        String policy = Nodes.text(obj, "preemptionPolicy");
        String oldPolicy = Nodes.text(old, "preemptionPolicy");
        if (policy != null && !policy.equals(oldPolicy)) {
            errs.add(FieldErrors.immutable("preemptionPolicy", policy));
        }
        return errs;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.integer("Value", Descriptions.PC_VALUE),
                new Table.Column("Global-Default", "boolean", "", Descriptions.PC_GLOBAL_DEFAULT, 0), Columns.age(),
                Columns.string("PreemptionPolicy", Descriptions.PC_PREEMPTION_POLICY));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        return new ArrayList<>(List.of(Nodes.name(obj), Nodes.longAt(obj, 0, "value"), Nodes.isTrue(obj, "globalDefault"),
                age(obj, now), Nodes.textOr(obj, "preemptionPolicy")));
    }
}
