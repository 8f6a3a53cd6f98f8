package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** discovery.k8s.io/v1 EndpointSlices. */
final class EndpointSliceStrategy extends BaseStrategy {

    static final List<String> ADDRESS_TYPES = List.of("FQDN", "IPv4", "IPv6");

    EndpointSliceStrategy() {
        super(ResourceTypes.ENDPOINTSLICES);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (JsonNode p : Nodes.list(obj, "ports")) {
            if (p.isObject()) {
                Nodes.defaultText((ObjectNode) p, "protocol", "TCP");
                if (Nodes.at(p, "name") == null) {
                    ((ObjectNode) p).put("name", "");
                }
            }
        }
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        String type = Nodes.textOr(obj, "addressType");
        if (type.isEmpty()) {
            errs.add(FieldErrors.required("addressType", ""));
        } else if (!ADDRESS_TYPES.contains(type)) {
            errs.add(FieldErrors.notSupported("addressType", type, ADDRESS_TYPES));
        }
        List<JsonNode> endpoints = Nodes.list(obj, "endpoints");
        if (endpoints.size() > 1000) {
            errs.add(FieldErrors.tooMany("endpoints", endpoints.size(), 1000));
        }
        for (int i = 0; i < endpoints.size(); i++) {
            String p = "endpoints[" + i + "]";
            List<JsonNode> addresses = Nodes.list(endpoints.get(i), "addresses");
            if (addresses.isEmpty()) {
                errs.add(FieldErrors.required(p + ".addresses", "must contain at least 1 address"));
            } else if (addresses.size() > 100) {
                errs.add(FieldErrors.tooMany(p + ".addresses", addresses.size(), 100));
            }
            for (int j = 0; j < addresses.size(); j++) {
                String a = Nodes.str(addresses.get(j)) == null ? "" : Nodes.str(addresses.get(j));
                String ap = p + ".addresses[" + j + "]";
                switch (type) {
                    case "IPv4" -> {
                        if (!Names.isIpv4(a)) {
                            errs.add(FieldErrors.invalid(ap, a, "must be a valid IPv4 address"));
                        }
                    }
                    case "IPv6" -> {
                        if (!Names.isIpv6(a)) {
                            errs.add(FieldErrors.invalid(ap, a, "must be a valid IPv6 address"));
                        }
                    }
                    case "FQDN" -> {
                        for (String m : Names.dns1123Subdomain(a)) {
                            errs.add(FieldErrors.invalid(ap, a, m));
                        }
                    }
                    default -> {
                    }
                }
            }
            String hostname = Nodes.textOr(endpoints.get(i), "hostname");
            if (!hostname.isEmpty()) {
                for (String m : Names.dns1123Label(hostname)) {
                    errs.add(FieldErrors.invalid(p + ".hostname", hostname, m));
                }
            }
        }
        List<JsonNode> ports = Nodes.list(obj, "ports");
        if (ports.size() > 100) {
            errs.add(FieldErrors.tooMany("ports", ports.size(), 100));
        }
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String p = "ports[" + i + "]";
            String name = Nodes.textOr(port, "name");
            if (!name.isEmpty()) {
                for (String m : Names.dns1123Label(name)) {
                    errs.add(FieldErrors.invalid(p + ".name", name, m));
                }
            }
            if (!names.add(name)) {
                errs.add(FieldErrors.duplicate(p + ".name", name));
            }
            if (Nodes.at(port, "port") != null) {
                long n = Nodes.longAt(port, 0, "port");
                for (String m : Names.portNumber(n)) {
                    errs.add(FieldErrors.invalid(p + ".port", n, m));
                }
            }
            errs.addAll(PodSpecs.validateProtocol(Nodes.textOr(port, "protocol"), p + ".protocol"));
        }
        return errs;
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        String now = Nodes.textOr(obj, "addressType");
        if (!now.equals(Nodes.textOr(old, "addressType"))) {
            return List.of(FieldErrors.immutable("addressType", now));
        }
        return List.of();
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("AddressType", Descriptions.EPS_ADDRESS_TYPE),
                Columns.string("Ports", Descriptions.EPS_PORTS),
                Columns.string("Endpoints", Descriptions.EPS_ENDPOINTS),
                Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        List<String> ports = new ArrayList<>();
        int count = 0;
        boolean more = false;
        for (JsonNode p : Nodes.list(obj, "ports")) {
            if (ports.size() < 3) {
                String n = Nodes.at(p, "port") != null ? String.valueOf(Nodes.longAt(p, 0, "port"))
                        : Nodes.at(p, "name") != null ? Nodes.textOr(p, "name") : "*";
                ports.add(n);
            } else {
                more = true;
            }
            count++;
        }
        String portsCell = withMore(ports, more, count);
        List<String> addrs = new ArrayList<>();
        count = 0;
        more = false;
        for (JsonNode e : Nodes.list(obj, "endpoints")) {
            for (JsonNode a : Nodes.list(e, "addresses")) {
                if (addrs.size() < 3) {
                    addrs.add(Nodes.str(a));
                } else {
                    more = true;
                }
                count++;
            }
        }
        return new ArrayList<>(List.of(Nodes.name(obj), Nodes.textOr(obj, "addressType"), portsCell,
                withMore(addrs, more, count), age(obj, now)));
    }

    private static String withMore(List<String> list, boolean more, int count) {
        String ret = String.join(",", list);
        if (more) {
            return ret + " + " + (count - 3) + " more...";
        }
        return ret.isEmpty() ? "<unset>" : ret;
    }
}
