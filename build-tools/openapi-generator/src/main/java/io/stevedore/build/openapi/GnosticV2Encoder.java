package io.stevedore.build.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.Map;

/**
 * Encodes the Swagger 2.0 document as the gnostic {@code openapi.v2.Document} protobuf message
 * (github.com/google/gnostic-models openapiv2/OpenAPIv2.proto), which is what kubectl asks
 * {@code /openapi/v2} for ({@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf}).
 * Covers exactly the keywords {@link DocumentRenderer#v2} writes; vendor extensions are carried as
 * their JSON text in {@code Any.yaml} (JSON is YAML), as gnostic readers parse them.
 */
final class GnosticV2Encoder {

    private GnosticV2Encoder() {
    }

    static byte[] encode(JsonObject doc) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, doc.get("swagger").getAsString());
        JsonObject info = doc.getAsJsonObject("info");
        w.message(2, new ProtoWriter().string(1, info.get("title").getAsString()).string(2, info.get("version").getAsString()));
        ProtoWriter paths = new ProtoWriter();
        for (Map.Entry<String, JsonElement> p : doc.getAsJsonObject("paths").entrySet()) {
            paths.message(2, new ProtoWriter().string(1, p.getKey()).message(2, pathItem(p.getValue().getAsJsonObject())));
        }
        w.message(8, paths);
        ProtoWriter defs = new ProtoWriter();
        for (Map.Entry<String, JsonElement> d : doc.getAsJsonObject("definitions").entrySet()) {
            defs.message(1, named(d.getKey(), schema(d.getValue().getAsJsonObject())));
        }
        w.message(9, defs);
        return w.toByteArray();
    }

    private static ProtoWriter pathItem(JsonObject item) {
        ProtoWriter w = new ProtoWriter();
        String[] methods = {"get", "put", "post", "delete", "options", "head", "patch"};
        for (int i = 0; i < methods.length; i++) {
            if (item.has(methods[i])) {
                w.message(2 + i, operation(item.getAsJsonObject(methods[i])));
            }
        }
        if (item.has("parameters")) {
            for (JsonElement p : item.getAsJsonArray("parameters")) {
                w.message(9, parameter(p.getAsJsonObject()));
            }
        }
        return w;
    }

    private static ProtoWriter operation(JsonObject op) {
        ProtoWriter w = new ProtoWriter();
        strings(w, 1, op.getAsJsonArray("tags"));
        w.string(3, text(op, "description"));
        w.string(5, text(op, "operationId"));
        strings(w, 6, op.getAsJsonArray("produces"));
        strings(w, 7, op.getAsJsonArray("consumes"));
        if (op.has("parameters")) {
            for (JsonElement p : op.getAsJsonArray("parameters")) {
                w.message(8, parameter(p.getAsJsonObject()));
            }
        }
        ProtoWriter responses = new ProtoWriter();
        for (Map.Entry<String, JsonElement> r : op.getAsJsonObject("responses").entrySet()) {
            JsonObject ro = r.getValue().getAsJsonObject();
            ProtoWriter response = new ProtoWriter().string(1, text(ro, "description"));
            if (ro.has("schema")) {
                response.message(2, new ProtoWriter().message(1, schema(ro.getAsJsonObject("schema"))));
            }
            responses.message(1, new ProtoWriter().string(1, r.getKey()).message(2, new ProtoWriter().message(1, response)));
        }
        w.message(9, responses);
        strings(w, 10, op.getAsJsonArray("schemes"));
        extensions(w, 13, op);
        return w;
    }

    /** ParametersItem{parameter: Parameter{body_parameter | non_body_parameter{query|path sub-schema}}}. */
    private static ProtoWriter parameter(JsonObject p) {
        String in = p.get("in").getAsString();
        ProtoWriter param = new ProtoWriter();
        if (in.equals("body")) {
            param.message(1, new ProtoWriter().string(1, text(p, "description")).string(2, text(p, "name"))
                    .string(3, in).bool(4, p.has("required") && p.get("required").getAsBoolean())
                    .message(5, schema(p.getAsJsonObject("schema"))));
        } else {
            boolean required = p.has("required") && p.get("required").getAsBoolean();
            boolean unique = p.has("uniqueItems") && p.get("uniqueItems").getAsBoolean();
            ProtoWriter sub;
            int which;
            if (in.equals("query")) {
                sub = new ProtoWriter().bool(1, required).string(2, in).string(3, text(p, "description"))
                        .string(4, text(p, "name")).string(6, text(p, "type")).bool(20, unique);
                which = 3;
            } else if (in.equals("path")) {
                sub = new ProtoWriter().bool(1, required).string(2, in).string(3, text(p, "description"))
                        .string(4, text(p, "name")).string(5, text(p, "type")).bool(19, unique);
                which = 4;
            } else {
                throw new IllegalArgumentException("unsupported parameter location " + in);
            }
            param.message(2, new ProtoWriter().message(which, sub));
        }
        return new ProtoWriter().message(1, param);
    }

    private static ProtoWriter schema(JsonObject s) {
        ProtoWriter w = new ProtoWriter();
        w.string(1, text(s, "$ref"));
        w.string(2, text(s, "format"));
        w.string(4, text(s, "description"));
        strings(w, 19, s.getAsJsonArray("required"));
        if (s.has("additionalProperties")) {
            w.message(21, new ProtoWriter().message(1, schema(s.getAsJsonObject("additionalProperties"))));
        }
        if (s.has("type")) {
            w.message(22, new ProtoWriter().string(1, s.get("type").getAsString()));
        }
        if (s.has("items")) {
            w.message(23, new ProtoWriter().message(1, schema(s.getAsJsonObject("items"))));
        }
        if (s.has("allOf")) {
            for (JsonElement e : s.getAsJsonArray("allOf")) {
                w.message(24, schema(e.getAsJsonObject()));
            }
        }
        if (s.has("properties")) {
            ProtoWriter props = new ProtoWriter();
            for (Map.Entry<String, JsonElement> p : s.getAsJsonObject("properties").entrySet()) {
                props.message(1, named(p.getKey(), schema(p.getValue().getAsJsonObject())));
            }
            w.message(25, props);
        }
        extensions(w, 31, s);
        return w;
    }

    private static ProtoWriter named(String name, ProtoWriter value) {
        return new ProtoWriter().string(1, name).message(2, value);
    }

    private static void extensions(ProtoWriter w, int field, JsonObject o) {
        for (Map.Entry<String, JsonElement> e : o.entrySet()) {
            if (e.getKey().startsWith("x-")) {
                ProtoWriter any = new ProtoWriter().string(2, e.getValue().toString() + "\n");
                w.message(field, new ProtoWriter().string(1, e.getKey()).message(2, any));
            }
        }
    }

    private static void strings(ProtoWriter w, int field, JsonArray values) {
        if (values != null) {
            for (JsonElement v : values) {
                w.string(field, v.getAsString());
            }
        }
    }

    private static String text(JsonObject o, String key) {
        return o.has(key) && o.get(key).isJsonPrimitive() ? o.get(key).getAsString() : null;
    }
}
