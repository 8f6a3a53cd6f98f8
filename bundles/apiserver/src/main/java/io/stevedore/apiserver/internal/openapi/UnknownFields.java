package io.stevedore.apiserver.internal.openapi;

import io.stevedore.api.ResourceType;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Finds the fields of an object (or of a merge or apply patch body) that its kind's schema does not
 * know, for {@code fieldValidation=Strict}: the same OpenAPI v3 documents that kubectl validates against.
 */
public final class UnknownFields {

    private static final String REF_PREFIX = "#/components/schemas/";
    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final OpenApiDocuments documents;
    private final Map<String, JsonNode> schemasByGroupVersion = new ConcurrentHashMap<>();

    public UnknownFields(OpenApiDocuments documents) {
        this.documents = documents;
    }

    /** The validator over this bundle's generated documents. */
    public static UnknownFields load() {
        return new UnknownFields(OpenApiDocuments.load(UnknownFields.class.getClassLoader()));
    }

    /**
     * Paths of unknown fields, e.g. {@code spec.replica} or {@code spec.containers[0].imagee}; empty when the
     * kind has no schema. Keys starting with {@code $} (strategic-merge directives) are skipped.
     */
    public List<String> find(ResourceType type, JsonNode object) {
        return scan(type, object, false);
    }

    /** Removes unknown fields in place, as decoding into Kubernetes' typed structs drops them; returns their paths. */
    public List<String> prune(ResourceType type, JsonNode object) {
        return scan(type, object, true);
    }

    private List<String> scan(ResourceType type, JsonNode object, boolean remove) {
        JsonNode schemas = schemas(type);
        List<String> out = new ArrayList<>();
        JsonNode root = kindSchema(schemas, type);
        if (root != null) {
            walk(object, root, schemas, "", out, remove);
        }
        return out;
    }

    /** The schemas of a type's group-version, empty when there is no document for it. */
    private JsonNode schemas(ResourceType type) {
        String gv = type.group().isEmpty() ? "api/" + type.version() : "apis/" + type.group() + "/" + type.version();
        return schemasByGroupVersion.computeIfAbsent(gv, k -> documents.groupVersion(k)
                .map(d -> MAPPER.readTree(d.bytes()).path("components").path("schemas"))
                .orElse(MAPPER.createObjectNode()));
    }

    private final Map<ResourceType, java.util.Optional<JsonNode>> kindSchemas = new ConcurrentHashMap<>();

    private JsonNode kindSchema(JsonNode schemas, ResourceType type) {
        return kindSchemas.computeIfAbsent(type, t -> java.util.Optional.ofNullable(findKindSchema(schemas, t)))
                .orElse(null);
    }

    private static JsonNode findKindSchema(JsonNode schemas, ResourceType type) {
        for (Map.Entry<String, JsonNode> e : schemas.properties()) {
            for (JsonNode gvk : e.getValue().path("x-kubernetes-group-version-kind")) {
                if (gvk.path("group").asString("").equals(type.group())
                        && gvk.path("version").asString("").equals(type.version())
                        && gvk.path("kind").asString("").equals(type.kind())) {
                    return e.getValue();
                }
            }
        }
        return null;
    }

    private static JsonNode resolve(JsonNode schema, JsonNode schemas) {
        for (int depth = 0; depth < 8 && schema != null; depth++) {
            if (schema.has("$ref")) {
                schema = schemas.path(schema.path("$ref").asString("").substring(REF_PREFIX.length()));
            } else if (schema.path("allOf").size() == 1 && !schema.has("properties")) {
                schema = schema.path("allOf").get(0);
            } else {
                return schema;
            }
        }
        return schema;
    }

    private static void walk(JsonNode node, JsonNode schema, JsonNode schemas, String path, List<String> out,
                             boolean remove) {
        JsonNode s = resolve(schema, schemas);
        if (s == null || s.isMissingNode() || s.path("x-kubernetes-preserve-unknown-fields").asBoolean(false)) {
            return;
        }
        if (node.isObject()) {
            JsonNode props = s.get("properties");
            if (props != null && props.isObject()) {
                List<String> unknown = new ArrayList<>();
                for (Map.Entry<String, JsonNode> f : node.properties()) {
                    String name = f.getKey();
                    if (name.startsWith("$")) {
                        continue;
                    }
                    String child = path.isEmpty() ? name : path + "." + name;
                    JsonNode fieldSchema = props.get(name);
                    if (fieldSchema == null) {
                        out.add(child);
                        unknown.add(name);
                    } else if (!f.getValue().isNull()) {
                        walk(f.getValue(), fieldSchema, schemas, child, out, remove);
                    }
                }
                if (remove && !unknown.isEmpty()) {
                    ((tools.jackson.databind.node.ObjectNode) node).remove(unknown);
                }
            } else if (s.get("additionalProperties") != null && s.get("additionalProperties").isObject()) {
                for (Map.Entry<String, JsonNode> f : node.properties()) {
                    if (!f.getKey().startsWith("$") && !f.getValue().isNull()) {
                        walk(f.getValue(), s.get("additionalProperties"), schemas, path + "." + f.getKey(), out,
                                remove);
                    }
                }
            }
        } else if (node.isArray() && s.has("items")) {
            for (int i = 0; i < node.size(); i++) {
                walk(node.get(i), s.get("items"), schemas, path + "[" + i + "]", out, remove);
            }
        }
    }
}
