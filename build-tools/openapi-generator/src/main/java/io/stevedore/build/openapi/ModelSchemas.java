package io.stevedore.build.openapi;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonPrimitive;
import com.google.gson.annotations.SerializedName;
import io.kubernetes.client.custom.IntOrString;
import io.kubernetes.client.custom.Quantity;
import io.swagger.annotations.ApiModel;
import io.swagger.annotations.ApiModelProperty;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Turns client-java-api model classes into Kubernetes-named schema definitions, by reflection.
 *
 * <p>Descriptions come from {@code @ApiModel}/{@code @ApiModelProperty}, JSON names from gson's
 * {@code @SerializedName}, required fields from {@code openapiRequiredFields}. Schemas are kept in a
 * neutral form in which a reference is {@code {"$ref": "<definition name>"}}; {@link DocumentRenderer}
 * turns that into OpenAPI 2 or 3 references.
 */
final class ModelSchemas {

    static final String META = "io.k8s.apimachinery.pkg.apis.meta.v1";
    static final String TIME = META + ".Time";
    static final String MICRO_TIME = META + ".MicroTime";
    static final String FIELDS_V1 = META + ".FieldsV1";
    static final String PATCH = META + ".Patch";
    static final String RAW_EXTENSION = "io.k8s.apimachinery.pkg.runtime.RawExtension";
    static final String QUANTITY = "io.k8s.apimachinery.pkg.api.resource.Quantity";
    static final String INT_OR_STRING = "io.k8s.apimachinery.pkg.util.intstr.IntOrString";

    private static final String MODELS = "io.kubernetes.client.openapi.models.";

    /** client-java model class simple names whose Kubernetes package is not the group they are reached from. */
    private static final Map<String, String> FIXED_PACKAGES = new HashMap<>();

    /** OffsetDateTime fields that Kubernetes types as MicroTime rather than Time: "Class.jsonName". */
    private static final Set<String> MICRO_TIME_FIELDS = Set.of(
            "CoreV1Event.eventTime", "CoreV1EventSeries.lastObservedTime",
            "V1LeaseSpec.acquireTime", "V1LeaseSpec.renewTime");

    /** Untyped (java.lang.Object) fields and the definition Kubernetes gives them: "Class.jsonName". */
    private static final Map<String, String> OBJECT_FIELDS = Map.of(
            "V1ManagedFieldsEntry.fieldsV1", FIELDS_V1,
            "V1WatchEvent.object", RAW_EXTENSION);

    static {
        for (String s : List.of("ObjectMeta", "ListMeta", "OwnerReference", "ManagedFieldsEntry", "Status",
                "StatusDetails", "StatusCause", "DeleteOptions", "Preconditions", "LabelSelector",
                "LabelSelectorRequirement", "FieldSelectorRequirement", "Condition", "WatchEvent", "APIResource", "APIResourceList")) {
            FIXED_PACKAGES.put("V1" + s, META);
        }
        for (String s : List.of("Scale", "ScaleSpec", "ScaleStatus")) {
            FIXED_PACKAGES.put("V1" + s, "io.k8s.api.autoscaling.v1");
        }
        FIXED_PACKAGES.put("V1Eviction", "io.k8s.api.policy.v1");
    }

    private final Markers markers;
    private final Map<Class<?>, String> names = new HashMap<>();
    private final Map<String, JsonObject> definitions = new TreeMap<>();
    private final Map<String, List<Gvk>> gvks = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();

    ModelSchemas(Markers markers) {
        this.markers = markers;
        SpecialSchemas.addTo(definitions);
    }

    /** Loads a client-java-api model class by simple name, e.g. "V1Pod" or "CoreV1Event". */
    static Class<?> model(String simpleName) {
        try {
            return Class.forName(MODELS + simpleName, false, ModelSchemas.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new IllegalArgumentException("no client-java model " + simpleName, e);
        }
    }

    /** The client-java class name of a Kubernetes kind in the given group-version, e.g. "V1Pod", "CoreV1Event". */
    static Class<?> modelOfKind(GroupVersion gv, String kind) {
        String plain = capitalize(gv.version()) + kind;
        try {
            return Class.forName(MODELS + plain, false, ModelSchemas.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            String shortGroup = gv.group().isEmpty() ? "core" : gv.group().replace(".k8s.io", "");
            return model(capitalize(shortGroup) + capitalize(gv.version()) + kind);
        }
    }

    /**
     * Defines the schema of a model class and of everything it refers to, and returns its definition name.
     *
     * @param type      a client-java-api model class
     * @param ownPackage the Kubernetes package new, unprefixed types found from here belong to
     */
    String define(Class<?> type, String ownPackage) {
        String known = names.get(type);
        if (known != null) {
            return known;
        }
        String name = definitionName(type, ownPackage);
        names.put(type, name);
        JsonObject schema = new JsonObject();
        definitions.put(name, schema);
        ApiModel model = type.getAnnotation(ApiModel.class);
        if (model != null && !model.description().isEmpty()) {
            schema.addProperty("description", model.description());
        }
        Map<String, String> descriptions = propertyDescriptions(type);
        Set<String> required = requiredFields(type);
        Map<String, JsonObject> properties = new TreeMap<>();
        List<String> requiredInOrder = new ArrayList<>();
        for (Field f : type.getDeclaredFields()) {
            SerializedName json = f.getAnnotation(SerializedName.class);
            if (json == null || Modifier.isStatic(f.getModifiers())) {
                continue;
            }
            String prop = json.value();
            String key = type.getSimpleName() + "." + prop;
            JsonObject p = propertySchema(f.getGenericType(), key, ownPackage);
            String d = descriptions.get(normalize(f.getName()));
            if (d != null && !d.isEmpty()) {
                p.addProperty("description", d);
            }
            applyMarkers(p, markers.of(name, prop));
            properties.put(prop, p);
            if (required.contains(prop)) {
                requiredInOrder.add(prop);
            }
        }
        JsonObject props = new JsonObject();
        properties.forEach(props::add);
        if (!properties.isEmpty()) {
            schema.add("properties", props);
        }
        if (!requiredInOrder.isEmpty()) {
            JsonArray r = new JsonArray();
            requiredInOrder.forEach(r::add);
            schema.add("required", r);
        }
        schema.addProperty("type", "object");
        applyMarkers(schema, markers.of(name, ""));
        return name;
    }

    /** Tags a definition with a group-version-kind (kept unique, in insertion order). */
    void addGvk(String definition, Gvk gvk) {
        List<Gvk> list = gvks.computeIfAbsent(definition, k -> new ArrayList<>());
        if (!list.contains(gvk)) {
            list.add(gvk);
        }
    }

    /** Every definition, named as Kubernetes names them, with their group-version-kind extensions. */
    Map<String, JsonObject> definitions() {
        Map<String, JsonObject> out = new TreeMap<>();
        definitions.forEach((name, schema) -> {
            JsonObject copy = schema.deepCopy();
            List<Gvk> list = gvks.get(name);
            if (list != null) {
                JsonArray a = new JsonArray();
                list.forEach(g -> a.add(g.toJson()));
                copy.add("x-kubernetes-group-version-kind", a);
            }
            out.put(name, copy);
        });
        return out;
    }

    /** The definition names reachable from the given ones through references (including them). */
    Set<String> closure(Collection<String> roots) {
        Set<String> seen = new LinkedHashSet<>();
        List<String> todo = new ArrayList<>(roots);
        while (!todo.isEmpty()) {
            String n = todo.remove(todo.size() - 1);
            if (seen.add(n)) {
                JsonObject s = definitions.get(n);
                if (s == null) {
                    throw new IllegalStateException("undefined schema " + n);
                }
                collectRefs(s, todo);
            }
        }
        return seen;
    }

    /** Things the generator could not map exactly (reported, not fatal). */
    List<String> warnings() {
        return warnings;
    }

    private static void collectRefs(JsonElement e, List<String> out) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                if (en.getKey().equals("$ref")) {
                    out.add(en.getValue().getAsString());
                } else {
                    collectRefs(en.getValue(), out);
                }
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectRefs(x, out));
        }
    }

    private String definitionName(Class<?> type, String ownPackage) {
        String simple = type.getSimpleName();
        String fixed = FIXED_PACKAGES.get(simple);
        if (fixed != null) {
            return fixed + "." + simple.substring(2);
        }
        for (String prefix : List.of("CoreV1", "DiscoveryV1", "EventsV1", "AppsV1", "CoordinationV1", "AuthorizationV1",
                "AuthenticationV1")) {
            if (simple.startsWith(prefix)) {
                String group = prefix.substring(0, prefix.length() - 2).toLowerCase(Locale.ROOT);
                return "io.k8s.api." + group + ".v1." + simple.substring(prefix.length());
            }
        }
        if (simple.startsWith("V1") && Character.isUpperCase(simple.charAt(2))) {
            return ownPackage + "." + simple.substring(2);
        }
        throw new IllegalArgumentException("cannot name model class " + type.getName());
    }

    private JsonObject propertySchema(Type t, String key, String ownPackage) {
        JsonObject p = new JsonObject();
        if (t instanceof ParameterizedType pt) {
            Class<?> raw = (Class<?>) pt.getRawType();
            if (List.class.isAssignableFrom(raw) || Set.class.isAssignableFrom(raw)) {
                p.add("items", propertySchema(pt.getActualTypeArguments()[0], key + "[]", ownPackage));
                p.addProperty("type", "array");
                return p;
            }
            if (Map.class.isAssignableFrom(raw)) {
                p.add("additionalProperties", propertySchema(pt.getActualTypeArguments()[1], key + "{}", ownPackage));
                p.addProperty("type", "object");
                return p;
            }
            throw new IllegalArgumentException("unsupported generic type " + t + " at " + key);
        }
        Class<?> c = (Class<?>) t;
        if (c == String.class) {
            p.addProperty("type", "string");
        } else if (c == Integer.class || c == int.class) {
            typed(p, "integer", "int32");
        } else if (c == Long.class || c == long.class) {
            typed(p, "integer", "int64");
        } else if (c == Double.class || c == Float.class) {
            typed(p, "number", "double");
        } else if (c == Boolean.class || c == boolean.class) {
            p.addProperty("type", "boolean");
        } else if (c == byte[].class) {
            typed(p, "string", "byte");
        } else if (c == OffsetDateTime.class) {
            p.addProperty("$ref", MICRO_TIME_FIELDS.contains(key) ? MICRO_TIME : TIME);
        } else if (c == Quantity.class) {
            p.addProperty("$ref", QUANTITY);
        } else if (c == IntOrString.class) {
            p.addProperty("$ref", INT_OR_STRING);
        } else if (c == Object.class) {
            String def = OBJECT_FIELDS.get(key);
            if (def != null) {
                p.addProperty("$ref", def);
            } else {
                warnings.add("untyped field " + key + " rendered as object");
                p.addProperty("type", "object");
            }
        } else if (c.getName().startsWith(MODELS)) {
            p.addProperty("$ref", define(c, ownPackage));
        } else if (c.isEnum()) {
            p.addProperty("type", "string");
        } else {
            throw new IllegalArgumentException("unsupported type " + c.getName() + " at " + key);
        }
        return p;
    }

    private static void typed(JsonObject p, String type, String format) {
        p.addProperty("format", format);
        p.addProperty("type", type);
    }

    private static void applyMarkers(JsonObject schema, Map<String, String> ext) {
        boolean array = schema.has("type") && schema.get("type").getAsString().equals("array");
        for (Map.Entry<String, String> e : ext.entrySet()) {
            String k = e.getKey();
            switch (k) {
                case "x-kubernetes-list-type", "x-kubernetes-patch-merge-key" -> {
                    if (array) {
                        schema.addProperty(k, e.getValue());
                    }
                }
                case "x-kubernetes-list-map-keys" -> {
                    if (array) {
                        JsonArray keys = new JsonArray();
                        for (String s : e.getValue().split(",")) {
                            keys.add(new JsonPrimitive(s));
                        }
                        schema.add(k, keys);
                    }
                }
                case "x-kubernetes-map-type" -> {
                    if (!array) {
                        schema.addProperty(k, e.getValue());
                    }
                }
                case "description" -> {
                    // only where client-java-api has none (it drops the description of reference-typed fields)
                    if (!schema.has("description") || isTypeBoilerplate(schema.get("description").getAsString())) {
                        schema.addProperty(k, e.getValue().replace("\\n", "\n"));
                    }
                }
                default -> schema.addProperty(k, e.getValue());
            }
        }
    }

    /**
     * client-java-api gives IntOrString-typed fields the description of the IntOrString type instead of the
     * field's own; such a description is replaced by the field's Go doc comment.
     */
    private static boolean isTypeBoilerplate(String description) {
        return description.startsWith("IntOrString is a type that can hold an int32 or a string.")
                || description.startsWith("Quantity is a fixed-point representation of a number.");
    }

    /** getter-name-based map from normalized property name to its @ApiModelProperty description. */
    private static Map<String, String> propertyDescriptions(Class<?> type) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Method m : type.getDeclaredMethods()) {
            ApiModelProperty a = m.getAnnotation(ApiModelProperty.class);
            if (a == null || m.getParameterCount() != 0) {
                continue;
            }
            String n = m.getName();
            String base = n.startsWith("get") ? n.substring(3) : n.startsWith("is") ? n.substring(2) : n;
            out.put(normalize(base), a.value());
        }
        return out;
    }

    private static Set<String> requiredFields(Class<?> type) {
        Set<String> out = new LinkedHashSet<>();
        try {
            Field f = type.getDeclaredField("openapiRequiredFields");
            Object v = f.get(null);
            if (v instanceof Collection<?> c) {
                c.forEach(x -> out.add(String.valueOf(x)));
            }
        } catch (NoSuchFieldException | IllegalAccessException e) {
            // fall back to the annotations only
        }
        for (Method m : type.getDeclaredMethods()) {
            ApiModelProperty a = m.getAnnotation(ApiModelProperty.class);
            if (a != null && a.required()) {
                for (Field f : type.getDeclaredFields()) {
                    SerializedName json = f.getAnnotation(SerializedName.class);
                    if (json != null && normalize(f.getName()).equals(normalize(m.getName().replaceFirst("^(get|is)", "")))) {
                        out.add(json.value());
                    }
                }
            }
        }
        return out;
    }

    private static String normalize(String s) {
        return s.replace("_", "").toLowerCase(Locale.ROOT);
    }

    private static String capitalize(String s) {
        return s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
