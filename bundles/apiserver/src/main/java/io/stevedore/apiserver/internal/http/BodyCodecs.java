package io.stevedore.apiserver.internal.http;

import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.proto.ProtobufCodec;
import tools.jackson.databind.node.ObjectNode;

/** The body codec of the API server: JSON, YAML and Kubernetes protobuf. */
final class BodyCodecs {

    private BodyCodecs() {
    }

    static BodyCodec create() {
        return new Protobuf(new ProtobufCodec(Json.MAPPER));
    }

    /** Adds {@code application/vnd.kubernetes.protobuf} for every kind client-java-proto carries. */
    private static final class Protobuf extends BodyCodec {
        private final ProtobufCodec codec;

        Protobuf(ProtobufCodec codec) {
            this.codec = codec;
        }

        @Override
        ObjectNode decodeProtobuf(byte[] body) {
            return codec.decode(body);
        }

        @Override
        boolean supportsProtobuf(ObjectNode obj) {
            return codec.supports(Json.text(obj, "apiVersion"), Json.text(obj, "kind"));
        }

        @Override
        byte[] encodeProtobuf(ObjectNode obj) {
            return codec.encode(obj);
        }

        @Override
        byte[] encodeProtobufWatchEvent(String type, ObjectNode obj) {
            return codec.encodeWatchEvent(type, obj);
        }
    }
}
