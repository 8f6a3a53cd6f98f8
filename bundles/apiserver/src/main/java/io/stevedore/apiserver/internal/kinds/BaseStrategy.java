package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The generic strategy and the base of the per-kind ones: no defaults, metadata validation with
 * the kind's name rule, status kept on updates of kinds with a status subresource, generation
 * tracking, and the default table (Name, Created At).
 */
public class BaseStrategy implements KindStrategy {

    private final ResourceType type;
    private final Names.Rule nameRule;

    public BaseStrategy(ResourceType type) {
        this(type, Names.Rule.DNS1123_SUBDOMAIN);
    }

    protected BaseStrategy(ResourceType type, Names.Rule nameRule) {
        this.type = type;
        this.nameRule = nameRule;
    }

    @Override
    public ResourceType type() {
        return type;
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
    }

    @Override
    public final List<Cause> validate(ObjectNode obj) {
        List<Cause> errs = new ArrayList<>(ObjectMetaValidation.validate(obj, type.namespaced(), nameRule));
        errs.addAll(validateObject(obj));
        return distinct(errs);
    }

    @Override
    public final List<Cause> validateUpdate(ObjectNode obj, ObjectNode old) {
        List<Cause> errs = new ArrayList<>(ObjectMetaValidation.validateUpdate(obj, old));
        errs.addAll(validateObject(obj));
        errs.addAll(validateObjectUpdate(obj, old));
        return distinct(errs);
    }

    /** Drops repeated causes, as {@code ErrorList.ToAggregate} does. */
    private static List<Cause> distinct(List<Cause> errs) {
        return List.copyOf(new java.util.LinkedHashSet<>(errs));
    }

    /** Kind-specific validation of the object body (metadata already checked). */
    protected List<Cause> validateObject(ObjectNode obj) {
        return List.of();
    }

    /** Kind-specific update rules (immutable fields). */
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        return List.of();
    }

    /** Whether metadata.generation starts at 1 and is bumped on spec changes. */
    protected boolean tracksGeneration() {
        return false;
    }

    /** Whether the status is written only through /status (so the main resource keeps the old one). */
    protected boolean hasStatusSubresource() {
        return type.hasSubresource("status");
    }

    /** Whether an update changes what bumps the generation (the spec by default). */
    protected boolean specChanged(ObjectNode obj, ObjectNode old) {
        return !Nodes.semanticEquals(obj.get("spec"), old.get("spec"));
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        if (tracksGeneration()) {
            Nodes.meta(obj).put("generation", 1);
        }
    }

    @Override
    public void prepareForUpdate(ObjectNode obj, ObjectNode old) {
        if (hasStatusSubresource()) {
            JsonNode oldStatus = old.get("status");
            if (oldStatus == null) {
                obj.remove("status");
            } else {
                obj.set("status", oldStatus.deepCopy());
            }
        }
        ObjectNode meta = Nodes.meta(obj);
        JsonNode oldGen = Nodes.at(old, "metadata", "generation");
        if (oldGen == null) {
            meta.remove("generation");
        } else {
            meta.set("generation", oldGen.deepCopy());
        }
        if (tracksGeneration() && specChanged(obj, old)) {
            meta.put("generation", Nodes.longAt(old, 0, "metadata", "generation") + 1);
        }
    }

    @Override
    public void prepareForStatusUpdate(ObjectNode obj, ObjectNode old) {
        JsonNode status = obj.get("status");
        JsonNode rv = Nodes.at(obj, "metadata", "resourceVersion");
        JsonNode managed = Nodes.at(obj, "metadata", "managedFields");
        ObjectNode copy = old.deepCopy();
        obj.removeAll();
        obj.setAll(copy);
        if (status == null) {
            obj.remove("status");
        } else {
            obj.set("status", status);
        }
        ObjectNode meta = Nodes.meta(obj);
        if (rv != null) {
            meta.set("resourceVersion", rv);
        }
        if (managed != null) {
            meta.set("managedFields", managed);
        }
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = new LinkedHashMap<>();
        f.put("metadata.name", Nodes.name(obj));
        if (type.namespaced()) {
            f.put("metadata.namespace", Nodes.namespace(obj));
        }
        return f;
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(), new Table.Column("Created At", "date", "", Descriptions.CREATION_TIMESTAMP, 0));
    }

    @Override
    public List<Object> cells(ObjectNode obj, Instant now) {
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(obj));
        Instant created = io.stevedore.api.Ages.parse(Nodes.text(obj, "metadata", "creationTimestamp"));
        cells.add(created == null ? "0001-01-01T00:00:00Z" : java.time.format.DateTimeFormatter.ISO_INSTANT
                .format(created.truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
        return cells;
    }

    /** The AGE cell of an object. */
    protected static String age(JsonNode obj, Instant now) {
        return io.stevedore.api.Ages.since(Nodes.text(obj, "metadata", "creationTimestamp"), now);
    }

    /** Container names and images of a pod spec, comma-joined ({@code layoutContainerCells}). */
    protected static String[] containerCells(JsonNode podSpec) {
        List<String> names = new ArrayList<>();
        List<String> images = new ArrayList<>();
        for (JsonNode c : Nodes.list(podSpec, "containers")) {
            names.add(Nodes.textOr(c, "name"));
            images.add(Nodes.textOr(c, "image"));
        }
        return new String[] {String.join(",", names), String.join(",", images)};
    }
}
