package io.stevedore.build.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.util.List;
import java.util.Map;

/**
 * The definitions whose wire shape is not a plain object of fields: they have no client-java model
 * class (or the model class does not show the wire shape), so they are written here by hand.
 */
final class SpecialSchemas {

    private SpecialSchemas() {
    }

    static void addTo(Map<String, JsonObject> definitions) {
        definitions.put(ModelSchemas.TIME, string(
                "A point in time, serialized as an RFC 3339 string in UTC with second precision.", "date-time"));
        definitions.put(ModelSchemas.MICRO_TIME, string(
                "A point in time, serialized as an RFC 3339 string in UTC with microsecond precision.", "date-time"));
        definitions.put(ModelSchemas.QUANTITY, string(
                "A fixed-point decimal number with an optional suffix (for example 100m, 1.5Gi, 2e3), "
                        + "serialized as a string. Used for resource amounts such as CPU and memory.", null));
        JsonObject ios = string("A value that is either a 32-bit integer or a string, such as a port number "
                + "or a port name, or an absolute number or a percentage.", "int-or-string");
        ios.addProperty("x-kubernetes-int-or-string", true);
        definitions.put(ModelSchemas.INT_OR_STRING, ios);
        definitions.put(ModelSchemas.RAW_EXTENSION, object(
                "An embedded object of any kind, serialized as the object's own JSON."));
        definitions.put(ModelSchemas.FIELDS_V1, object(
                "The set of fields a field manager owns, in the structured-merge-diff FieldsV1 JSON format."));
        definitions.put(ModelSchemas.PATCH, object(
                "The body of a PATCH request; its format is given by the request's Content-Type "
                        + "(JSON patch, JSON merge patch, strategic merge patch or apply configuration)."));
    }

    /**
     * The OpenAPI 3 form of the definitions whose v3 shape differs from v2: as in Kubernetes, a Quantity is
     * {@code oneOf: [string, number]} and an IntOrString {@code oneOf: [integer, string]} (with no {@code type},
     * so that kubectl explain names them {@code <Quantity>}, {@code <IntOrString>}).
     */
    static JsonObject v3Form(String name, JsonObject v2Form) {
        List<String> oneOf = switch (name) {
            case ModelSchemas.QUANTITY -> List.of("string", "number");
            case ModelSchemas.INT_OR_STRING -> List.of("integer", "string");
            default -> null;
        };
        if (oneOf == null) {
            return v2Form;
        }
        JsonObject o = v2Form.deepCopy();
        o.remove("type");
        JsonArray a = new JsonArray();
        for (String t : oneOf) {
            JsonObject x = new JsonObject();
            x.addProperty("type", t);
            a.add(x);
        }
        o.add("oneOf", a);
        return o;
    }

    private static JsonObject string(String description, String format) {
        JsonObject o = new JsonObject();
        o.addProperty("description", description);
        if (format != null) {
            o.addProperty("format", format);
        }
        o.addProperty("type", "string");
        return o;
    }

    private static JsonObject object(String description) {
        JsonObject o = new JsonObject();
        o.addProperty("description", description);
        o.addProperty("type", "object");
        return o;
    }
}
