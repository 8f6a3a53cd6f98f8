package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Events. */
final class EventStrategy extends BaseStrategy {

    EventStrategy() {
        super(ResourceTypes.EVENTS);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        return legacyValidation(obj);
    }

    /**
     * What every version's create and update check (Kubernetes' legacyValidateEvent). Events with an eventTime (the
     * events.k8s.io shape) must name who reported what; older ones only need a consistent namespace. Field paths
     * are the internal names (reportingController, message), in every version.
     */
    static List<Cause> legacyValidation(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        String ns = Nodes.namespace(obj);
        String involved = Nodes.textOr(obj, "involvedObject", "namespace");
        if (Nodes.textOr(obj, "eventTime").isEmpty()) {
            boolean mismatch = involved.isEmpty() ? !ns.isEmpty() && !ns.equals("default") : !ns.equals(involved);
            if (mismatch) {
                errs.add(FieldErrors.invalid("involvedObject.namespace", involved, "does not match event.namespace"));
            }
            return errs;
        }
        if (involved.isEmpty() && !ns.equals("default") && !ns.equals("kube-system")) {
            errs.add(FieldErrors.invalid("involvedObject.namespace", involved, "does not match event.namespace"));
        }
        String controller = Nodes.textOr(obj, "reportingComponent");
        if (controller.isEmpty()) {
            errs.add(FieldErrors.required("reportingController", ""));
        } else {
            for (String m : io.stevedore.api.Names.qualifiedName(controller)) {
                errs.add(FieldErrors.invalid("reportingController", controller, m));
            }
        }
        requiredShort(obj, "reportingInstance", errs);
        requiredShort(obj, "action", errs);
        requiredShort(obj, "reason", errs);
        if (Nodes.textOr(obj, "message").length() > 1024) {
            errs.add(FieldErrors.invalid("message", "", "can have at most 1024 characters"));
        }
        return errs;
    }

    private static void requiredShort(ObjectNode obj, String field, List<Cause> errs) {
        String v = Nodes.textOr(obj, field);
        if (v.isEmpty()) {
            errs.add(FieldErrors.required(field, ""));
        } else if (v.length() > 128) {
            errs.add(FieldErrors.invalid(field, "", "can have at most 128 characters"));
        }
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        for (String k : List.of("kind", "namespace", "name", "uid", "apiVersion", "resourceVersion", "fieldPath")) {
            f.put("involvedObject." + k, Nodes.textOr(obj, "involvedObject", k));
        }
        f.put("reason", Nodes.textOr(obj, "reason"));
        f.put("reportingComponent", Nodes.textOr(obj, "reportingComponent"));
        String source = Nodes.textOr(obj, "source", "component");
        f.put("source", source.isEmpty() ? Nodes.textOr(obj, "reportingComponent") : source);
        f.put("type", Nodes.textOr(obj, "type"));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(
                Columns.string("Last Seen", Descriptions.EV_LAST),
                Columns.string("Type", Descriptions.EV_TYPE),
                Columns.string("Reason", Descriptions.EV_REASON),
                Columns.string("Object", Descriptions.EV_OBJECT),
                Columns.wide("Subobject", Descriptions.EV_FIELD_PATH),
                Columns.wide("Source", Descriptions.EV_SOURCE),
                Columns.string("Message", Descriptions.EV_MESSAGE),
                Columns.wide("First Seen", Descriptions.EV_FIRST),
                Columns.wide("Count", Descriptions.EV_COUNT),
                new Table.Column("Name", "string", "name", Descriptions.NAME, 1));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        String first = Nodes.text(obj, "firstTimestamp") != null ? io.stevedore.api.Ages.since(Nodes.text(obj, "firstTimestamp"), now)
                : io.stevedore.api.Ages.since(Nodes.text(obj, "eventTime"), now);
        String last = Nodes.text(obj, "lastTimestamp") != null ? io.stevedore.api.Ages.since(Nodes.text(obj, "lastTimestamp"), now) : first;
        long count = Nodes.longAt(obj, 0, "count");
        if (Nodes.at(obj, "series") != null) {
            last = io.stevedore.api.Ages.since(Nodes.text(obj, "series", "lastObservedTime"), now);
            count = Nodes.longAt(obj, 0, "series", "count");
        } else if (count == 0) {
            count = 1;
        }
        String kind = Nodes.textOr(obj, "involvedObject", "kind").toLowerCase(Locale.ROOT);
        String name = Nodes.textOr(obj, "involvedObject", "name");
        String target = name.isEmpty() ? kind : kind + "/" + name;
        String component = firstNonEmpty(Nodes.textOr(obj, "source", "component"), Nodes.textOr(obj, "reportingComponent"));
        String instance = firstNonEmpty(Nodes.textOr(obj, "source", "host"), Nodes.textOr(obj, "reportingInstance"));
        String source = instance.isEmpty() ? component : component + ", " + instance;
        List<Object> cells = new ArrayList<>();
        cells.add(last);
        cells.add(Nodes.textOr(obj, "type"));
        cells.add(Nodes.textOr(obj, "reason"));
        cells.add(target);
        cells.add(Nodes.textOr(obj, "involvedObject", "fieldPath"));
        cells.add(source);
        cells.add(Nodes.textOr(obj, "message").strip());
        cells.add(first);
        cells.add(count);
        cells.add(Nodes.name(obj));
        return cells;
    }

    private static String firstNonEmpty(String a, String b) {
        return a.isEmpty() ? b : a;
    }
}
