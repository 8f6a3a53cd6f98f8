package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import io.stevedore.api.ApiException.Cause;
import tools.jackson.databind.JsonNode;

/**
 * Validation of {@code metadata} as apimachinery's {@code ValidateObjectMeta} and
 * {@code ValidateObjectMetaUpdate} do it: names, namespace by scope, labels, annotations,
 * finalizers and owner references.
 */
public final class ObjectMetaValidation {

    /** TotalAnnotationSizeLimitB: 256 KiB. */
    public static final int ANNOTATIONS_LIMIT = 256 * 1024;
    private static final Set<String> STANDARD_FINALIZERS = Set.of("kubernetes", "orphan", "foregroundDeletion");

    private ObjectMetaValidation() {
    }

    /** Validates a new object's metadata. */
    public static List<Cause> validate(JsonNode obj, boolean namespaced, Names.Rule nameRule) {
        List<Cause> errs = new ArrayList<>();
        JsonNode meta = Nodes.at(obj, "metadata");
        String generateName = Nodes.textOr(meta, "generateName");
        if (!generateName.isEmpty()) {
            for (String m : nameRule.check(generateName, true)) {
                errs.add(FieldErrors.invalid("metadata.generateName", generateName, m));
            }
        }
        String name = Nodes.textOr(meta, "name");
        if (name.isEmpty()) {
            errs.add(FieldErrors.required("metadata.name", Names.NAME_REQUIRED));
        } else {
            for (String m : nameRule.check(name, false)) {
                errs.add(FieldErrors.invalid("metadata.name", name, m));
            }
        }
        String ns = Nodes.textOr(meta, "namespace");
        if (namespaced) {
            if (ns.isEmpty()) {
                errs.add(FieldErrors.required("metadata.namespace", ""));
            } else {
                for (String m : Names.dns1123Label(ns)) {
                    errs.add(FieldErrors.invalid("metadata.namespace", ns, m));
                }
            }
        } else if (!ns.isEmpty()) {
            errs.add(FieldErrors.forbidden("metadata.namespace", "not allowed on this type"));
        }
        long generation = Nodes.longAt(meta, 0, "generation");
        if (generation < 0) {
            errs.add(FieldErrors.invalid("metadata.generation", generation, "must be greater than or equal to 0"));
        }
        errs.addAll(validateLabels(Nodes.stringMap(meta, "labels"), "metadata.labels"));
        errs.addAll(validateAnnotations(Nodes.stringMap(meta, "annotations"), "metadata.annotations"));
        errs.addAll(validateOwnerReferences(Nodes.list(meta, "ownerReferences")));
        errs.addAll(validateFinalizers(Nodes.list(meta, "finalizers")));
        return errs;
    }

    /** {@code ValidateLabels}: every key a qualified name, every value a label value. */
    public static List<Cause> validateLabels(Map<String, String> labels, String path) {
        List<Cause> errs = new ArrayList<>();
        for (Map.Entry<String, String> e : labels.entrySet()) {
            for (String m : Names.qualifiedName(e.getKey())) {
                errs.add(FieldErrors.invalid(path, e.getKey(), m));
            }
            for (String m : Names.labelValue(e.getValue())) {
                errs.add(FieldErrors.invalid(path, e.getValue(), m));
            }
        }
        return errs;
    }

    /** {@code ValidateAnnotations}: keys qualified (lower-cased), total size at most 256 KiB. */
    public static List<Cause> validateAnnotations(Map<String, String> annotations, String path) {
        List<Cause> errs = new ArrayList<>();
        long total = 0;
        for (Map.Entry<String, String> e : annotations.entrySet()) {
            for (String m : Names.qualifiedName(e.getKey().toLowerCase(Locale.ROOT))) {
                errs.add(FieldErrors.invalid(path, e.getKey(), m));
            }
            total += e.getKey().getBytes(StandardCharsets.UTF_8).length
                    + e.getValue().getBytes(StandardCharsets.UTF_8).length;
        }
        if (total > ANNOTATIONS_LIMIT) {
            errs.add(FieldErrors.tooLong(path, ANNOTATIONS_LIMIT));
        }
        return errs;
    }

    static List<Cause> validateOwnerReferences(List<JsonNode> refs) {
        List<Cause> errs = new ArrayList<>();
        String path = "metadata.ownerReferences";
        List<String> controllers = new ArrayList<>();
        for (JsonNode r : refs) {
            String apiVersion = Nodes.textOr(r, "apiVersion");
            String kind = Nodes.textOr(r, "kind");
            if (apiVersion.isEmpty()) {
                errs.add(FieldErrors.invalid(path, r, "version must not be empty"));
            }
            if (kind.isEmpty()) {
                errs.add(FieldErrors.invalid(path, r, "kind must not be empty"));
            }
            if (Nodes.textOr(r, "name").isEmpty()) {
                errs.add(FieldErrors.invalid(path, r, "name must not be empty"));
            }
            if (Nodes.textOr(r, "uid").isEmpty()) {
                errs.add(FieldErrors.invalid(path, r, "uid must not be empty"));
            }
            if (Nodes.isTrue(r, "controller")) {
                controllers.add(kind + "/" + Nodes.textOr(r, "name"));
            }
        }
        if (controllers.size() > 1) {
            errs.add(FieldErrors.invalid(path, FieldErrors.json(Nodes.F.arrayNode().addAll(refs)),
                    "Only one reference can have Controller set to true. Found \"true\" in references for "
                            + String.join(" and ", controllers)));
        }
        return errs;
    }

    static List<Cause> validateFinalizers(List<JsonNode> finalizers) {
        List<Cause> errs = new ArrayList<>();
        String path = "metadata.finalizers";
        boolean orphan = false;
        boolean foreground = false;
        for (JsonNode f : finalizers) {
            String name = Nodes.str(f) == null ? "" : Nodes.str(f);
            List<String> msgs = Names.qualifiedName(name);
            for (String m : msgs) {
                errs.add(FieldErrors.invalid(path, name, m));
            }
            if (msgs.isEmpty() && !name.contains("/") && !STANDARD_FINALIZERS.contains(name)) {
                errs.add(FieldErrors.invalid(path, name,
                        "name is neither a standard finalizer name nor is it fully qualified"));
            }
            orphan |= name.equals("orphan");
            foreground |= name.equals("foregroundDeletion");
        }
        if (orphan && foreground) {
            errs.add(FieldErrors.invalid(path, FieldErrors.jsonStrings(finalizers.stream().map(f -> Nodes.str(f) == null ? "" : Nodes.str(f)).toList()),
                    "finalizer orphan and foregroundDeletion cannot be both set"));
        }
        return errs;
    }

    /** {@code ValidateObjectMetaUpdate}: name, namespace, uid and creationTimestamp may not change. */
    public static List<Cause> validateUpdate(JsonNode obj, JsonNode old) {
        List<Cause> errs = new ArrayList<>();
        for (String f : List.of("name", "namespace", "uid", "creationTimestamp")) {
            String now = Nodes.textOr(obj, "metadata", f);
            String before = Nodes.textOr(old, "metadata", f);
            boolean serverSet = f.equals("uid") || f.equals("creationTimestamp");
            if (!now.equals(before) && !(serverSet && now.isEmpty())) {
                errs.add(FieldErrors.immutable("metadata." + f, now));
            }
        }
        JsonNode meta = Nodes.at(obj, "metadata");
        errs.addAll(validateLabels(Nodes.stringMap(meta, "labels"), "metadata.labels"));
        errs.addAll(validateAnnotations(Nodes.stringMap(meta, "annotations"), "metadata.annotations"));
        errs.addAll(validateOwnerReferences(Nodes.list(meta, "ownerReferences")));
        errs.addAll(validateFinalizers(Nodes.list(meta, "finalizers")));
        return errs;
    }
}
