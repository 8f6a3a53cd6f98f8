package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** core/v1 Endpoints. */
final class EndpointsStrategy extends BaseStrategy {

    EndpointsStrategy() {
        super(ResourceTypes.ENDPOINTS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        for (JsonNode ss : Nodes.list(obj, "subsets")) {
            for (JsonNode p : Nodes.list(ss, "ports")) {
                if (p.isObject()) {
                    Nodes.defaultText((ObjectNode) p, "protocol", "TCP");
                }
            }
        }
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>();
        List<JsonNode> subsets = Nodes.list(obj, "subsets");
        for (int i = 0; i < subsets.size(); i++) {
            JsonNode ss = subsets.get(i);
            String p = "subsets[" + i + "]";
            List<JsonNode> ready = Nodes.list(ss, "addresses");
            List<JsonNode> notReady = Nodes.list(ss, "notReadyAddresses");
            if (ready.isEmpty() && notReady.isEmpty()) {
                errs.add(FieldErrors.required(p, "must specify `addresses` or `notReadyAddresses`"));
            }
            for (int j = 0; j < ready.size(); j++) {
                errs.addAll(address(ready.get(j), p + ".addresses[" + j + "]"));
            }
            for (int j = 0; j < notReady.size(); j++) {
                errs.addAll(address(notReady.get(j), p + ".notReadyAddresses[" + j + "]"));
            }
            List<JsonNode> ports = Nodes.list(ss, "ports");
            for (int j = 0; j < ports.size(); j++) {
                JsonNode port = ports.get(j);
                String pp = p + ".ports[" + j + "]";
                String name = Nodes.textOr(port, "name");
                if (ports.size() > 1 && name.isEmpty()) {
                    errs.add(FieldErrors.required(pp + ".name", ""));
                } else if (!name.isEmpty()) {
                    for (String m : Names.dns1123Label(name)) {
                        errs.add(FieldErrors.invalid(pp + ".name", name, m));
                    }
                }
                long number = Nodes.longAt(port, 0, "port");
                for (String m : Names.portNumber(number)) {
                    errs.add(FieldErrors.invalid(pp + ".port", number, m));
                }
                errs.addAll(PodSpecs.validateProtocol(Nodes.textOr(port, "protocol"), pp + ".protocol"));
            }
        }
        return errs;
    }

    private static List<Cause> address(JsonNode a, String path) {
        List<Cause> errs = new ArrayList<>();
        String ip = Nodes.textOr(a, "ip");
        if (!Names.isIp(ip)) {
            errs.add(FieldErrors.invalid(path + ".ip", ip, Names.IP_ERROR));
        } else if (ip.startsWith("127.") || ip.equals("::1")) {
            errs.add(FieldErrors.invalid(path + ".ip", ip, "may not be in the loopback range (127.0.0.0/8, ::1/128)"));
        } else if (ip.equals("0.0.0.0") || ip.equals("::")) {
            errs.add(FieldErrors.invalid(path + ".ip", ip, "may not be unspecified (0.0.0.0, ::)"));
        } else if (ip.startsWith("169.254.") || ip.toLowerCase(java.util.Locale.ROOT).startsWith("fe80:")) {
            errs.add(FieldErrors.invalid(path + ".ip", ip, "may not be in the link-local range (169.254.0.0/16, fe80::/10)"));
        }
        String hostname = Nodes.textOr(a, "hostname");
        if (!hostname.isEmpty()) {
            for (String m : Names.dns1123Label(hostname)) {
                errs.add(FieldErrors.invalid(path + ".hostname", hostname, m));
            }
        }
        String nodeName = Nodes.textOr(a, "nodeName");
        if (!nodeName.isEmpty()) {
            for (String m : Names.dns1123Subdomain(nodeName)) {
                errs.add(FieldErrors.invalid(path + ".nodeName", nodeName, m));
            }
        }
        return errs;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), Columns.string("Endpoints", Descriptions.EP_SUBSETS), Columns.age());
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        return new ArrayList<>(List.of(Nodes.name(obj), format(obj), age(obj, now)));
    }

    /** {@code formatEndpoints}: up to three {@code ip:port} pairs, then {@code + N more...}. */
    static String format(JsonNode ep) {
        List<JsonNode> subsets = Nodes.list(ep, "subsets");
        if (subsets.isEmpty()) {
            return "<none>";
        }
        List<String> list = new ArrayList<>();
        int max = 3;
        boolean more = false;
        int count = 0;
        for (JsonNode ss : subsets) {
            List<JsonNode> addresses = Nodes.list(ss, "addresses");
            List<JsonNode> ports = Nodes.list(ss, "ports");
            if (ports.isEmpty()) {
                count += addresses.size();
                for (JsonNode a : addresses) {
                    if (list.size() == max) {
                        more = true;
                        break;
                    }
                    list.add(Nodes.textOr(a, "ip"));
                }
                continue;
            }
            for (JsonNode port : ports) {
                for (JsonNode a : addresses) {
                    if (list.size() == max) {
                        more = true;
                    }
                    if (!more) {
                        String ip = Nodes.textOr(a, "ip");
                        list.add((ip.contains(":") ? "[" + ip + "]" : ip) + ":" + Nodes.longAt(port, 0, "port"));
                    }
                    count++;
                }
            }
        }
        String ret = String.join(",", list);
        return more ? ret + " + " + (count - max) + " more..." : ret;
    }
}
