package io.stevedore.apiserver.internal.patch;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Reading and writing {@code metadata.managedFields} (ManagedFieldsEntry list with FieldsV1 sets). */
final class ManagedFields {

    static final JsonMapper MAPPER = JsonMapper.builder().build();
    static final String APPLY = "Apply";
    static final String UPDATE = "Update";

    private ManagedFields() {
    }

    /** One managedFields entry; mutable while a write is computed. */
    static final class Entry {
        final String manager;
        final String operation;
        final String apiVersion;
        final String subresource;
        String time;
        final Set<List<String>> fields;

        Entry(String manager, String operation, String apiVersion, String time, String subresource,
              Set<List<String>> fields) {
            this.manager = manager;
            this.operation = operation;
            this.apiVersion = apiVersion;
            this.time = time;
            this.subresource = subresource == null ? "" : subresource;
            this.fields = new LinkedHashSet<>(fields);
        }

        /** The manager identity: appliers are one manager across versions, updaters one per apiVersion. */
        boolean sameManager(String manager, String operation, String apiVersion, String subresource) {
            return this.manager.equals(manager) && this.operation.equals(operation)
                    && this.subresource.equals(subresource == null ? "" : subresource)
                    && (operation.equals(APPLY) || Objects.equals(this.apiVersion, apiVersion));
        }

        boolean isApply() {
            return operation.equals(APPLY);
        }

        long epochSeconds() {
            try {
                return time == null ? 0 : Instant.parse(time).getEpochSecond();
            } catch (RuntimeException e) {
                return 0;
            }
        }
    }

    static String format(Instant now) {
        return DateTimeFormatter.ISO_INSTANT.format(now.truncatedTo(ChronoUnit.SECONDS));
    }

    /** The entries of an object; malformed entries and non-FieldsV1 entries are dropped. */
    static List<Entry> parse(JsonNode obj) {
        List<Entry> out = new ArrayList<>();
        JsonNode list = obj == null ? null : obj.path("metadata").get("managedFields");
        if (list == null || !list.isArray()) {
            return out;
        }
        for (JsonNode e : list.values()) {
            String manager = text(e, "manager");
            String operation = text(e, "operation");
            if (manager == null || operation == null || !(operation.equals(APPLY) || operation.equals(UPDATE))) {
                continue;
            }
            String type = text(e, "fieldsType");
            if (type != null && !type.equals("FieldsV1")) {
                continue;
            }
            Set<List<String>> fields = new LinkedHashSet<>();
            JsonNode v1 = e.get("fieldsV1");
            if (v1 != null && v1.isObject()) {
                readFieldsV1(v1, List.of(), fields);
            }
            out.add(new Entry(manager, operation, text(e, "apiVersion"), text(e, "time"), text(e, "subresource"), fields));
        }
        return out;
    }

    private static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v != null && v.isString() ? v.stringValue() : null;
    }

    static void readFieldsV1(JsonNode node, List<String> path, Set<List<String>> out) {
        for (Map.Entry<String, JsonNode> e : node.properties()) {
            if (e.getKey().equals(".")) {
                if (!path.isEmpty()) {
                    out.add(path);
                }
                continue;
            }
            List<String> child = FieldSets.plus(path, e.getKey());
            if (!e.getValue().isObject() || e.getValue().isEmpty()) {
                out.add(child);
            } else {
                readFieldsV1(e.getValue(), child, out);
            }
        }
    }

    /** Encodes a field set as FieldsV1: {@code "."} marks a member that also has children; children sorted. */
    static ObjectNode toFieldsV1(Set<List<String>> fields) {
        Tree root = new Tree();
        for (List<String> p : fields) {
            Tree t = root;
            for (String token : p) {
                t = t.children.computeIfAbsent(token, k -> new Tree());
            }
            t.member = true;
        }
        return root.encode();
    }

    private static final class Tree {
        boolean member;
        final Map<String, Tree> children = new TreeMap<>();

        ObjectNode encode() {
            ObjectNode o = Nodes.F.objectNode();
            if (member && !children.isEmpty()) {
                o.set(".", Nodes.F.objectNode());
            }
            children.forEach((k, v) -> o.set(k, v.encode()));
            return o;
        }
    }

    /** Sorts as Kubernetes encodes them: operation, then time, manager, apiVersion, subresource. */
    static void sort(List<Entry> entries) {
        entries.sort(Comparator.<Entry, String>comparing(e -> e.operation)
                .thenComparingLong(Entry::epochSeconds)
                .thenComparing(e -> e.manager)
                .thenComparing(e -> e.apiVersion == null ? "" : e.apiVersion)
                .thenComparing(e -> e.subresource));
    }

    /** Writes the entries into {@code obj.metadata.managedFields} (removing the member when there are none). */
    static void write(ObjectNode obj, List<Entry> entries) {
        ObjectNode meta = obj.get("metadata") instanceof ObjectNode m ? m : obj.putObject("metadata");
        entries.removeIf(e -> e.fields.isEmpty());
        if (entries.isEmpty()) {
            meta.remove("managedFields");
            return;
        }
        sort(entries);
        ArrayNode list = Nodes.F.arrayNode();
        for (Entry e : entries) {
            ObjectNode o = list.addObject();
            o.put("manager", e.manager);
            o.put("operation", e.operation);
            if (e.apiVersion != null) {
                o.put("apiVersion", e.apiVersion);
            }
            if (e.time != null) {
                o.put("time", e.time);
            }
            o.put("fieldsType", "FieldsV1");
            o.set("fieldsV1", toFieldsV1(e.fields));
            if (!e.subresource.isEmpty()) {
                o.put("subresource", e.subresource);
            }
        }
        meta.set("managedFields", list);
    }

    /** {@code capManagersManager}: merge the oldest Update entries, per apiVersion, into ancient-changes. */
    static void capUpdateManagers(List<Entry> entries, int max, String bucketName) {
        List<Entry> updaters = entries.stream().filter(e -> !e.isApply())
                .sorted(Comparator.comparingLong(Entry::epochSeconds).thenComparing(e -> e.manager))
                .collect(Collectors.toList());
        int length = updaters.size();
        Map<String, Entry> firstOfVersion = new HashMap<>();
        for (int i = 0; i < updaters.size() && length > max; i++) {
            Entry u = updaters.get(i);
            String version = u.apiVersion == null ? "" : u.apiVersion;
            Entry first = firstOfVersion.get(version);
            if (first == null) {
                firstOfVersion.put(version, u);
                continue;
            }
            Entry bucket = find(entries, bucketName, UPDATE, u.apiVersion, "");
            if (bucket == u) {
                continue;
            }
            if (bucket == null) {
                entries.remove(first);
                bucket = new Entry(bucketName, UPDATE, u.apiVersion, first.time, "",
                        first.fields);
                entries.add(bucket);
            }
            bucket.fields.addAll(u.fields);
            bucket.time = u.time;
            entries.remove(u);
            length--;
        }
    }

    /** The entry of a manager identity, or null. */
    static Entry find(List<Entry> entries, String manager, String operation, String apiVersion, String subresource) {
        for (Entry e : entries) {
            if (e.sameManager(manager, operation, apiVersion, subresource)) {
                return e;
            }
        }
        return null;
    }

    static JsonNode parseJson(String json) {
        try {
            return MAPPER.readTree(json);
        } catch (JacksonException e) {
            return Nodes.F.objectNode();
        }
    }
}
