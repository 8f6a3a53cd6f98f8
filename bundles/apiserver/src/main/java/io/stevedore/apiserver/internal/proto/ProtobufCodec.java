package io.stevedore.apiserver.internal.proto;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.proto.KindRegistry.Kind;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Kubernetes' protobuf wire format ({@code application/vnd.kubernetes.protobuf}) for JSON trees.
 * A body is the 4 bytes {@code k8s\0} followed by a {@code runtime.Unknown} whose {@code typeMeta}
 * names the kind and whose {@code raw} is the object's own message. Every built-in kind that
 * client-java-proto carries (plus coordination/v1 and discovery/v1) is supported, through one
 * descriptor-driven converter. Thread-safe; build one and share it.
 */
public final class ProtobufCodec {

    /** The media type of protobuf bodies. */
    public static final String MEDIA_TYPE = "application/vnd.kubernetes.protobuf";
    /** The media type of a protobuf watch stream (length-delimited WatchEvent frames). */
    public static final String WATCH_MEDIA_TYPE = MEDIA_TYPE + ";stream=watch";

    private static final byte[] PREFIX = WireShapes.PROTOBUF_PREFIX;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final KindRegistry registry;
    private final ProtoJsonConverter converter;

    public ProtobufCodec() {
        this(JsonMapper.builder().build());
    }

    /** @param mapper used to read and write the JSON held in RawExtension and FieldsV1 bytes */
    public ProtobufCodec(JsonMapper mapper) {
        this.registry = KindRegistry.scan();
        this.converter = new ProtoJsonConverter(new WireShapes(mapper, this::decode), GoJsonHints.load());
    }

    /** Whether this codec can encode and decode the kind, e.g. {@code ("apps/v1", "Deployment")}. */
    public boolean supports(String apiVersion, String kind) {
        return apiVersion != null && kind != null && registry.find(apiVersion, kind) != null;
    }

    /**
     * Decodes a protobuf body into the object's JSON tree, with {@code kind} and {@code apiVersion} set.
     *
     * @throws ApiException 400 BadRequest when the bytes are not a Kubernetes protobuf message or name
     *                      a kind this codec does not know
     */
    public ObjectNode decode(byte[] body) {
        if (body == null || body.length < PREFIX.length
                || !Arrays.equals(body, 0, PREFIX.length, PREFIX, 0, PREFIX.length)) {
            throw ApiException.badRequest("provided data does not appear to be a protobuf message, expected prefix "
                    + Arrays.toString(PREFIX));
        }
        Runtime.Unknown unknown;
        try {
            unknown = Runtime.Unknown.parseFrom(ByteBuffer.wrap(body, PREFIX.length, body.length - PREFIX.length));
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("unable to decode protobuf envelope: " + e.getMessage());
        }
        if (!unknown.getContentEncoding().isEmpty()
                || !(unknown.getContentType().isEmpty() || unknown.getContentType().equals(MEDIA_TYPE))) {
            throw ApiException.badRequest("unsupported protobuf envelope content: encoding \""
                    + unknown.getContentEncoding() + "\", type \"" + unknown.getContentType() + "\"");
        }
        String apiVersion = unknown.getTypeMeta().getApiVersion();
        String kind = unknown.getTypeMeta().getKind();
        if (kind.isEmpty()) {
            throw ApiException.badRequest("Object 'Kind' is missing in protobuf envelope");
        }
        if (apiVersion.isEmpty()) {
            throw ApiException.badRequest("Object 'apiVersion' is missing in protobuf envelope");
        }
        Kind type = registry.find(apiVersion, kind);
        if (type == null) {
            throw ApiException.badRequest("no kind \"" + kind + "\" is registered for version \"" + apiVersion + "\"");
        }
        Message message;
        try {
            message = type.prototype().getParserForType().parseFrom(unknown.getRaw());
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("unable to decode " + kind + " from protobuf: " + e.getMessage());
        }
        ObjectNode object = NODES.objectNode();
        object.put("kind", kind);
        object.put("apiVersion", apiVersion);
        object.setAll(converter.toJson(message));
        return object;
    }

    /**
     * Encodes a JSON object as a protobuf body: prefix, then Unknown with typeMeta from the object's
     * {@code apiVersion} and {@code kind}, empty content encoding and type, and the object's message.
     * JSON fields the message does not have are dropped, as Kubernetes' protobuf does.
     *
     * @throws ApiException 406 NotAcceptable when the kind has no protobuf message (check
     *                      {@link #supports} first); 400 when a field has the wrong JSON type
     */
    public byte[] encode(ObjectNode object) {
        String apiVersion = object.path("apiVersion").asString("");
        String kind = object.path("kind").asString("");
        Kind type = registry.find(apiVersion, kind);
        if (type == null) {
            throw ApiException.notAcceptable("kind \"" + kind + "\" in version \"" + apiVersion
                    + "\" has no protobuf encoding; only application/json is available");
        }
        Message.Builder builder = type.prototype().newBuilderForType();
        converter.fromJson(object, builder, "");
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(builder.build().toByteString())
                .setContentEncoding("")
                .setContentType("")
                .build();
        ByteArrayOutputStream out = new ByteArrayOutputStream(PREFIX.length + unknown.getSerializedSize());
        out.writeBytes(PREFIX);
        out.writeBytes(unknown.toByteArray());
        return out.toByteArray();
    }

    /**
     * One frame of a protobuf watch stream: a 4-byte big-endian length, then a
     * {@code meta.v1.WatchEvent} (no prefix, no envelope) whose {@code object.raw} is the full
     * {@link #encode} of the object.
     *
     * @param type ADDED, MODIFIED, DELETED, BOOKMARK or ERROR (the object is then a Status)
     */
    public byte[] encodeWatchEvent(String type, ObjectNode object) {
        Meta.WatchEvent event = Meta.WatchEvent.newBuilder()
                .setType(type)
                .setObject(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(encode(object))))
                .build();
        byte[] message = event.toByteArray();
        return ByteBuffer.allocate(4 + message.length).putInt(message.length).put(message).array();
    }

    /** Decodes one watch frame written by {@link #encodeWatchEvent}: {@code {"type":..., "object":{...}}}. */
    public ObjectNode decodeWatchEvent(byte[] frame) {
        if (frame.length < 4 || ByteBuffer.wrap(frame).getInt() != frame.length - 4) {
            throw ApiException.badRequest("watch frame length does not match its content");
        }
        try {
            Meta.WatchEvent event = Meta.WatchEvent.parseFrom(ByteBuffer.wrap(frame, 4, frame.length - 4));
            ObjectNode out = NODES.objectNode();
            out.put("type", event.getType());
            out.set("object", event.getObject().getRaw().isEmpty() ? NODES.nullNode()
                    : decode(event.getObject().getRaw().toByteArray()));
            return out;
        } catch (InvalidProtocolBufferException e) {
            throw ApiException.badRequest("unable to decode watch event: " + e.getMessage());
        }
    }

}
