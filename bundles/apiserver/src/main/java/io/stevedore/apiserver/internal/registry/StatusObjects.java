package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.Json;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code Status} objects as Kubernetes writes them. */
public final class StatusObjects {

    private StatusObjects() {
    }

    public static ObjectNode of(ApiException e) {
        ObjectNode s = Json.NODES.objectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", e.getMessage());
        s.put("reason", e.reason());
        ApiException.Details d = e.details();
        if (d != null) {
            ObjectNode dn = s.putObject("details");
            putIf(dn, "name", d.name());
            putIf(dn, "group", d.group());
            putIf(dn, "kind", d.kind());
            putIf(dn, "uid", d.uid());
            if (!d.causes().isEmpty()) {
                ArrayNode causes = dn.putArray("causes");
                for (ApiException.Cause c : d.causes()) {
                    ObjectNode cn = causes.addObject();
                    putIf(cn, "reason", c.reason());
                    putIf(cn, "message", c.message());
                    putIf(cn, "field", c.field());
                }
            }
            if (d.retryAfterSeconds() != null) {
                dn.put("retryAfterSeconds", d.retryAfterSeconds());
            }
        }
        s.put("code", e.code());
        return s;
    }

    /** The Status of a successful delete of an object whose store does not return it. */
    public static ObjectNode success(String name, String group, String kind, String uid) {
        ObjectNode s = Json.NODES.objectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Success");
        ObjectNode d = s.putObject("details");
        putIf(d, "name", name);
        putIf(d, "group", group);
        putIf(d, "kind", kind);
        putIf(d, "uid", uid);
        return s;
    }

    private static void putIf(ObjectNode n, String k, String v) {
        if (v != null && !v.isEmpty()) {
            n.put(k, v);
        }
    }
}
