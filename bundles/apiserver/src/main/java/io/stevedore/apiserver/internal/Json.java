package io.stevedore.apiserver.internal;

import io.stevedore.api.ApiException;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import tools.jackson.core.JacksonException;
import tools.jackson.core.StreamReadFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/** The one JSON (and YAML) mapper of the API server, and small helpers over object trees. */
public final class Json {

    public static final JsonMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();
    public static final YAMLMapper YAML = YAMLMapper.builder().build();
    public static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private Json() {
    }

    /** Parses a request body that must be a JSON object; malformed input is a 400 as Kubernetes reports it. */
    public static ObjectNode parseObject(byte[] body) {
        JsonNode node;
        try {
            node = MAPPER.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("json parse error: " + e.getOriginalMessage());
        }
        return requireObject(node);
    }

    /** Parses a YAML or JSON request body (YAML is a superset of JSON). */
    public static ObjectNode parseYamlObject(byte[] body) {
        JsonNode node;
        try {
            node = YAML.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("yaml parse error: " + e.getOriginalMessage());
        }
        return requireObject(node);
    }

    private static ObjectNode requireObject(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            throw ApiException.badRequest("the request body is empty");
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("the request body must be a JSON object, got " + node.getNodeType());
        }
        return (ObjectNode) node;
    }

    public static byte[] write(JsonNode node) {
        return MAPPER.writeValueAsBytes(node);
    }

    /** metadata of an object, created when missing. */
    public static ObjectNode meta(ObjectNode obj) {
        JsonNode m = obj.get("metadata");
        if (m instanceof ObjectNode om) {
            return om;
        }
        return obj.putObject("metadata");
    }

    /** A string field, or null when absent or not a string. */
    public static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    /** metadata.name or null. */
    public static String name(JsonNode obj) {
        return text(obj.get("metadata"), "name");
    }

    public static String namespace(JsonNode obj) {
        return text(obj.get("metadata"), "namespace");
    }

    public static String resourceVersion(JsonNode obj) {
        return text(obj.get("metadata"), "resourceVersion");
    }

    /** RFC 3339 with seconds precision, as Kubernetes writes metav1.Time. */
    public static String timestamp(Instant t) {
        return DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
