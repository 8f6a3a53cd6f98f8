package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 ServiceAccounts. */
final class ServiceAccountStrategy extends BaseStrategy {

    ServiceAccountStrategy() {
        super(ResourceTypes.SERVICEACCOUNTS);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        List<JsonNode> pullSecrets = Nodes.list(obj, "imagePullSecrets");
        for (int i = 0; i < pullSecrets.size(); i++) {
            if (Nodes.textOr(pullSecrets.get(i), "name").isEmpty()) {
                errs.add(FieldErrors.required("imagePullSecrets[" + i + "].name", ""));
            }
        }
        return errs;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.string("Secrets", Descriptions.SA_SECRETS), Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        return new ArrayList<>(List.of(Nodes.name(obj), (long) Nodes.list(obj, "secrets").size(), age(obj, now)));
    }
}
