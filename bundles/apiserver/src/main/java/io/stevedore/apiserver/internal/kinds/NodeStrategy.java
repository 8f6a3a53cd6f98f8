package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Nodes: status allowed on create, taint rules, {@code printNode}. */
final class NodeStrategy extends BaseStrategy {

    NodeStrategy() {
        super(ResourceTypes.NODES);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode status = Nodes.obj(obj, "status");
        if (status != null && Nodes.at(status, "allocatable") == null && Nodes.at(status, "capacity") != null) {
            status.set("allocatable", status.get("capacity").deepCopy());
        }
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        List<JsonNode> taints = Nodes.list(obj, "spec", "taints");
        for (int i = 0; i < taints.size(); i++) {
            JsonNode t = taints.get(i);
            String p = "spec.taints[" + i + "]";
            String key = Nodes.textOr(t, "key");
            for (String m : Names.qualifiedName(key)) {
                errs.add(FieldErrors.invalid(p + ".key", key, m));
            }
            String value = Nodes.textOr(t, "value");
            for (String m : Names.labelValue(value)) {
                errs.add(FieldErrors.invalid(p + ".value", value, m));
            }
            String effect = Nodes.textOr(t, "effect");
            if (effect.isEmpty()) {
                errs.add(FieldErrors.required(p + ".effect", ""));
            } else if (!PodSpecs.TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldErrors.notSupported(p + ".effect", effect, PodSpecs.TAINT_EFFECTS));
            }
        }
        return errs;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("spec.unschedulable", String.valueOf(Nodes.isTrue(obj, "spec", "unschedulable")));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("Status", "The status of the node"),
                Columns.string("Roles", "The roles of the node"),
                Columns.age(),
                Columns.string("Version", Descriptions.NODE_KUBELET_VERSION),
                Columns.wide("Internal-IP", Descriptions.NODE_ADDRESSES),
                Columns.wide("External-IP", Descriptions.NODE_ADDRESSES),
                Columns.wide("OS-Image", Descriptions.NODE_OS_IMAGE),
                Columns.wide("Kernel-Version", Descriptions.NODE_KERNEL),
                Columns.wide("Container-Runtime", Descriptions.NODE_RUNTIME));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        List<String> status = new ArrayList<>();
        JsonNode ready = null;
        for (JsonNode c : Nodes.list(obj, "status", "conditions")) {
            if ("Ready".equals(Nodes.text(c, "type"))) {
                ready = c;
            }
        }
        if (ready != null) {
            status.add("True".equals(Nodes.text(ready, "status")) ? "Ready" : "NotReady");
        } else {
            status.add("Unknown");
        }
        if (Nodes.isTrue(obj, "spec", "unschedulable")) {
            status.add("SchedulingDisabled");
        }
        TreeSet<String> roles = new TreeSet<>();
        for (Map.Entry<String, String> l : Nodes.stringMap(obj, "metadata", "labels").entrySet()) {
            if (l.getKey().startsWith("node-role.kubernetes.io/")) {
                String role = l.getKey().substring("node-role.kubernetes.io/".length());
                if (!role.isEmpty()) {
                    roles.add(role);
                }
            } else if (l.getKey().equals("kubernetes.io/role") && !l.getValue().isEmpty()) {
                roles.add(l.getValue());
            }
        }
        JsonNode info = Nodes.at(obj, "status", "nodeInfo");
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        cells.add(String.join(",", status));
        cells.add(roles.isEmpty() ? "<none>" : String.join(",", roles));
        cells.add(age(obj, now));
        cells.add(Nodes.textOr(info, "kubeletVersion"));
        cells.add(address(obj, "InternalIP"));
        cells.add(address(obj, "ExternalIP"));
        cells.add(unknown(Nodes.textOr(info, "osImage")));
        cells.add(unknown(Nodes.textOr(info, "kernelVersion")));
        cells.add(unknown(Nodes.textOr(info, "containerRuntimeVersion")));
        return cells;
    }

    private static String address(JsonNode node, String type) {
        for (JsonNode a : Nodes.list(node, "status", "addresses")) {
            if (type.equals(Nodes.text(a, "type"))) {
                return Nodes.textOr(a, "address");
            }
        }
        return "<none>";
    }

    private static String unknown(String s) {
        return s.isEmpty() ? "<unknown>" : s;
    }
}
