package io.stevedore.build.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import io.stevedore.build.openapi.Operation.Parameter;
import io.stevedore.build.openapi.Operation.Response;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/** Renders paths and neutral schemas as an OpenAPI 3.0 document or a Swagger 2.0 document. */
final class DocumentRenderer {

    static final String V3_REF = "#/components/schemas/";
    static final String V2_REF = "#/definitions/";

    private final String kubernetesVersion;

    DocumentRenderer(String kubernetesVersion) {
        this.kubernetesVersion = kubernetesVersion;
    }

    /** One group-version's OpenAPI 3.0 document. */
    JsonObject v3(List<PathItem> paths, Map<String, JsonObject> schemas) {
        JsonObject doc = new JsonObject();
        doc.addProperty("openapi", "3.0.0");
        doc.add("info", info());
        doc.add("paths", paths(paths, DocumentRenderer::v3Parameters, this::v3Operation));
        JsonObject components = new JsonObject();
        JsonObject s = new JsonObject();
        schemas.forEach((name, schema) -> s.add(name, refs(SpecialSchemas.v3Form(name, schema), V3_REF, true)));
        components.add("schemas", s);
        doc.add("components", components);
        return doc;
    }

    /** The {@code paths} object: each path's shared parameters and its operations, in either dialect. */
    private static JsonObject paths(Collection<PathItem> items, Function<List<Parameter>, JsonArray> parameters,
                                    Function<Operation, JsonObject> operation) {
        JsonObject ps = new JsonObject();
        for (PathItem item : items) {
            JsonObject pi = new JsonObject();
            if (!item.parameters().isEmpty()) {
                pi.add("parameters", parameters.apply(item.parameters()));
            }
            for (Operation op : item.operations()) {
                pi.add(op.method(), operation.apply(op));
            }
            ps.add(item.path(), pi);
        }
        return ps;
    }

    /** The single Swagger 2.0 document of every group-version. */
    JsonObject v2(Collection<PathItem> paths, Map<String, JsonObject> schemas) {
        JsonObject doc = new JsonObject();
        doc.addProperty("swagger", "2.0");
        doc.add("info", info());
        doc.add("paths", paths(paths, DocumentRenderer::v2Parameters, this::v2Operation));
        JsonObject d = new JsonObject();
        schemas.forEach((name, schema) -> d.add(name, refs(schema, V2_REF, false)));
        doc.add("definitions", d);
        return doc;
    }

    private JsonObject info() {
        JsonObject info = new JsonObject();
        info.addProperty("title", "Kubernetes");
        info.addProperty("version", kubernetesVersion);
        return info;
    }

    private JsonObject v3Operation(Operation op) {
        JsonObject o = new JsonObject();
        o.addProperty("description", op.description());
        o.addProperty("operationId", op.operationId());
        if (!op.parameters().isEmpty()) {
            o.add("parameters", v3Parameters(op.parameters()));
        }
        if (op.body() != null) {
            JsonObject content = new JsonObject();
            for (String mt : op.consumes()) {
                content.add(mt, schemaHolder(ref(op.body(), V3_REF)));
            }
            JsonObject rb = new JsonObject();
            rb.add("content", content);
            rb.addProperty("required", true);
            o.add("requestBody", rb);
        }
        JsonObject responses = new JsonObject();
        for (Map.Entry<Integer, Response> e : new java.util.TreeMap<>(op.responses()).entrySet()) {
            JsonObject r = new JsonObject();
            JsonObject content = new JsonObject();
            for (String mt : op.produces()) {
                content.add(mt, schemaHolder(responseSchema(e.getValue(), V3_REF)));
            }
            r.add("content", content);
            r.addProperty("description", e.getValue().description());
            responses.add(String.valueOf(e.getKey()), r);
        }
        o.add("responses", responses);
        extensions(o, op);
        return o;
    }

    private JsonObject v2Operation(Operation op) {
        JsonObject o = new JsonObject();
        if (!op.consumes().isEmpty()) {
            o.add("consumes", strings(op.consumes()));
        }
        o.addProperty("description", op.description());
        o.addProperty("operationId", op.operationId());
        JsonArray params = new JsonArray();
        if (op.body() != null) {
            JsonObject body = new JsonObject();
            body.addProperty("in", "body");
            body.addProperty("name", "body");
            body.addProperty("required", true);
            body.add("schema", ref(op.body(), V2_REF));
            params.add(body);
        }
        params.addAll(v2Parameters(op.parameters()));
        if (!params.isEmpty()) {
            o.add("parameters", params);
        }
        o.add("produces", strings(op.produces()));
        JsonObject responses = new JsonObject();
        for (Map.Entry<Integer, Response> e : new java.util.TreeMap<>(op.responses()).entrySet()) {
            JsonObject r = new JsonObject();
            r.addProperty("description", e.getValue().description());
            r.add("schema", responseSchema(e.getValue(), V2_REF));
            responses.add(String.valueOf(e.getKey()), r);
        }
        JsonObject unauthorized = new JsonObject();
        unauthorized.addProperty("description", "Unauthorized");
        responses.add("401", unauthorized);
        o.add("responses", responses);
        o.add("schemes", strings(List.of("https")));
        extensions(o, op);
        return o;
    }

    private static void extensions(JsonObject o, Operation op) {
        o.add("tags", strings(List.of(op.tag())));
        if (op.action() != null) {
            o.addProperty("x-kubernetes-action", op.action());
        }
        if (op.gvk() != null) {
            o.add("x-kubernetes-group-version-kind", op.gvk().toJson());
        }
    }

    private static JsonArray v3Parameters(List<Parameter> params) {
        JsonArray a = new JsonArray();
        for (Parameter p : params) {
            JsonObject o = new JsonObject();
            o.addProperty("description", p.description());
            o.addProperty("in", p.in());
            o.addProperty("name", p.name());
            if (p.required()) {
                o.addProperty("required", true);
            }
            JsonObject schema = new JsonObject();
            schema.addProperty("type", p.type());
            schema.addProperty("uniqueItems", true);
            o.add("schema", schema);
            a.add(o);
        }
        return a;
    }

    private static JsonArray v2Parameters(List<Parameter> params) {
        JsonArray a = new JsonArray();
        for (Parameter p : params) {
            JsonObject o = new JsonObject();
            o.addProperty("description", p.description());
            o.addProperty("in", p.in());
            o.addProperty("name", p.name());
            if (p.required()) {
                o.addProperty("required", true);
            }
            o.addProperty("type", p.type());
            o.addProperty("uniqueItems", true);
            a.add(o);
        }
        return a;
    }

    private static JsonObject responseSchema(Response r, String prefix) {
        if (r.schemaRef() == null) {
            JsonObject s = new JsonObject();
            s.addProperty("type", "string");
            return s;
        }
        return ref(r.schemaRef(), prefix);
    }

    private static JsonObject schemaHolder(JsonObject schema) {
        JsonObject o = new JsonObject();
        o.add("schema", schema);
        return o;
    }

    private static JsonObject ref(String name, String prefix) {
        JsonObject o = new JsonObject();
        o.addProperty("$ref", prefix + name);
        return o;
    }

    private static JsonArray strings(List<String> values) {
        JsonArray a = new JsonArray();
        values.forEach(a::add);
        return a;
    }

    /**
     * Copies a neutral schema, turning {@code {"$ref": name}} into a full reference. In OpenAPI 3 a reference
     * with sibling keywords (a description, extensions) is wrapped in {@code allOf}, as Kubernetes does.
     */
    static JsonObject refs(JsonObject schema, String prefix, boolean allOf) {
        JsonObject out = new JsonObject();
        for (Map.Entry<String, JsonElement> e : schema.entrySet()) {
            JsonElement v = e.getValue();
            if (e.getKey().equals("$ref")) {
                continue;
            }
            out.add(e.getKey(), convert(v, prefix, allOf));
        }
        if (schema.has("$ref")) {
            String target = prefix + schema.get("$ref").getAsString();
            if (allOf && out.size() > 0) {
                JsonObject r = new JsonObject();
                r.addProperty("$ref", target);
                JsonArray a = new JsonArray();
                a.add(r);
                JsonObject wrapped = new JsonObject();
                wrapped.add("allOf", a);
                out.entrySet().forEach(x -> wrapped.add(x.getKey(), x.getValue()));
                return wrapped;
            }
            JsonObject r = new JsonObject();
            r.addProperty("$ref", target);
            out.entrySet().forEach(x -> r.add(x.getKey(), x.getValue()));
            return r;
        }
        return out;
    }

    private static JsonElement convert(JsonElement v, String prefix, boolean allOf) {
        if (v.isJsonObject()) {
            return refs(v.getAsJsonObject(), prefix, allOf);
        }
        if (v.isJsonArray()) {
            JsonArray a = new JsonArray();
            v.getAsJsonArray().forEach(x -> a.add(convert(x, prefix, allOf)));
            return a;
        }
        return v;
    }
}
