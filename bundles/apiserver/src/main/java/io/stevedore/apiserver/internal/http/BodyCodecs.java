package io.stevedore.apiserver.internal.http;

/** Chooses the body codec (protobuf support when its classes are present). */
final class BodyCodecs {
    private BodyCodecs() {
    }

    static BodyCodec create() {
        return new BodyCodec();
    }
}
