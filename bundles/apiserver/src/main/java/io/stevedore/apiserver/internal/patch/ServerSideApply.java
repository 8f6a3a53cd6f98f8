package io.stevedore.apiserver.internal.patch;

import io.stevedore.api.ApiException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;
import tools.jackson.dataformat.yaml.YAMLMapper;

/**
 * Server-side apply ({@code application/apply-patch+yaml}) and field ownership for other writes, maintaining
 * {@code metadata.managedFields} in the FieldsV1 format.
 *
 * <p>{@link #apply} merges an apply configuration into the live object: maps merge, keyed lists merge by their
 * keys, sets unite, atomic lists and structs are replaced (rules from {@link PatchSchema}). The applier's
 * {@code Apply} entry then owns exactly the configuration's fields; fields it owned before and omits now are
 * removed unless another manager owns them. Changing a field another manager owns is a 409 Conflict unless
 * {@code force}, which moves the ownership to the applier.
 *
 * <p>{@link #recordUpdate} gives an {@code Update} manager the fields a non-apply write added or changed (taking
 * them from other managers), drops removed fields from every entry, and keeps at most
 * {@value #MAX_UPDATE_MANAGERS} Update entries by merging the oldest into {@value #ANCIENT_CHANGES}.
 */
public final class ServerSideApply {

    /** Kubernetes' cap on Update entries ({@code DefaultMaxUpdateManagers}). */
    public static final int MAX_UPDATE_MANAGERS = 10;
    /** The bucket manager older Update entries merge into. */
    public static final String ANCIENT_CHANGES = "ancient-changes";
    /** {@code FieldManagerMaxLength}. */
    public static final int MAX_MANAGER_LENGTH = 128;

    private static final YAMLMapper YAML = YAMLMapper.builder().build();

    private final PatchSchema schema;

    public ServerSideApply(PatchSchema schema) {
        this.schema = schema;
    }

    /** An engine over the built-in Kubernetes table. */
    public ServerSideApply() {
        this(PatchSchema.kubernetes());
    }

    /**
     * Applies a configuration.
     *
     * @param live       the current object, or null when the apply creates it
     * @param applied    the apply configuration (the request body)
     * @param manager    the {@code fieldManager} (required)
     * @param force      whether to take fields owned by other managers
     * @param apiVersion the API version of the request, recorded in the entry
     * @param now        the time recorded in the entry
     * @return the new object (a copy), with its managedFields
     * @throws ApiException 409 Conflict with {@code FieldManagerConflict} causes; 422 for a missing/too long manager;
     *                      400 for a keyed-list item without its key
     */
    public ObjectNode apply(ObjectNode live, ObjectNode applied, String manager, boolean force, String apiVersion,
                            Instant now) {
        validateManager(manager);
        String objApiVersion = text(applied, "apiVersion", text(live, "apiVersion", apiVersion));
        String kind = text(applied, "kind", text(live, "kind", null));
        PatchSchema.KindSchema rules = schema.forKind(objApiVersion, kind);

        ObjectNode config = (ObjectNode) Nodes.withoutNulls(applied);
        config.remove("status");
        if (config.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }
        Set<List<String>> newSet = FieldSets.of(config, rules, true, false);

        List<ManagedFields.Entry> entries = live == null ? new ArrayList<>() : ManagedFields.parse(live);
        ManagedFields.Entry mine = ManagedFields.find(entries, manager, ManagedFields.APPLY, apiVersion, "");
        Set<List<String>> previous = mine == null ? Set.of() : new LinkedHashSet<>(mine.fields);

        ObjectNode base = live == null ? Nodes.F.objectNode() : live.deepCopy();
        if (base.get("metadata") instanceof ObjectNode meta) {
            meta.remove("managedFields");
        }

        Map<ManagedFields.Entry, List<List<String>>> conflicts = new LinkedHashMap<>();
        for (List<String> p : newSet) {
            if (!changed(base, config, p, rules)) {
                continue;
            }
            for (ManagedFields.Entry e : entries) {
                if (e != mine && e.fields.contains(p)) {
                    conflicts.computeIfAbsent(e, x -> new ArrayList<>()).add(p);
                }
            }
        }
        if (!conflicts.isEmpty()) {
            if (!force) {
                throw ApplyConflicts.error(conflicts);
            }
            conflicts.forEach((e, paths) -> paths.forEach(e.fields::remove));
        }

        ObjectNode result = (ObjectNode) ApplyMerge.merge(base, config, "", rules);

        Set<List<String>> othersOwn = new LinkedHashSet<>();
        entries.stream().filter(e -> e != mine).forEach(e -> othersOwn.addAll(e.fields));
        List<List<String>> removed = previous.stream().filter(p -> !newSet.contains(p))
                .sorted(Comparator.comparingInt((List<String> p) -> p.size()))
                .collect(Collectors.toList());
        Set<List<String>> owned = new LinkedHashSet<>(othersOwn);
        owned.addAll(newSet);
        for (List<String> p : removed) {
            if (ownsAtOrBelow(othersOwn, p) || ownsAtOrBelow(newSet, p) || isKeyOfItem(p)) {
                continue;
            }
            if (FieldSets.remove(result, p, rules)) {
                pruneEmptyParents(result, p, owned, rules);
            }
        }

        // Like Kubernetes, an apply that changes neither the object nor the applier's fields keeps the entry's time.
        boolean noop = mine != null && conflicts.isEmpty() && newSet.equals(previous) && Nodes.equal(result, base);
        String time = noop ? mine.time : ManagedFields.format(now);
        if (mine != null) {
            entries.remove(mine);
        }
        entries.add(new ManagedFields.Entry(manager, ManagedFields.APPLY, apiVersion, time, "", newSet));
        ManagedFields.write(result, entries);
        return result;
    }

    /** {@link #recordUpdate(ObjectNode, ObjectNode, String, String, String, Instant, String)} on the main resource. */
    public ObjectNode recordUpdate(ObjectNode old, ObjectNode updated, String manager, String operation,
                                   String apiVersion, Instant now) {
        return recordUpdate(old, updated, manager, operation, apiVersion, now, "");
    }

    /**
     * Records a non-apply write (create, update, patch) by {@code manager}.
     *
     * @param old         the object before the write, or null for a create
     * @param updated     the object the write produces
     * @param operation   the entry's operation, normally {@code Update}
     * @param subresource the subresource written ("" or null for the main resource, e.g. "status", "scale")
     * @return a copy of {@code updated} with its managedFields updated
     */
    public ObjectNode recordUpdate(ObjectNode old, ObjectNode updated, String manager, String operation,
                                   String apiVersion, Instant now, String subresource) {
        String op = operation == null ? ManagedFields.UPDATE : operation;
        String sub = subresource == null ? "" : subresource;
        PatchSchema.KindSchema rules = schema.forKind(text(updated, "apiVersion", apiVersion), text(updated, "kind", null));
        ObjectNode result = updated.deepCopy();

        // As Kubernetes' FieldManager does: managedFields sent with the object (main resource only) are the base when
        // they decode to something; otherwise the live ones are, so clients unaware of them cannot drop them.
        List<ManagedFields.Entry> entries = sub.isEmpty() ? ManagedFields.parse(updated) : new ArrayList<>();
        if (entries.isEmpty()) {
            entries = ManagedFields.parse(old);
        }

        Set<List<String>> oldSet = old == null ? Set.of() : FieldSets.of(old, rules, false, true);
        Set<List<String>> newSet = FieldSets.of(updated, rules, false, true);
        Set<List<String>> changed = new LinkedHashSet<>();
        for (List<String> p : newSet) {
            if (old == null || changed(old, updated, p, rules)) {
                changed.add(p);
            }
        }
        List<List<String>> removed = oldSet.stream().filter(p -> !newSet.contains(p)).collect(Collectors.toList());

        ManagedFields.Entry mine = ManagedFields.find(entries, manager, op, apiVersion, sub);
        for (ManagedFields.Entry e : entries) {
            if (e != mine) {
                e.fields.removeAll(changed);
            }
            e.fields.removeIf(p -> removed.stream().anyMatch(r -> r.equals(p) || FieldSets.isPrefix(r, p)));
        }
        if (!changed.isEmpty()) {
            if (mine == null) {
                mine = new ManagedFields.Entry(manager, op, apiVersion, null, sub, Set.of());
                entries.add(mine);
            }
            mine.fields.addAll(changed);
            mine.time = ManagedFields.format(now);
        }
        ManagedFields.capUpdateManagers(entries, MAX_UPDATE_MANAGERS, ANCIENT_CHANGES);
        ManagedFields.write(result, entries);
        return result;
    }

    /**
     * Parses an {@code application/apply-patch+yaml} body (YAML or JSON) into an object; malformed input is the 400
     * Kubernetes answers ({@code error decoding YAML: ...}).
     */
    public static ObjectNode parseApplyConfiguration(byte[] body) {
        JsonNode node;
        try {
            node = YAML.readTree(body);
        } catch (JacksonException e) {
            throw ApiException.badRequest("error decoding YAML: " + e.getOriginalMessage());
        }
        if (node == null || node.isMissingNode() || node.isNull()) {
            return Nodes.F.objectNode();
        }
        if (!node.isObject()) {
            throw ApiException.badRequest("error decoding YAML: json: cannot unmarshal "
                    + (node.isArray() ? "array" : node.isNumber() ? "number" : node.isBoolean() ? "bool" : "string")
                    + " into Go value of type map[string]interface {}");
        }
        return (ObjectNode) node;
    }

    // ------------------------------------------------------------------------------------------------------------

    private static void validateManager(String manager) {
        if (manager == null || manager.isEmpty()) {
            throw ApiException.invalid("PatchOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueRequired", "Required value: is required for apply patch", "fieldManager")));
        }
        if (manager.length() > MAX_MANAGER_LENGTH) {
            throw ApiException.invalid("PatchOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueTooLong", "Too long: may not be more than " + MAX_MANAGER_LENGTH + " bytes",
                    "fieldManager")));
        }
    }

    /**
     * Whether writing {@code to} changes the member {@code p} of {@code from}: list items and set members change
     * only by appearing; an empty map over an existing map changes nothing; other values compare by value.
     */
    private static boolean changed(JsonNode from, JsonNode to, List<String> p, PatchSchema.KindSchema rules) {
        JsonNode before = FieldSets.at(from, p, rules);
        String last = p.get(p.size() - 1);
        if (last.startsWith("k:") || last.startsWith("v:")) {
            return before == null;
        }
        JsonNode after = FieldSets.at(to, p, rules);
        if (after != null && after.isObject() && after.isEmpty() && before != null && before.isObject()) {
            PatchSchema.FieldRule rule = rules.rule(FieldSets.schemaPath(p));
            if (rule == null || rule.strategy() != PatchSchema.Strategy.ATOMIC_STRUCT) {
                return false;
            }
        }
        return !Nodes.equal(before, after);
    }

    private static boolean ownsAtOrBelow(Set<List<String>> set, List<String> p) {
        if (set.contains(p)) {
            return true;
        }
        for (List<String> q : set) {
            if (FieldSets.isPrefix(p, q)) {
                return true;
            }
        }
        return false;
    }

    /** Whether a path names a key field of a keyed-list item (kept while the item stays). */
    private static boolean isKeyOfItem(List<String> p) {
        if (p.size() < 2 || !p.get(p.size() - 1).startsWith("f:") || !p.get(p.size() - 2).startsWith("k:")) {
            return false;
        }
        return FieldSets.parse(p.get(p.size() - 2).substring(2)).has(p.get(p.size() - 1).substring(2));
    }

    /** After a removal, drops maps left empty that nobody owns (never the root or top-level metadata). */
    private static void pruneEmptyParents(ObjectNode root, List<String> removedPath, Set<List<String>> owned,
                                          PatchSchema.KindSchema rules) {
        List<String> q = removedPath.subList(0, removedPath.size() - 1);
        while (!q.isEmpty() && !q.equals(List.of("f:metadata"))) {
            JsonNode n = FieldSets.at(root, q, rules);
            if (n == null || !n.isContainer() || !n.isEmpty() || owned.contains(q)
                    || !q.get(q.size() - 1).startsWith("f:")) {
                return;
            }
            FieldSets.remove(root, q, rules);
            q = q.subList(0, q.size() - 1);
        }
    }

    private static String text(JsonNode obj, String field, String fallback) {
        JsonNode v = obj == null ? null : obj.get(field);
        return v != null && v.isString() ? v.stringValue() : fallback;
    }
}
