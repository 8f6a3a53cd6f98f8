package io.stevedore.apiserver.internal.proto;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.stevedore.api.ApiException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;

/**
 * The message types whose Kubernetes JSON form is not an object of their fields, each handled once
 * for every kind: {@code meta.v1.Time} and {@code MicroTime} (RFC 3339 strings), {@code meta.v1.Duration}
 * (Go duration strings), {@code resource.Quantity} (string), {@code intstr.IntOrString} (number or
 * string), {@code runtime.RawExtension}, {@code meta.v1.FieldsV1} and apiextensions {@code JSON}
 * (embedded JSON), and string-slice wrappers such as {@code meta.v1.Verbs} and {@code ExtraValue}
 * (arrays).
 */
final class WireShapes {

    /** How one special message type maps to and from a JSON value. */
    interface Shape {
        JsonNode toJson(Message message);

        /** Fills {@code builder} from {@code json}; {@code json} may be a JSON null. */
        void fromJson(JsonNode json, Message.Builder builder, String path);
    }

    static final byte[] PROTOBUF_PREFIX = {0x6b, 0x38, 0x73, 0x00};

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final DateTimeFormatter MICRO = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSX")
            .withZone(ZoneOffset.UTC);
    private static final String META = KindRegistry.META_PACKAGE + ".";

    private final JsonMapper mapper;
    private final Function<byte[], JsonNode> envelopeDecoder;
    private final Map<String, Shape> byName;
    private final Shape stringSlice = new StringSlice();
    private final Map<Descriptor, Optional<Shape>> resolved = new ConcurrentHashMap<>();

    /**
     * @param envelopeDecoder decodes a full {@code k8s\0} envelope found inside a RawExtension
     */
    WireShapes(JsonMapper mapper, Function<byte[], JsonNode> envelopeDecoder) {
        this.mapper = mapper;
        this.envelopeDecoder = envelopeDecoder;
        Shape rawJson = new RawJson();
        this.byName = Map.of(
                META + "Time", new Timestamp(false),
                META + "MicroTime", new Timestamp(true),
                META + "Duration", new Duration(),
                "k8s.io.apimachinery.pkg.api.resource.Quantity", new QuantityString(),
                "k8s.io.apimachinery.pkg.api.resource.QuantityValue", new QuantityString(),
                "k8s.io.apimachinery.pkg.util.intstr.IntOrString", new IntOrString(),
                KindRegistry.runtimeMessage("RawExtension"), rawJson,
                META + "FieldsV1", rawJson,
                "k8s.io.apiextensions_apiserver.pkg.apis.apiextensions.v1beta1.JSON", rawJson);
    }

    /** The special shape of this message type, or null when it is an ordinary JSON object. */
    Shape of(Descriptor message) {
        return resolved.computeIfAbsent(message, m -> {
            Shape shape = byName.get(m.getFullName());
            return Optional.ofNullable(shape == null && isStringSlice(m) ? stringSlice : shape);
        }).orElse(null);
    }

    /** A Go {@code []string} type with a wrapper message {@code {repeated string items = 1}}. */
    private static boolean isStringSlice(Descriptor message) {
        if (message.getFields().size() != 1) {
            return false;
        }
        FieldDescriptor only = message.getFields().get(0);
        return only.getName().equals("items") && only.isRepeated()
                && only.getType() == FieldDescriptor.Type.STRING;
    }

    private static FieldDescriptor field(Message.Builder builder, int number) {
        return builder.getDescriptorForType().findFieldByNumber(number);
    }

    private static FieldDescriptor field(Message message, int number) {
        return message.getDescriptorForType().findFieldByNumber(number);
    }

    static ApiException invalid(String path, String problem) {
        return ApiException.badRequest((path.isEmpty() ? "" : path + ": ") + problem);
    }

    /** Time {seconds=1, nanos=2}: RFC 3339 in UTC, seconds precision or (MicroTime) six fractional digits. */
    private static final class Timestamp implements Shape {
        private final boolean micro;

        Timestamp(boolean micro) {
            this.micro = micro;
        }

        @Override
        public JsonNode toJson(Message message) {
            FieldDescriptor seconds = field(message, 1);
            FieldDescriptor nanos = field(message, 2);
            if (!message.hasField(seconds) && !message.hasField(nanos)) {
                return NODES.nullNode(); // Go's zero time is written as an empty message and as JSON null
            }
            Instant instant = Instant.ofEpochSecond((Long) message.getField(seconds),
                    micro ? (Integer) message.getField(nanos) : 0);
            return NODES.stringNode(micro ? MICRO.format(instant) : DateTimeFormatter.ISO_INSTANT.format(instant));
        }

        @Override
        public void fromJson(JsonNode json, Message.Builder builder, String path) {
            if (json.isNull() || (json.isString() && json.stringValue().isEmpty())) {
                return;
            }
            if (!json.isString()) {
                throw invalid(path, "expected an RFC 3339 time string");
            }
            OffsetDateTime time;
            try {
                time = OffsetDateTime.parse(json.stringValue(), DateTimeFormatter.ISO_OFFSET_DATE_TIME);
            } catch (DateTimeParseException e) {
                throw invalid(path, "invalid time \"" + json.stringValue() + "\": " + e.getMessage());
            }
            Instant instant = time.toInstant();
            builder.setField(field(builder, 1), instant.getEpochSecond());
            int nanos = micro ? instant.getNano() / 1000 * 1000 : instant.getNano();
            if (nanos != 0) {
                builder.setField(field(builder, 2), nanos);
            }
        }
    }

    /** meta.v1.Duration {duration=1 nanoseconds}: Go duration text. */
    private static final class Duration implements Shape {
        @Override
        public JsonNode toJson(Message message) {
            return NODES.stringNode(GoDuration.format((Long) message.getField(field(message, 1))));
        }

        @Override
        public void fromJson(JsonNode json, Message.Builder builder, String path) {
            if (json.isNull()) {
                return;
            }
            try {
                builder.setField(field(builder, 1), GoDuration.parse(json.asString()));
            } catch (IllegalArgumentException e) {
                throw invalid(path, e.getMessage());
            }
        }
    }

    /** resource.Quantity {string=1}: the quantity's text. */
    private static final class QuantityString implements Shape {
        @Override
        public JsonNode toJson(Message message) {
            return NODES.stringNode((String) message.getField(field(message, 1)));
        }

        @Override
        public void fromJson(JsonNode json, Message.Builder builder, String path) {
            if (json.isNull()) {
                return;
            }
            if (!json.isString() && !json.isNumber()) {
                throw invalid(path, "expected a quantity string");
            }
            builder.setField(field(builder, 1), json.isNumber() ? json.numberValue().toString() : json.stringValue());
        }
    }

    /** intstr.IntOrString {type=1 (0 int, 1 string), intVal=2, strVal=3}: a JSON number or string. */
    private static final class IntOrString implements Shape {
        @Override
        public JsonNode toJson(Message message) {
            long type = (Long) message.getField(field(message, 1));
            return type == 1 ? NODES.stringNode((String) message.getField(field(message, 3)))
                    : NODES.numberNode((Integer) message.getField(field(message, 2)));
        }

        @Override
        public void fromJson(JsonNode json, Message.Builder builder, String path) {
            if (json.isNull()) {
                return;
            }
            if (json.isIntegralNumber() && json.canConvertToInt()) {
                builder.setField(field(builder, 1), 0L);
                builder.setField(field(builder, 2), json.intValue());
            } else if (json.isString()) {
                builder.setField(field(builder, 1), 1L);
                builder.setField(field(builder, 3), json.stringValue());
            } else {
                throw invalid(path, "expected an integer or a string");
            }
        }
    }

    /** A message holding JSON bytes in field 1 (RawExtension.raw, FieldsV1.Raw, apiextensions JSON.raw). */
    private final class RawJson implements Shape {
        @Override
        public JsonNode toJson(Message message) {
            ByteString raw = (ByteString) message.getField(field(message, 1));
            if (raw.isEmpty()) {
                return NODES.nullNode();
            }
            byte[] bytes = raw.toByteArray();
            if (raw.startsWith(ByteString.copyFrom(PROTOBUF_PREFIX))) {
                return envelopeDecoder.apply(bytes);
            }
            try {
                return mapper.readTree(bytes);
            } catch (RuntimeException e) {
                throw invalid(message.getDescriptorForType().getName(), "raw bytes are not JSON: " + e.getMessage());
            }
        }

        @Override
        public void fromJson(JsonNode json, Message.Builder builder, String path) {
            if (json.isNull() || json.isMissingNode()) {
                return;
            }
            builder.setField(field(builder, 1), ByteString.copyFrom(mapper.writeValueAsBytes(json)));
        }
    }

    /** {repeated string items = 1} wrappers of Go string slices: a JSON array of strings. */
    private static final class StringSlice implements Shape {
        @Override
        public JsonNode toJson(Message message) {
            ArrayNode array = NODES.arrayNode();
            FieldDescriptor items = field(message, 1);
            for (int i = 0; i < message.getRepeatedFieldCount(items); i++) {
                array.add((String) message.getRepeatedField(items, i));
            }
            return array;
        }

        @Override
        public void fromJson(JsonNode json, Message.Builder builder, String path) {
            if (json.isNull()) {
                return;
            }
            if (!json.isArray()) {
                throw invalid(path, "expected an array of strings");
            }
            FieldDescriptor items = field(builder, 1);
            for (JsonNode item : json) {
                builder.addRepeatedField(items, item.asString());
            }
        }
    }
}
