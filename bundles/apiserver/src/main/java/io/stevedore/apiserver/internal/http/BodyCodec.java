package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.Json;
import java.util.Locale;
import tools.jackson.databind.node.ObjectNode;

/** Request bodies in JSON, YAML or Kubernetes protobuf, and protobuf responses. */
class BodyCodec {

    static final String ACCEPTED = "application/json, application/yaml, application/vnd.kubernetes.protobuf";

    ObjectNode decode(String contentType, byte[] body) {
        String base = contentType == null ? MediaTypes.JSON
                : contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
        return switch (base) {
            case "", MediaTypes.JSON, "*/*" -> Json.parseObject(body);
            case MediaTypes.YAML, "application/x-yaml", "text/yaml" -> Json.parseYamlObject(body);
            case MediaTypes.PROTOBUF -> decodeProtobuf(body);
            default -> throw unsupported(contentType);
        };
    }

    static ApiException unsupported(String contentType) {
        return ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted "
                + "media types include: " + ACCEPTED);
    }

    ObjectNode decodeProtobuf(byte[] body) {
        throw unsupported(MediaTypes.PROTOBUF);
    }

    boolean supportsProtobuf(ObjectNode obj) {
        return false;
    }

    byte[] encodeProtobuf(ObjectNode obj) {
        throw new UnsupportedOperationException();
    }

    byte[] encodeProtobufWatchEvent(String type, ObjectNode obj) {
        throw new UnsupportedOperationException();
    }
}
