package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * core/v1 Services: defaults, {@code ValidateService}, immutable clusterIP, allocated values kept
 * across updates, and {@code printService}. Allocation of IPs and node ports is the REST layer's.
 */
final class ServiceStrategy extends BaseStrategy {

    static final List<String> TYPES = List.of("ClusterIP", "ExternalName", "LoadBalancer", "NodePort");
    /** The default NodePort range (--service-node-port-range). */
    static final int NODE_PORT_MIN = 30000;
    static final int NODE_PORT_MAX = 32767;

    ServiceStrategy() {
        super(ResourceTypes.SERVICES, Names.Rule.DNS1035_LABEL);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        ObjectNode spec = Nodes.child(obj, "spec");
        Nodes.defaultText(spec, "sessionAffinity", "None");
        Nodes.defaultText(spec, "type", "ClusterIP");
        String type = Nodes.textOr(spec, "type");
        for (JsonNode p : Nodes.list(spec, "ports")) {
            if (!p.isObject()) {
                continue;
            }
            ObjectNode port = (ObjectNode) p;
            Nodes.defaultText(port, "protocol", "TCP");
            JsonNode target = port.get("targetPort");
            if ((target == null || target.isNull() || (target.isNumber() && target.asLong() == 0)
                    || (target.isString() && target.stringValue().isEmpty())) && port.has("port")) {
                port.set("targetPort", port.get("port").deepCopy());
            }
        }
        if (type.equals("NodePort") || type.equals("LoadBalancer")) {
            Nodes.defaultText(spec, "externalTrafficPolicy", "Cluster");
        }
        if (!type.equals("ExternalName")) {
            Nodes.defaultText(spec, "internalTrafficPolicy", "Cluster");
        }
        if (type.equals("LoadBalancer")) {
            Nodes.defaultBool(spec, "allocateLoadBalancerNodePorts", true);
        }
        if ("ClientIP".equals(Nodes.text(spec, "sessionAffinity"))) {
            ObjectNode cfg = Nodes.ensure(spec, "sessionAffinityConfig", "clientIP");
            Nodes.defaultLong(cfg, "timeoutSeconds", 10800);
        }
        String clusterIP = Nodes.textOr(spec, "clusterIP");
        if (!clusterIP.isEmpty() && Nodes.list(spec, "clusterIPs").isEmpty()) {
            spec.putArray("clusterIPs").add(clusterIP);
        } else if (clusterIP.isEmpty() && !Nodes.list(spec, "clusterIPs").isEmpty()) {
            spec.put("clusterIP", Nodes.str(Nodes.list(spec, "clusterIPs").get(0)));
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        obj.putObject("status").putObject("loadBalancer");
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        super.prepareForUpdate(obj, old);
        ObjectNode spec = Nodes.child(obj, "spec");
        JsonNode oldSpec = old.get("spec");
        String type = Nodes.textOr(spec, "type");
        String oldType = Nodes.textOr(oldSpec, "type");
        if (!type.equals("ExternalName") && !oldType.equals("ExternalName")) {
            if (Nodes.isBlank(spec, "clusterIP") && !Nodes.isBlank(oldSpec, "clusterIP")) {
                spec.set("clusterIP", oldSpec.get("clusterIP").deepCopy());
            }
            if (Nodes.list(spec, "clusterIPs").isEmpty() && Nodes.at(oldSpec, "clusterIPs") != null) {
                spec.set("clusterIPs", oldSpec.get("clusterIPs").deepCopy());
            }
            if (Nodes.list(spec, "ipFamilies").isEmpty() && Nodes.at(oldSpec, "ipFamilies") != null) {
                spec.set("ipFamilies", oldSpec.get("ipFamilies").deepCopy());
            }
            if (Nodes.isBlank(spec, "ipFamilyPolicy") && !Nodes.isBlank(oldSpec, "ipFamilyPolicy")) {
                spec.set("ipFamilyPolicy", oldSpec.get("ipFamilyPolicy").deepCopy());
            }
        }
        boolean nodePorts = type.equals("NodePort") || type.equals("LoadBalancer");
        if (nodePorts) {
            for (JsonNode p : Nodes.list(spec, "ports")) {
                if (!p.isObject() || Nodes.longAt(p, 0, "nodePort") != 0) {
                    continue;
                }
                for (JsonNode op : Nodes.list(oldSpec, "ports")) {
                    if (Nodes.longAt(op, 0, "port") == Nodes.longAt(p, 0, "port")
                            && Nodes.textOr(op, "protocol").equals(Nodes.textOr(p, "protocol"))
                            && Nodes.longAt(op, 0, "nodePort") != 0) {
                        ((ObjectNode) p).put("nodePort", Nodes.longAt(op, 0, "nodePort"));
                        break;
                    }
                }
            }
            if (Nodes.longAt(spec, 0, "healthCheckNodePort") == 0 && Nodes.longAt(oldSpec, 0, "healthCheckNodePort") != 0) {
                spec.put("healthCheckNodePort", Nodes.longAt(oldSpec, 0, "healthCheckNodePort"));
            }
        }
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        String type = Nodes.textOr(spec, "type");
        String clusterIP = Nodes.textOr(spec, "clusterIP");
        boolean headless = clusterIP.equals("None");
        List<JsonNode> ports = Nodes.list(spec, "ports");
        if (ports.isEmpty() && !headless && !type.equals("ExternalName")) {
            errs.add(FieldErrors.required("spec.ports", ""));
        }
        if (!TYPES.contains(type)) {
            errs.add(FieldErrors.notSupported("spec.type", type, TYPES));
        }
        if (type.equals("ExternalName")) {
            if (!clusterIP.isEmpty()) {
                errs.add(FieldErrors.forbidden("spec.clusterIPs", "may not be set for ExternalName services"));
            }
            String ext = Nodes.textOr(spec, "externalName");
            if (ext.isEmpty()) {
                errs.add(FieldErrors.required("spec.externalName", ""));
            } else {
                for (String m : Names.dns1123Subdomain(ext.endsWith(".") ? ext.substring(0, ext.length() - 1) : ext)) {
                    errs.add(FieldErrors.invalid("spec.externalName", ext, m));
                }
            }
        }
        Set<String> names = new HashSet<>();
        Set<String> nodePorts = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String p = "spec.ports[" + i + "]";
            String name = Nodes.textOr(port, "name");
            if (ports.size() > 1 && name.isEmpty()) {
                errs.add(FieldErrors.required(p + ".name", ""));
            } else if (!name.isEmpty()) {
                for (String m : Names.dns1123Label(name)) {
                    errs.add(FieldErrors.invalid(p + ".name", name, m));
                }
                if (!names.add(name)) {
                    errs.add(FieldErrors.duplicate(p + ".name", name));
                }
            }
            long portNumber = Nodes.longAt(port, 0, "port");
            for (String m : Names.portNumber(portNumber)) {
                errs.add(FieldErrors.invalid(p + ".port", portNumber, m));
            }
            errs.addAll(PodSpecs.validateProtocol(Nodes.textOr(port, "protocol"), p + ".protocol"));
            JsonNode target = Nodes.at(port, "targetPort");
            if (target != null && target.isString()) {
                for (String m : Names.portName(target.stringValue())) {
                    errs.add(FieldErrors.invalid(p + ".targetPort", target.stringValue(), m));
                }
            } else if (target != null) {
                for (String m : Names.portNumber(target.asLong())) {
                    errs.add(FieldErrors.invalid(p + ".targetPort", target.asLong(), m));
                }
            }
            long nodePort = Nodes.longAt(port, 0, "nodePort");
            if (nodePort != 0) {
                if (type.equals("ClusterIP")) {
                    errs.add(FieldErrors.forbidden(p + ".nodePort", "may not be used when `type` is 'ClusterIP'"));
                } else if (nodePort < NODE_PORT_MIN || nodePort > NODE_PORT_MAX) {
                    errs.add(FieldErrors.invalid(p + ".nodePort", nodePort,
                            "provided port is not in the valid range. The range of valid ports is " + NODE_PORT_MIN
                                    + "-" + NODE_PORT_MAX));
                }
                if (!nodePorts.add(nodePort + "/" + Nodes.textOr(port, "protocol"))) {
                    errs.add(FieldErrors.duplicate(p + ".nodePort", nodePort));
                }
            }
        }
        List<JsonNode> ips = Nodes.list(spec, "clusterIPs");
        if (!ips.isEmpty() && !clusterIP.isEmpty() && !clusterIP.equals(Nodes.str(ips.get(0)))) {
            errs.add(FieldErrors.invalid("spec.clusterIPs[0]", FieldErrors.jsonStrings(strings(ips)),
                    "first value must match `clusterIP`"));
        }
        if (!type.equals("ExternalName")) {
            for (int i = 0; i < ips.size(); i++) {
                String ip = Nodes.str(ips.get(i)) == null ? "" : Nodes.str(ips.get(i));
                if (i == 0 && ip.equals("None")) {
                    if (ips.size() > 1) {
                        errs.add(FieldErrors.invalid("spec.clusterIPs", FieldErrors.jsonStrings(strings(ips)),
                                "'None' must be the first and only value"));
                    }
                    continue;
                }
                if (!Names.isIp(ip)) {
                    errs.add(FieldErrors.invalid("spec.clusterIPs[" + i + "]", ip, Names.IP_ERROR));
                }
            }
        }
        if (headless && (type.equals("NodePort") || type.equals("LoadBalancer"))) {
            errs.add(FieldErrors.invalid("spec.clusterIPs[0]", "None", "may not be set to 'None' for "
                    + type + " services"));
        }
        String affinity = Nodes.textOr(spec, "sessionAffinity");
        if (!affinity.equals("None") && !affinity.equals("ClientIP")) {
            errs.add(FieldErrors.notSupported("spec.sessionAffinity", affinity, List.of("ClientIP", "None")));
        }
        List<JsonNode> externalIPs = Nodes.list(spec, "externalIPs");
        for (int i = 0; i < externalIPs.size(); i++) {
            String ip = Nodes.str(externalIPs.get(i)) == null ? "" : Nodes.str(externalIPs.get(i));
            if (!Names.isIp(ip)) {
                errs.add(FieldErrors.invalid("spec.externalIPs[" + i + "]", ip, Names.IP_ERROR));
            }
        }
        if (Nodes.at(spec, "selector") != null) {
            errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(spec, "selector"), "spec.selector"));
        }
        return errs;
    }

    private static List<String> strings(List<JsonNode> values) {
        return values.stream().map(v -> Nodes.str(v) == null ? "" : Nodes.str(v)).toList();
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        List<Cause> errs = new ArrayList<>();
        String oldIP = Nodes.textOr(old, "spec", "clusterIP");
        String newIP = Nodes.textOr(obj, "spec", "clusterIP");
        boolean toExternalName = "ExternalName".equals(Nodes.text(obj, "spec", "type"));
        if (!oldIP.isEmpty() && !toExternalName && !oldIP.equals(newIP)) {
            errs.add(FieldErrors.invalid("spec.clusterIPs[0]",
                    FieldErrors.jsonStrings(strings(Nodes.list(obj, "spec", "clusterIPs"))), "may not change once set"));
        }
        return errs;
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("spec.clusterIP", Nodes.textOr(obj, "spec", "clusterIP"));
        f.put("spec.type", Nodes.textOr(obj, "spec", "type"));
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("Type", Descriptions.SVC_TYPE),
                Columns.string("Cluster-IP", Descriptions.SVC_CLUSTER_IP),
                Columns.string("External-IP", Descriptions.SVC_EXTERNAL_IPS),
                Columns.string("Port(s)", Descriptions.SVC_PORTS),
                Columns.age(),
                Columns.wide("Selector", Descriptions.SVC_SELECTOR));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        JsonNode spec = obj.get("spec");
        List<JsonNode> ips = Nodes.list(spec, "clusterIPs");
        String internal = ips.isEmpty() ? "<none>" : Nodes.str(ips.get(0));
        List<String> ports = new ArrayList<>();
        for (JsonNode p : Nodes.list(spec, "ports")) {
            long nodePort = Nodes.longAt(p, 0, "nodePort");
            ports.add(nodePort > 0
                    ? Nodes.longAt(p, 0, "port") + ":" + nodePort + "/" + Nodes.textOr(p, "protocol")
                    : Nodes.longAt(p, 0, "port") + "/" + Nodes.textOr(p, "protocol"));
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        cells.add(Nodes.textOr(spec, "type"));
        cells.add(internal);
        cells.add(externalIP(obj));
        cells.add(ports.isEmpty() ? "<none>" : String.join(",", ports));
        cells.add(age(obj, now));
        cells.add(LabelSelectorObjects.formatLabels(Nodes.stringMap(spec, "selector")));
        return cells;
    }

    /** {@code getServiceExternalIP} with wide output (the server always prints wide). */
    static String externalIP(JsonNode svc) {
        String type = Nodes.textOr(svc, "spec", "type");
        List<String> externalIPs = Nodes.list(svc, "spec", "externalIPs").stream().map(Nodes::str).toList();
        switch (type) {
            case "ClusterIP", "NodePort" -> {
                return externalIPs.isEmpty() ? "<none>" : String.join(",", externalIPs);
            }
            case "LoadBalancer" -> {
                TreeSet<String> lb = new TreeSet<>();
                for (JsonNode ing : Nodes.list(svc, "status", "loadBalancer", "ingress")) {
                    if (!Nodes.textOr(ing, "ip").isEmpty()) {
                        lb.add(Nodes.text(ing, "ip"));
                    } else if (!Nodes.textOr(ing, "hostname").isEmpty()) {
                        lb.add(Nodes.text(ing, "hostname"));
                    }
                }
                if (!externalIPs.isEmpty()) {
                    List<String> all = new ArrayList<>(lb);
                    all.addAll(externalIPs);
                    return String.join(",", all);
                }
                return lb.isEmpty() ? "<pending>" : String.join(",", lb);
            }
            case "ExternalName" -> {
                return Nodes.textOr(svc, "spec", "externalName");
            }
            default -> {
                return "<unknown>";
            }
        }
    }
}
