package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** coordination.k8s.io/v1 Leases. */
final class LeaseStrategy extends BaseStrategy {

    LeaseStrategy() {
        super(ResourceTypes.LEASES);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        JsonNode d = Nodes.at(obj, "spec", "leaseDurationSeconds");
        if (d != null && d.asLong() <= 0) {
            errs.add(FieldErrors.invalid("spec.leaseDurationSeconds", d.asLong(), "must be greater than 0"));
        }
        JsonNode t = Nodes.at(obj, "spec", "leaseTransitions");
        if (t != null && t.asLong() < 0) {
            errs.add(FieldErrors.invalid("spec.leaseTransitions", t.asLong(), "must be greater than or equal to 0"));
        }
        return errs;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.string("Holder", Descriptions.LEASE_HOLDER), Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        return new ArrayList<>(List.of(Nodes.name(obj), Nodes.textOr(obj, "spec", "holderIdentity"), age(obj, now)));
    }
}
