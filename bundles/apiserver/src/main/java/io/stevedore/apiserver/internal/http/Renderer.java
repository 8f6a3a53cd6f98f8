package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.ObjectList;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.Table;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.http.MediaTypes.Output;
import jakarta.ws.rs.core.Response;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Turns objects, lists and tables into response bodies in the negotiated format. */
final class Renderer {

    private final Registry registry;
    private final BodyCodec codec;

    Renderer(Registry registry, BodyCodec codec) {
        this.registry = registry;
        this.codec = codec;
    }

    Response object(ResourceType type, ObjectNode obj, Output out, int status, String includeObject) {
        if (out == Output.TABLE) {
            ObjectNode table = table(type, List.of(obj), includeObject, true);
            Json.meta(table).put("resourceVersion", Json.resourceVersion(obj));
            return body(table, Output.JSON, status);
        }
        return body(obj, out, status);
    }

    Response list(ResourceType type, ObjectList list, Output out, String includeObject) {
        if (out == Output.TABLE) {
            ObjectNode table = table(type, list.items(), includeObject, true);
            listMeta(Json.meta(table), list);
            return body(table, Output.JSON, 200);
        }
        ObjectNode l = Json.NODES.objectNode();
        l.put("kind", type.listKind());
        l.put("apiVersion", type.apiVersion());
        listMeta(l.putObject("metadata"), list);
        ArrayNode items = l.putArray("items");
        for (ObjectNode o : list.items()) {
            items.add(o);
        }
        return body(l, out, 200);
    }

    private static void listMeta(ObjectNode meta, ObjectList list) {
        meta.put("resourceVersion", list.resourceVersion());
        if (list.continueToken() != null) {
            meta.put("continue", list.continueToken());
        }
        if (list.remainingItemCount() != null) {
            meta.put("remainingItemCount", list.remainingItemCount());
        }
    }

    /** A meta.k8s.io/v1 Table, as Kubernetes' server-side printing produces it. */
    ObjectNode table(ResourceType type, List<ObjectNode> objects, String includeObject, boolean headers) {
        String include = includeObject == null || includeObject.isEmpty() ? "Metadata" : includeObject;
        if (!include.equals("Metadata") && !include.equals("Object") && !include.equals("None")) {
            throw ApiException.badRequest("unrecognized includeObject value: \"" + includeObject + "\"");
        }
        Table t = registry.table(type, objects);
        ObjectNode n = Json.NODES.objectNode();
        n.put("kind", "Table");
        n.put("apiVersion", "meta.k8s.io/v1");
        n.putObject("metadata");
        if (headers) {
            ArrayNode cols = n.putArray("columnDefinitions");
            for (Table.Column c : t.columns()) {
                ObjectNode cn = cols.addObject();
                cn.put("name", c.name());
                cn.put("type", c.type());
                cn.put("format", c.format());
                cn.put("description", c.description());
                cn.put("priority", c.priority());
            }
        } else {
            n.putNull("columnDefinitions");
        }
        ArrayNode rows = n.putArray("rows");
        for (Table.Row r : t.rows()) {
            ObjectNode rn = rows.addObject();
            ArrayNode cells = rn.putArray("cells");
            for (Object c : r.cells()) {
                cells.add(cell(c));
            }
            switch (include) {
                case "Object" -> rn.set("object", r.object());
                case "Metadata" -> {
                    ObjectNode p = rn.putObject("object");
                    p.put("kind", "PartialObjectMetadata");
                    p.put("apiVersion", "meta.k8s.io/v1");
                    p.set("metadata", r.object().path("metadata").deepCopy());
                }
                default -> { }
            }
        }
        return n;
    }

    private static JsonNode cell(Object c) {
        if (c == null) {
            return Json.NODES.nullNode();
        }
        if (c instanceof JsonNode j) {
            return j;
        }
        if (c instanceof Integer i) {
            return Json.NODES.numberNode(i);
        }
        if (c instanceof Long l) {
            return Json.NODES.numberNode(l);
        }
        if (c instanceof Number num) {
            return Json.NODES.numberNode(num.doubleValue());
        }
        if (c instanceof Boolean b) {
            return Json.NODES.booleanNode(b);
        }
        if (c instanceof Map<?, ?> || c instanceof List<?>) {
            return Json.MAPPER.valueToTree(c);
        }
        return Json.NODES.stringNode(c.toString());
    }

    Response body(ObjectNode obj, Output out, int status) {
        return switch (out) {
            case YAML -> Response.status(status).type(MediaTypes.YAML).entity(Json.YAML.writeValueAsBytes(obj)).build();
            case PROTOBUF -> codec.supportsProtobuf(obj)
                    ? Response.status(status).type(MediaTypes.PROTOBUF).entity(codec.encodeProtobuf(obj)).build()
                    : Response.status(status).type(MediaTypes.JSON).entity(Json.write(obj)).build();
            default -> Response.status(status).type(MediaTypes.JSON).entity(Json.write(obj)).build();
        };
    }
}
