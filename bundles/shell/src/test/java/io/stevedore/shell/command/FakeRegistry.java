package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.ObjectList;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.Table;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.registry.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** An in-memory registry: objects by kind, namespace and name, a revision counter, and a log of writes. */
public class FakeRegistry implements Registry {

    public static final String CREATED = "2026-11-25T12:00:00Z";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final Map<String, ObjectNode> objects = new TreeMap<>();
    /** Every write, e.g. "create pods/default/x", "update ...", "delete ...". */
    public final List<String> writes = new ArrayList<>();
    private long revision = 100;

    /** Stores an object as if created earlier (not logged as a write). */
    public ObjectNode seed(ResourceType type, String json) {
        ObjectNode obj = (ObjectNode) JSON.readTree(json);
        obj.put("apiVersion", type.apiVersion());
        obj.put("kind", type.kind());
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        if (type.namespaced() && !meta.has("namespace")) {
            meta.put("namespace", "default");
        }
        stamp(meta);
        objects.put(key(type, type.namespaced() ? meta.get("namespace").asString() : null,
                meta.get("name").asString()), obj);
        return obj;
    }

    public ObjectNode stored(ResourceType type, String namespace, String name) {
        return objects.get(key(type, namespace, name));
    }

    private void stamp(ObjectNode meta) {
        meta.put("resourceVersion", Long.toString(++revision));
        if (!meta.has("creationTimestamp")) {
            meta.put("creationTimestamp", CREATED);
        }
        if (!meta.has("uid")) {
            meta.put("uid", "uid-" + revision);
        }
    }

    private static String key(ResourceType type, String namespace, String name) {
        return type.plural() + "/" + (namespace == null ? "" : namespace) + "/" + name;
    }

    @Override
    public ObjectNode get(ResourceType type, String namespace, String name, String subresource) {
        ObjectNode o = objects.get(key(type, type.namespaced() ? namespace : null, name));
        if (o == null) {
            throw ApiException.notFound(type, name);
        }
        return o.deepCopy();
    }

    @Override
    public ObjectList list(ResourceType type, String namespace, ListOptions options) {
        List<ObjectNode> items = new ArrayList<>();
        String prefix = type.plural() + "/" + (namespace == null || !type.namespaced() ? "" : namespace + "/");
        for (Map.Entry<String, ObjectNode> e : objects.entrySet()) {
            if (e.getKey().startsWith(prefix) && matches(e.getValue(), options)) {
                items.add(e.getValue().deepCopy());
            }
        }
        return new ObjectList(items, Long.toString(revision), null, null);
    }

    private static boolean matches(ObjectNode o, ListOptions options) {
        if (options.labelSelector() != null) {
            for (String term : options.labelSelector().split(",")) {
                String[] kv = term.split("=", 2);
                JsonNode v = o.path("metadata").path("labels").get(kv[0]);
                if (v == null || (kv.length == 2 && !v.asString().equals(kv[1]))) {
                    return false;
                }
            }
        }
        if (options.fieldSelector() != null) {
            String[] kv = options.fieldSelector().split("=", 2);
            if (!kv[0].equals("metadata.name")) {
                throw ApiException.badRequest("field label not supported: " + kv[0]);
            }
            return o.path("metadata").path("name").asString().equals(kv[1]);
        }
        return true;
    }

    @Override
    public ObjectNode create(ResourceType type, String namespace, ObjectNode object, String subresource,
                             WriteOptions options) {
        ObjectNode obj = object.deepCopy();
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        String name = meta.get("name").asString();
        String k = key(type, type.namespaced() ? namespace : null, name);
        if (objects.containsKey(k)) {
            throw ApiException.alreadyExists(type, name);
        }
        if (type.namespaced()) {
            meta.put("namespace", namespace);
        }
        stamp(meta);
        objects.put(k, obj);
        writes.add("create " + k);
        return obj.deepCopy();
    }

    @Override
    public Result update(ResourceType type, String namespace, String name, ObjectNode object, String subresource,
                         WriteOptions options) {
        String k = key(type, type.namespaced() ? namespace : null, name);
        ObjectNode old = objects.get(k);
        if (old == null) {
            throw ApiException.notFound(type, name);
        }
        ObjectNode obj = object.deepCopy();
        ObjectNode meta = (ObjectNode) obj.get("metadata");
        String rv = meta.path("resourceVersion").asString(null);
        if (rv != null && !rv.equals(old.path("metadata").path("resourceVersion").asString())) {
            throw ApiException.conflict(type, name, io.stevedore.api.ApiException.OPTIMISTIC_LOCK_MESSAGE);
        }
        meta.put("creationTimestamp", old.path("metadata").path("creationTimestamp").asString());
        stamp(meta);
        objects.put(k, obj);
        writes.add("update " + k);
        return new Result(obj.deepCopy(), false);
    }

    @Override
    public Result patch(ResourceType type, String namespace, String name, PatchType patchType, byte[] patch,
                        String subresource, WriteOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        String k = key(type, type.namespaced() ? namespace : null, name);
        ObjectNode old = objects.remove(k);
        if (old == null) {
            throw ApiException.notFound(type, name);
        }
        writes.add("delete " + k);
        return new DeleteResult(old, true);
    }

    @Override
    public ObjectList deleteCollection(ResourceType type, String namespace, ListOptions listOptions,
                                       DeleteOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public AutoCloseable watch(ResourceType type, String namespace, ListOptions options,
                               Consumer<WatchEvent> sink) {
        throw new UnsupportedOperationException();
    }

    /** Name, Status (status.phase), Age (a date) and, for -o wide, IP (status.podIP). */
    @Override
    public Table table(ResourceType type, List<ObjectNode> list) {
        List<Table.Column> columns = List.of(
                new Table.Column("Name", "string", "name", "", 0),
                new Table.Column("Status", "string", "", "", 0),
                new Table.Column("Age", "date", "", "", 0),
                new Table.Column("IP", "string", "", "", 1));
        List<Table.Row> rows = new ArrayList<>();
        for (ObjectNode o : list) {
            List<Object> cells = new ArrayList<>();
            cells.add(o.path("metadata").path("name").asString());
            cells.add(o.path("status").path("phase").asString(""));
            cells.add(o.path("metadata").path("creationTimestamp").asString());
            cells.add(o.path("status").has("podIP") ? o.path("status").path("podIP").asString() : null);
            rows.add(new Table.Row(cells, o));
        }
        return new Table(columns, rows);
    }
}
