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
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Namespaces: DNS-label names, phase Active and the {@code kubernetes} finalizer on create. */
final class NamespaceStrategy extends BaseStrategy {

    NamespaceStrategy() {
        super(ResourceTypes.NAMESPACES, Names.Rule.DNS1123_LABEL);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        String name = Nodes.name(obj);
        if (!name.isEmpty()) {
            Nodes.child(Nodes.meta(obj), "labels").put("kubernetes.io/metadata.name", name);
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        obj.putObject("status").put("phase", "Active");
        ArrayNode finalizers = Nodes.array(Nodes.child(obj, "spec"), "finalizers");
        boolean has = false;
        for (JsonNode f : finalizers) {
            has |= "kubernetes".equals(Nodes.str(f));
        }
        if (!has) {
            finalizers.add("kubernetes");
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(obj, old);
        JsonNode oldFinalizers = Nodes.at(old, "spec", "finalizers");
        ObjectNode spec = Nodes.child(obj, "spec");
        if (oldFinalizers == null) {
            spec.remove("finalizers");
        } else {
            spec.set("finalizers", oldFinalizers.deepCopy());
        }
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        for (JsonNode f : Nodes.list(obj, "spec", "finalizers")) {
            String name = Nodes.str(f) == null ? "" : Nodes.str(f);
            List<String> msgs = Names.qualifiedName(name);
            for (String m : msgs) {
                errs.add(FieldErrors.invalid("spec.finalizers", name, m));
            }
            if (msgs.isEmpty() && !name.contains("/") && !name.equals("kubernetes")) {
                errs.add(FieldErrors.invalid("spec.finalizers", name,
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
        }
        return errs;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("status.phase", Nodes.textOr(obj, "status", "phase"));
        f.put("name", Nodes.name(obj));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.string("Status", "The status of the namespace"), Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        return new ArrayList<>(List.of(Nodes.name(obj), Nodes.textOr(obj, "status", "phase"), age(obj, now)));
    }
}
