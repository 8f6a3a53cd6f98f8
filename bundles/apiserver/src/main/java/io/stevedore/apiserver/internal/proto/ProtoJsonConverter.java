package io.stevedore.apiserver.internal.proto;

import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.google.protobuf.ByteString;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.EnumValueDescriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Message;

import io.stevedore.apiserver.internal.proto.WireShapes.Shape;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Converts any Kubernetes protobuf message to its Kubernetes JSON tree and back, driven only by the
 * message descriptors, the {@link WireShapes} of the few special types and the {@link GoJsonHints}.
 * <ul>
 *   <li>Singular fields are written when set ({@code hasField}); a set scalar holding its zero value
 *       is dropped unless Go writes it ({@code omitempty} absent, or a pointer), because Kubernetes
 *       marshals every non-pointer Go field on the wire.</li>
 *   <li>Repeated fields become arrays and map entries objects; empty ones are omitted, except
 *       {@code items} of a list, which is always an array.</li>
 *   <li>bytes are base64 strings; embedded ({@code json:",inline"}) messages are spliced in.</li>
 * </ul>
 */
final class ProtoJsonConverter {

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final WireShapes shapes;
    private final GoJsonHints hints;
    private final Map<Descriptor, Boolean> listTypes = new ConcurrentHashMap<>();

    ProtoJsonConverter(WireShapes shapes, GoJsonHints hints) {
        this.shapes = shapes;
        this.hints = hints;
    }

    // ---------------------------------------------------------------- protobuf -> JSON

    /** The JSON object of an ordinary (not special) message. */
    ObjectNode toJson(Message message) {
        ObjectNode out = NODES.objectNode();
        writeFields(message, out);
        return out;
    }

    private void writeFields(Message message, ObjectNode out) {
        for (FieldDescriptor field : message.getDescriptorForType().getFields()) {
            String name = hints.jsonName(field);
            if (field.isMapField()) {
                int count = message.getRepeatedFieldCount(field);
                if (count > 0) {
                    ObjectNode map = out.putObject(name);
                    FieldDescriptor key = field.getMessageType().findFieldByNumber(1);
                    FieldDescriptor value = field.getMessageType().findFieldByNumber(2);
                    for (int i = 0; i < count; i++) {
                        Message entry = (Message) message.getRepeatedField(field, i);
                        map.set(String.valueOf(entry.getField(key)), valueToJson(value, entry.getField(value)));
                    }
                }
            } else if (field.isRepeated()) {
                int count = message.getRepeatedFieldCount(field);
                if (count > 0 || isListItems(field)) {
                    ArrayNode array = out.putArray(name);
                    for (int i = 0; i < count; i++) {
                        array.add(valueToJson(field, message.getRepeatedField(field, i)));
                    }
                }
            } else if (message.hasField(field)) {
                Object value = message.getField(field);
                if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    if (hints.isInline(field) && shapes.of(field.getMessageType()) == null) {
                        writeFields((Message) value, out);
                    } else {
                        out.set(name, valueToJson(field, value));
                    }
                } else if (!isZero(value) || hints.keepsZero(field)) {
                    out.set(name, valueToJson(field, value));
                }
            }
        }
    }

    private boolean isListItems(FieldDescriptor field) {
        Descriptor owner = field.getContainingType();
        return field.getNumber() == 2 && field.getName().equals("items")
                && listTypes.computeIfAbsent(owner, d -> d.getName().endsWith("List")
                        && d.findFieldByNumber(1) != null && d.findFieldByNumber(1).getName().equals("metadata"));
    }

    private static boolean isZero(Object value) {
        if (value instanceof String s) {
            return s.isEmpty();
        } else if (value instanceof Boolean b) {
            return !b;
        } else if (value instanceof Number n) {
            return n.doubleValue() == 0;
        } else if (value instanceof ByteString bytes) {
            return bytes.isEmpty();
        }
        return false;
    }

    private JsonNode valueToJson(FieldDescriptor field, Object value) {
        switch (field.getJavaType()) {
            case MESSAGE: {
                Message message = (Message) value;
                Shape shape = shapes.of(message.getDescriptorForType());
                return shape != null ? shape.toJson(message) : toJson(message);
            }
            case STRING:
                return NODES.stringNode((String) value);
            case BOOLEAN:
                return NODES.booleanNode((Boolean) value);
            case INT:
                return field.getType() == FieldDescriptor.Type.UINT32 || field.getType() == FieldDescriptor.Type.FIXED32
                        ? number(Integer.toUnsignedLong((Integer) value)) : NODES.numberNode((Integer) value);
            case LONG:
                return number((Long) value);
            case FLOAT:
                return NODES.numberNode((Float) value);
            case DOUBLE:
                return NODES.numberNode((Double) value);
            case BYTE_STRING:
                return NODES.stringNode(Base64.getEncoder().encodeToString(((ByteString) value).toByteArray()));
            case ENUM:
                return NODES.stringNode(((EnumValueDescriptor) value).getName());
            default:
                throw new IllegalStateException("unsupported field type " + field.getType());
        }
    }

    /** Integers as the JSON parser would read them back: int nodes when they fit. */
    private static JsonNode number(long value) {
        return value == (int) value ? NODES.numberNode((int) value) : NODES.numberNode(value);
    }

    // ---------------------------------------------------------------- JSON -> protobuf

    /** Fills {@code builder} from a JSON value; fields the message does not have are ignored, as Kubernetes does. */
    void fromJson(JsonNode json, Message.Builder builder, String path) {
        Shape shape = shapes.of(builder.getDescriptorForType());
        if (shape != null) {
            shape.fromJson(json, builder, path);
            return;
        }
        if (json.isNull()) {
            return;
        }
        if (!json.isObject()) {
            throw WireShapes.invalid(path, "expected an object");
        }
        readFields(json, builder, path);
    }

    private void readFields(JsonNode json, Message.Builder builder, String path) {
        for (FieldDescriptor field : builder.getDescriptorForType().getFields()) {
            if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE && !field.isRepeated()
                    && hints.isInline(field) && shapes.of(field.getMessageType()) == null) {
                Message.Builder inner = builder.newBuilderForField(field);
                readFields(json, inner, path);
                if (!inner.getAllFields().isEmpty()) {
                    builder.setField(field, inner.build());
                }
                continue;
            }
            String name = hints.jsonName(field);
            JsonNode value = json.get(name);
            if (value == null) {
                continue;
            }
            String at = path.isEmpty() ? name : path + "." + name;
            if (field.isMapField()) {
                readMap(value, builder, field, at);
            } else if (field.isRepeated()) {
                if (value.isNull()) {
                    continue;
                }
                if (!value.isArray()) {
                    throw WireShapes.invalid(at, "expected an array");
                }
                int i = 0;
                for (JsonNode element : value) {
                    builder.addRepeatedField(field, valueFromJson(field, element, builder, at + "[" + i++ + "]"));
                }
            } else if (!value.isNull() || acceptsNull(field)) {
                builder.setField(field, valueFromJson(field, value, builder, at));
            }
        }
    }

    /** A JSON null is kept only where Kubernetes writes an empty message for it (zero Time). */
    private boolean acceptsNull(FieldDescriptor field) {
        if (field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
            return false;
        }
        String name = field.getMessageType().getFullName();
        return name.equals(KindRegistry.META_PACKAGE + ".Time") || name.equals(KindRegistry.META_PACKAGE + ".MicroTime");
    }

    private void readMap(JsonNode value, Message.Builder builder, FieldDescriptor field, String path) {
        if (value.isNull()) {
            return;
        }
        if (!value.isObject()) {
            throw WireShapes.invalid(path, "expected an object");
        }
        FieldDescriptor keyField = field.getMessageType().findFieldByNumber(1);
        FieldDescriptor valueField = field.getMessageType().findFieldByNumber(2);
        for (Map.Entry<String, JsonNode> property : value.properties()) {
            Message.Builder entry = builder.newBuilderForField(field);
            String at = path + "[" + property.getKey() + "]";
            entry.setField(keyField, scalar(keyField, NODES.stringNode(property.getKey()), at));
            if (!property.getValue().isNull() || valueField.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                entry.setField(valueField, valueFromJson(valueField, property.getValue(), entry, at));
            }
            builder.addRepeatedField(field, entry.build());
        }
    }

    private Object valueFromJson(FieldDescriptor field, JsonNode value, Message.Builder parent, String path) {
        if (field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
            Message.Builder inner = parent.newBuilderForField(field);
            fromJson(value, inner, path);
            return inner.build();
        }
        return scalar(field, value, path);
    }

    private static Object scalar(FieldDescriptor field, JsonNode value, String path) {
        if (value.isContainer()) {
            throw WireShapes.invalid(path, "expected a " + field.getJavaType().name().toLowerCase() + " value");
        }
        try {
            switch (field.getJavaType()) {
                case STRING:
                    return value.isNull() ? "" : value.asString();
                case BOOLEAN:
                    if (value.isBoolean()) {
                        return value.booleanValue();
                    }
                    if (value.isNull()) {
                        return false;
                    }
                    throw WireShapes.invalid(path, "expected a boolean");
                case INT:
                    return (int) integral(value, path);
                case LONG:
                    return integral(value, path);
                case FLOAT:
                    return (float) value.asDouble();
                case DOUBLE:
                    return value.asDouble();
                case BYTE_STRING:
                    return value.isNull() ? ByteString.EMPTY
                            : ByteString.copyFrom(Base64.getMimeDecoder().decode(value.asString()));
                case ENUM:
                    EnumValueDescriptor enumValue = field.getEnumType().findValueByName(value.asString());
                    if (enumValue == null) {
                        throw WireShapes.invalid(path, "unknown value " + value.asString());
                    }
                    return enumValue;
                default:
                    throw WireShapes.invalid(path, "unsupported field type " + field.getType());
            }
        } catch (IllegalArgumentException e) {
            throw WireShapes.invalid(path, e.getMessage());
        }
    }

    private static long integral(JsonNode value, String path) {
        if (value.isNull()) {
            return 0;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.longValue();
        }
        if (value.isNumber() && value.canConvertToExactIntegral() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isString()) {
            return Long.parseLong(value.stringValue().trim());
        }
        throw WireShapes.invalid(path, "expected an integer");
    }
}
