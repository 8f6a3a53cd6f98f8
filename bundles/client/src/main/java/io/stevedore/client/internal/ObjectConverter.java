package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** Converts between fabric8 model objects and the registry's JSON trees with one mapper. */
final class ObjectConverter {

    private final JsonMapper mapper;

    ObjectConverter(JsonMapper mapper) {
        this.mapper = mapper;
    }

    ObjectConverter() {
        this(JsonMapper.builder().build());
    }

    /** The tree of an object, with apiVersion and kind of the resource set. */
    ObjectNode toTree(HasMetadata object, ResourceType type) {
        JsonNode node = mapper.valueToTree(object);
        if (!(node instanceof ObjectNode tree)) {
            throw new IllegalArgumentException("not an object: " + object);
        }
        tree.put("apiVersion", type.apiVersion());
        tree.put("kind", type.kind());
        return tree;
    }

    /** The tree of a body as it is (a subresource's own kind carries its apiVersion and kind). */
    ObjectNode toTree(Object body) {
        JsonNode node = mapper.valueToTree(body);
        if (!(node instanceof ObjectNode tree)) {
            throw new IllegalArgumentException("not an object: " + body);
        }
        return tree;
    }

    <T> T fromTree(ObjectNode tree, Class<T> type) {
        return mapper.treeToValue(tree, type);
    }

    @SuppressWarnings("unchecked")
    <T> T deepCopy(T object) {
        JsonNode node = mapper.valueToTree(object);
        return (T) mapper.treeToValue(node, object.getClass());
    }

    /** The exception a Status tree (an ERROR event's object) stands for. */
    static ApiException toException(ObjectNode status) {
        if (status == null) {
            return ApiException.internal("watch ended with an error and no status");
        }
        int code = status.path("code").asInt(500);
        String reason = status.path("reason").asString("");
        String message = status.path("message").asString("");
        return new ApiException(code, reason, message, null);
    }
}
