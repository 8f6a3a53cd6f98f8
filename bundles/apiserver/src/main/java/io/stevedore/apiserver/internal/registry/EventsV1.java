package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.ObjectList;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.Table;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.kinds.FieldErrors;
import io.stevedore.apiserver.internal.kinds.FieldSelectors;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Supplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * events.k8s.io/v1 Events: a second face of the core/v1 events storage, as in Kubernetes. Objects are converted
 * field by field on the way in and out (regarding = involvedObject, note = message, reportingController =
 * reportingComponent, deprecated* = the legacy counters and source), field selectors are translated to the core
 * labels, and creates and updates through this version get its stricter validation on top of the core rules.
 */
final class EventsV1 {

    /** events.k8s.io/v1 name to core/v1 name, for the fields whose names differ. */
    private static final List<String[]> RENAMED = List.of(
            new String[] {"regarding", "involvedObject"},
            new String[] {"note", "message"},
            new String[] {"deprecatedSource", "source"},
            new String[] {"deprecatedFirstTimestamp", "firstTimestamp"},
            new String[] {"deprecatedLastTimestamp", "lastTimestamp"},
            new String[] {"deprecatedCount", "count"},
            new String[] {"reportingController", "reportingComponent"});
    /** Fields both versions spell the same (besides the type and object meta). */
    private static final List<String> SHARED = List.of("reportingInstance", "eventTime", "series", "action", "related",
            "type", "reason");
    private static final Set<String> OBJECT_REFERENCE_FIELDS = Set.of("kind", "namespace", "name", "uid", "apiVersion",
            "resourceVersion", "fieldPath");
    /** Fields events.k8s.io/v1 updates may not change (core names). */
    private static final List<String> IMMUTABLE = List.of("involvedObject", "reason", "message", "source",
            "firstTimestamp", "lastTimestamp", "count", "type", "eventTime", "action", "related", "reportingComponent",
            "reportingInstance");

    private final StoreRegistry registry;

    EventsV1(StoreRegistry registry) {
        this.registry = registry;
    }

    // ------------------------------------------------------------------ conversion

    /** A stored core/v1 event as events.k8s.io/v1 shows it. */
    static ObjectNode toV1(ObjectNode core) {
        if (core == null) {
            return null;
        }
        ObjectNode v1 = Json.NODES.objectNode();
        v1.put("apiVersion", ResourceTypes.EVENTS_V1.apiVersion());
        v1.put("kind", "Event");
        if (core.has("metadata")) {
            v1.set("metadata", core.get("metadata").deepCopy());
        }
        v1.set("eventTime", present(core.get("eventTime")) ? core.get("eventTime").deepCopy() : Json.NODES.nullNode());
        for (String f : SHARED) {
            if (!f.equals("eventTime") && present(core.get(f))) {
                v1.set(f, core.get(f).deepCopy());
            }
        }
        for (String[] r : RENAMED) {
            if (isSet(core.get(r[1]))) {
                v1.set(r[0], core.get(r[1]).deepCopy());
            }
        }
        return v1;
    }

    /** An events.k8s.io/v1 event in core/v1's shape, as it is stored. */
    static ObjectNode toCore(ObjectNode v1) {
        ObjectNode core = Json.NODES.objectNode();
        core.put("apiVersion", "v1");
        core.put("kind", "Event");
        if (v1.has("metadata")) {
            core.set("metadata", v1.get("metadata").deepCopy());
        }
        for (String f : SHARED) {
            if (present(v1.get(f))) {
                core.set(f, v1.get(f).deepCopy());
            }
        }
        for (String[] r : RENAMED) {
            if (present(v1.get(r[0]))) {
                core.set(r[1], v1.get(r[0]).deepCopy());
            }
        }
        return core;
    }

    private static boolean present(JsonNode v) {
        return v != null && !v.isNull() && !(v.isString() && v.asString().isEmpty());
    }

    /** Present and not Go's zero value (0, {}): what omitempty would write. */
    private static boolean isSet(JsonNode v) {
        return present(v) && !(v.isNumber() && v.asLong() == 0) && !(v.isObject() && v.isEmpty());
    }

    private static void seriesErrors(JsonNode series, List<ApiException.Cause> errs) {
        if (series.path("count").asLong(0) < 2) {
            errs.add(FieldErrors.invalid("series.count", "", "should be at least 2"));
        }
        if (!present(series.get("lastObservedTime"))) {
            errs.add(FieldErrors.required("series.lastObservedTime", ""));
        }
    }

    // ------------------------------------------------------------------ validation of this version

    /** Kubernetes' ValidateEventCreate for events.k8s.io/v1, beyond the rules every version has. */
    private static List<ApiException.Cause> strict(ObjectNode v1) {
        List<ApiException.Cause> errs = new ArrayList<>();
        if (present(v1.get("series"))) {
            seriesErrors(v1.get("series"), errs);
        }
        if (!present(v1.get("eventTime"))) {
            errs.add(FieldErrors.required("eventTime", ""));
        }
        String type = v1.path("type").asString("");
        if (!type.equals("Normal") && !type.equals("Warning")) {
            errs.add(FieldErrors.invalid("type", "", "has invalid value: " + type));
        }
        String[][] unset = {{"deprecatedFirstTimestamp", "firstTimestamp"}, {"deprecatedLastTimestamp", "lastTimestamp"},
                {"deprecatedCount", "count"}, {"deprecatedSource", "source"}};
        for (String[] u : unset) {
            if (isSet(v1.get(u[0]))) {
                errs.add(FieldErrors.invalid(u[1], "", "needs to be unset"));
            }
        }
        return errs;
    }

    private static void check(String name, List<ApiException.Cause> errs) {
        if (!errs.isEmpty()) {
            throw ApiException.invalid(ResourceTypes.EVENTS_V1, name, errs);
        }
    }

    // ------------------------------------------------------------------ verbs

    /** Events have no subresources. */
    private static void noSubresource(String subresource) {
        if (subresource != null) {
            throw ApiException.methodNotAllowed();
        }
    }

    /**
     * The event an update or patch writes, checked as this version checks it: as a create when nothing is stored
     * (strict rules), else against the stored event (immutable fields, series).
     */
    private ObjectNode admit(String namespace, String name, ObjectNode v1, ObjectNode current) {
        Json.meta(v1).put("name", name);
        Json.meta(v1).put("namespace", namespace);
        ObjectNode core = toCore(v1);
        check(name, current == null ? strict(v1) : updateErrors(core, current));
        return core;
    }

    ObjectNode get(String namespace, String name, String subresource) {
        noSubresource(subresource);
        return remapped(() -> toV1(registry.get(ResourceTypes.EVENTS, namespace, name, null)));
    }

    ObjectList list(String namespace, ListOptions options) {
        ObjectList core = remapped(() -> registry.list(ResourceTypes.EVENTS, namespace, translate(options)));
        return new ObjectList(core.items().stream().map(EventsV1::toV1).toList(), core.resourceVersion(),
                core.continueToken(), core.remainingItemCount());
    }

    ObjectNode create(String namespace, ObjectNode object, String subresource, WriteOptions options) {
        noSubresource(subresource);
        ObjectNode v1 = object.deepCopy();
        StoreRegistry.checkTypeMeta(ResourceTypes.EVENTS_V1, v1);
        FieldValidation.apply(ResourceTypes.EVENTS_V1, v1, options);
        List<ApiException.Cause> errs = new ArrayList<>();
        String name = Json.name(v1);
        if (name != null && !name.isEmpty()) {
            for (String m : io.stevedore.api.Names.dns1123Subdomain(name)) {
                errs.add(FieldErrors.invalid("metadata.name", name, m));
            }
        }
        errs.addAll(strict(v1));
        check(name == null ? "" : name, errs);
        return remapped(() -> toV1(registry.create(ResourceTypes.EVENTS, namespace, toCore(v1), null, options)));
    }

    Registry.Result update(String namespace, String name, ObjectNode object, String subresource,
                           WriteOptions options) {
        noSubresource(subresource);
        StoreRegistry.checkUrlName(object, name);
        ObjectNode v1 = object.deepCopy();
        StoreRegistry.checkTypeMeta(ResourceTypes.EVENTS_V1, v1);
        FieldValidation.apply(ResourceTypes.EVENTS_V1, v1, options);
        // checked inside the write's compare-and-set, against the object it replaces
        Registry.Result r = remapped(() -> registry.write(ResourceTypes.EVENTS, namespace, name, null, options,
                Json.resourceVersion(v1), current -> admit(namespace, name, v1.deepCopy(), current), true));
        return new Registry.Result(toV1(r.object()), r.created());
    }

    Registry.Result patch(String namespace, String name, PatchType patchType, byte[] patch, String subresource,
                          WriteOptions options) {
        noSubresource(subresource);
        Registry.Result r = remapped(() -> registry.write(ResourceTypes.EVENTS, namespace, name, null, options, null,
                current -> {
                    ObjectNode patched = registry.patcher().apply(ResourceTypes.EVENTS_V1, patchType, toV1(current),
                            patch, options, registry.clock().instant());
                    String patchedRv = Json.resourceVersion(patched);
                    if (current != null && patchedRv != null && !patchedRv.isEmpty()
                            && !patchedRv.equals(Json.resourceVersion(current))) {
                        throw ApiException.conflict(ResourceTypes.EVENTS_V1, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
                    }
                    return admit(namespace, name, patched, current);
                }, patchType == PatchType.APPLY, patchType == PatchType.APPLY));
        return new Registry.Result(toV1(r.object()), r.created());
    }

    /** What events.k8s.io/v1 checks on update beyond the core rules: its fields are immutable, series is valid. */
    private static List<ApiException.Cause> updateErrors(ObjectNode core, ObjectNode current) {
        List<ApiException.Cause> errs = new ArrayList<>();
        JsonNode series = core.get("series");
        if (present(series) && !series.equals(current.get("series"))) {
            seriesErrors(series, errs);
        }
        for (String f : IMMUTABLE) {
            JsonNode now = core.get(f);
            JsonNode was = current.get(f);
            boolean same = present(now) ? now.equals(was) : !isSet(was);
            if (!same) {
                errs.add(FieldErrors.immutable(f, present(now) ? now : ""));
            }
        }
        return errs;
    }

    DeleteResult delete(String namespace, String name, DeleteOptions options) {
        DeleteResult r = remapped(() -> registry.delete(ResourceTypes.EVENTS, namespace, name, options));
        return new DeleteResult(toV1(r.object()), r.removed());
    }

    ObjectList deleteCollection(String namespace, ListOptions listOptions, DeleteOptions options) {
        ObjectList core = remapped(() -> registry.deleteCollection(ResourceTypes.EVENTS, namespace,
                translate(listOptions), options));
        return new ObjectList(core.items().stream().map(EventsV1::toV1).toList(), core.resourceVersion(), null, null);
    }

    AutoCloseable watch(String namespace, ListOptions options, Consumer<WatchEvent> sink) {
        return remapped(() -> registry.watch(ResourceTypes.EVENTS, namespace, translate(options), e -> sink.accept(
                e.object() != null && "Event".equals(e.object().path("kind").asString(""))
                        ? new WatchEvent(e.type(), toV1(e.object())) : e)));
    }

    /** Both versions print the same table (one storage, one printer). */
    Table table(List<ObjectNode> objects) {
        return registry.table(ResourceTypes.EVENTS, objects.stream().map(EventsV1::toCore).toList());
    }

    // ------------------------------------------------------------------ selectors and errors

    /** events.k8s.io field labels to the core ones (regarding.* = involvedObject.*); core-only labels are refused. */
    static ListOptions translate(ListOptions options) {
        String fs = options.fieldSelector();
        if (fs == null || fs.isEmpty()) {
            return options;
        }
        FieldSelectors.Selector parsed;
        try {
            parsed = FieldSelectors.parse(fs);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(e.getMessage());
        }
        List<String> terms = new ArrayList<>();
        for (FieldSelectors.Term t : parsed.terms()) {
            String field = t.field();
            String core;
            if (field.startsWith("regarding.") && OBJECT_REFERENCE_FIELDS.contains(field.substring(10))) {
                core = "involvedObject." + field.substring(10);
            } else if (field.equals("reportingController")) {
                core = "reportingComponent";
            } else if (Set.of("reason", "source", "type", "metadata.name", "metadata.namespace").contains(field)) {
                core = field;
            } else {
                throw ApiException.badRequest("field label not supported: " + field);
            }
            terms.add(new FieldSelectors.Term(core, t.equals(), t.value()).toString());
        }
        return options.withFieldSelector(String.join(",", terms));
    }

    /** Errors name the resource as this version does: events.events.k8s.io "x" not found. */
    private static <T> T remapped(Supplier<T> call) {
        try {
            return call.get();
        } catch (ApiException e) {
            ApiException.Details d = e.details();
            if (d == null || !"".equals(d.group()) || !("events".equals(d.kind()) || "Event".equals(d.kind()))) {
                throw e;
            }
            String message = e.getMessage();
            if (message.startsWith("events \"")) {
                message = "events.events.k8s.io" + message.substring("events".length());
            } else if (message.startsWith("Event \"")) {
                message = "Event.events.k8s.io" + message.substring("Event".length());
            } else if (message.startsWith("Operation cannot be fulfilled on events \"")) {
                message = message.replaceFirst("on events \"", "on events.events.k8s.io \"");
            }
            throw new ApiException(e.code(), e.reason(), message, new ApiException.Details(d.name(), "events.k8s.io",
                    d.kind(), d.uid(), d.causes(), d.retryAfterSeconds()));
        }
    }
}
