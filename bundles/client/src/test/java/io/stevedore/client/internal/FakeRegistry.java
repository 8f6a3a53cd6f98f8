package io.stevedore.client.internal;

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
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * An in-memory registry for tests: objects per type, one increasing resourceVersion, an event log
 * from which watches replay, and switches to hold back watch delivery and to expire watches (410).
 */
final class FakeRegistry implements Registry, AutoCloseable {

    private record Event(long rv, ResourceType type, String eventType, ObjectNode object) {
    }

    private final class OpenWatch implements AutoCloseable {
        final ResourceType type;
        final String namespace;
        final ListOptions options;
        final Consumer<WatchEvent> sink;
        final ExecutorService executor;
        volatile boolean open = true;

        OpenWatch(ResourceType type, String namespace, ListOptions options, Consumer<WatchEvent> sink) {
            this.type = type;
            this.namespace = namespace;
            this.options = options;
            this.sink = sink;
            this.executor = Executors.newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "fake-registry-watch");
                t.setDaemon(true);
                return t;
            });
        }

        void send(WatchEvent e) {
            executor.execute(() -> {
                if (open) {
                    sink.accept(e);
                }
            });
        }

        void sendIfMatches(Event e) {
            if (e.type.equals(type) && matches(e.object, namespace, options)) {
                send(new WatchEvent(e.eventType, e.object.deepCopy()));
            }
        }

        @Override
        public void close() {
            synchronized (FakeRegistry.this) {
                watches.remove(this);
            }
            open = false;
            executor.shutdown();
        }
    }

    private final JsonMapper mapper = JsonMapper.builder().build();
    private final Map<ResourceType, TreeMap<String, ObjectNode>> objects = new HashMap<>();
    private final List<Event> log = new ArrayList<>();
    private final List<OpenWatch> watches = new ArrayList<>();
    private final List<OpenWatch> allWatches = new ArrayList<>();
    private long rv = 100;
    private long compactedRv = 0;
    private boolean holdDelivery;
    private boolean refuseStreamingLists;
    private int streamingListsServed;

    /** Answers watches with sendInitialEvents as a server without the WatchList feature does: 422. */
    synchronized void refuseStreamingLists() {
        refuseStreamingLists = true;
    }

    synchronized int streamingListsServed() {
        return streamingListsServed;
    }

    // ---- test controls

    /** Writes go on, but open watches get nothing until {@link #expireWatches}. */
    synchronized void holdWatchDelivery() {
        holdDelivery = true;
    }

    /** Forgets the event log and ends every open watch with an ERROR 410 Expired. */
    synchronized void expireWatches() {
        holdDelivery = false;
        compactedRv = rv;
        log.clear();
        for (OpenWatch w : new ArrayList<>(watches)) {
            w.send(new WatchEvent("ERROR", status(ApiException.expired("too old resource version"))));
            watches.remove(w);
        }
    }

    /** Ends every open watch with an ERROR of the given code; the event log stays, so watching again works. */
    synchronized void failWatches(int code) {
        for (OpenWatch w : new ArrayList<>(watches)) {
            w.send(new WatchEvent("ERROR", status(new ApiException(code, "InternalError", "watch broke", null))));
            watches.remove(w);
        }
    }

    /** How many watches were opened so far. */
    synchronized int watchesOpened() {
        return allWatches.size();
    }

    /** Sends a BOOKMARK to each open watch. */
    synchronized void bookmark() {
        for (OpenWatch w : watches) {
            ObjectNode b = mapper.createObjectNode();
            b.put("apiVersion", w.type.apiVersion());
            b.put("kind", w.type.kind());
            b.putObject("metadata").put("resourceVersion", Long.toString(rv));
            w.send(new WatchEvent("BOOKMARK", b));
        }
    }

    synchronized int openWatches() {
        return watches.size();
    }

    synchronized long currentRv() {
        return rv;
    }

    // ---- Registry

    @Override
    public synchronized ObjectNode get(ResourceType type, String namespace, String name, String subresource) {
        ObjectNode o = store(type).get(key(type, namespace, name));
        if (o == null) {
            throw ApiException.notFound(type, name);
        }
        return o.deepCopy();
    }

    @Override
    public synchronized ObjectList list(ResourceType type, String namespace, ListOptions options) {
        List<ObjectNode> items = new ArrayList<>();
        for (ObjectNode o : store(type).values()) {
            if (matches(o, type.namespaced() ? namespace : null, options)) {
                items.add(o.deepCopy());
            }
        }
        return new ObjectList(items, Long.toString(rv), null, null);
    }

    @Override
    public synchronized ObjectNode create(ResourceType type, String namespace, ObjectNode object, String subresource,
                                          WriteOptions options) {
        ObjectNode o = object.deepCopy();
        ObjectNode meta = meta(o);
        String name = meta.path("name").asString(null);
        if (name == null) {
            throw ApiException.invalid(type, "", List.of(new ApiException.Cause("FieldValueRequired",
                    "Required value: name is required", "metadata.name")));
        }
        if (type.namespaced()) {
            meta.put("namespace", namespace);
        }
        String key = key(type, namespace, name);
        if (store(type).containsKey(key)) {
            throw ApiException.alreadyExists(type, name);
        }
        meta.put("uid", UUID.randomUUID().toString());
        meta.put("creationTimestamp", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
        return write(type, key, o, "ADDED");
    }

    @Override
    public synchronized Result update(ResourceType type, String namespace, String name, ObjectNode object,
                                      String subresource, WriteOptions options) {
        String key = key(type, namespace, name);
        ObjectNode current = store(type).get(key);
        if (current == null) {
            if (subresource != null) {
                throw ApiException.notFound(type, name);
            }
            return new Result(create(type, namespace, object, null, options), true);
        }
        String precondition = meta(object).path("resourceVersion").asString("");
        if (!precondition.isEmpty() && !precondition.equals(meta(current).path("resourceVersion").asString())) {
            throw ApiException.conflict(type, name, ApiException.OPTIMISTIC_LOCK_MESSAGE);
        }
        ObjectNode next;
        if ("status".equals(subresource)) {
            next = current.deepCopy();
            if (object.has("status")) {
                next.set("status", object.get("status").deepCopy());
            }
        } else {
            next = object.deepCopy();
            ObjectNode meta = meta(next);
            meta.set("uid", meta(current).get("uid"));
            meta.set("creationTimestamp", meta(current).get("creationTimestamp"));
            if (type.namespaced()) {
                meta.put("namespace", namespace);
            }
            if (current.has("status")) {
                next.set("status", current.get("status").deepCopy());
            } else {
                next.remove("status");
            }
        }
        return new Result(write(type, key, next, "MODIFIED"), false);
    }

    @Override
    public synchronized Result patch(ResourceType type, String namespace, String name, PatchType patchType,
                                     byte[] patch, String subresource, WriteOptions options) {
        if (patchType != PatchType.MERGE && patchType != PatchType.STRATEGIC_MERGE) {
            throw ApiException.unsupportedMediaType("fake registry patches with merge patches only");
        }
        String key = key(type, namespace, name);
        ObjectNode current = store(type).get(key);
        if (current == null) {
            throw ApiException.notFound(type, name);
        }
        ObjectNode next = current.deepCopy();
        merge(next, (ObjectNode) mapper.readTree(patch));
        return new Result(write(type, key, next, "MODIFIED"), false);
    }

    @Override
    public synchronized DeleteResult delete(ResourceType type, String namespace, String name, DeleteOptions options) {
        String key = key(type, namespace, name);
        ObjectNode current = store(type).remove(key);
        if (current == null) {
            throw ApiException.notFound(type, name);
        }
        ObjectNode gone = current.deepCopy();
        meta(gone).put("resourceVersion", Long.toString(++rv));
        publish(new Event(rv, type, "DELETED", gone));
        return new DeleteResult(gone.deepCopy(), true);
    }

    @Override
    public ObjectList deleteCollection(ResourceType type, String namespace, ListOptions listOptions,
                                       DeleteOptions options) {
        throw new UnsupportedOperationException();
    }

    @Override
    public synchronized AutoCloseable watch(ResourceType type, String namespace, ListOptions options,
                                            Consumer<WatchEvent> sink) {
        if (options.sendInitialEvents() != null && refuseStreamingLists) {
            throw ApiException.invalid("ListOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueForbidden", "Forbidden: sendInitialEvents is forbidden for watch unless the WatchList "
                    + "feature gate is enabled", "sendInitialEvents")));
        }
        OpenWatch w = new OpenWatch(type, type.namespaced() ? namespace : null, options, sink);
        allWatches.add(w);
        if (Boolean.TRUE.equals(options.sendInitialEvents())) {
            // a streaming list: the current objects, the bookmark that ends them, then changes from now
            for (ObjectNode o : store(type).values()) {
                if (matches(o, type.namespaced() ? namespace : null, options)) {
                    w.send(new WatchEvent("ADDED", o.deepCopy()));
                }
            }
            if (options.allowWatchBookmarks()) {
                ObjectNode b = mapper.createObjectNode();
                b.put("apiVersion", type.apiVersion());
                b.put("kind", type.kind());
                ObjectNode m = b.putObject("metadata");
                m.put("resourceVersion", Long.toString(rv));
                m.putObject("annotations").put("k8s.io/initial-events-end", "true");
                w.send(new WatchEvent("BOOKMARK", b));
            }
            streamingListsServed++;
            watches.add(w);
            return w;
        }
        String from = options.resourceVersion();
        long fromRv = from == null || from.isEmpty() || from.equals("0") ? rv : Long.parseLong(from);
        if (fromRv < compactedRv) {
            w.send(new WatchEvent("ERROR", status(ApiException.expired("too old resource version: "
                    + fromRv + " (" + compactedRv + ")"))));
            return w;
        }
        for (Event e : log) {
            if (e.rv > fromRv) {
                w.sendIfMatches(e);
            }
        }
        watches.add(w);
        return w;
    }

    @Override
    public Table table(ResourceType type, List<ObjectNode> objects) {
        throw new UnsupportedOperationException();
    }

    @Override
    public void close() throws InterruptedException {
        List<OpenWatch> all;
        synchronized (this) {
            all = new ArrayList<>(allWatches);
        }
        for (OpenWatch w : all) {
            w.close();
            w.executor.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    // ---- helpers

    private ObjectNode write(ResourceType type, String key, ObjectNode o, String eventType) {
        meta(o).put("resourceVersion", Long.toString(++rv));
        o.put("apiVersion", type.apiVersion());
        o.put("kind", type.kind());
        store(type).put(key, o);
        publish(new Event(rv, type, eventType, o.deepCopy()));
        return o.deepCopy();
    }

    private void publish(Event e) {
        log.add(e);
        if (!holdDelivery) {
            for (OpenWatch w : watches) {
                w.sendIfMatches(e);
            }
        }
    }

    private TreeMap<String, ObjectNode> store(ResourceType type) {
        return objects.computeIfAbsent(type, t -> new TreeMap<>());
    }

    private static String key(ResourceType type, String namespace, String name) {
        return type.namespaced() ? namespace + "/" + name : name;
    }

    private static ObjectNode meta(ObjectNode o) {
        JsonNode m = o.get("metadata");
        return m instanceof ObjectNode om ? om : o.putObject("metadata");
    }

    private boolean matches(ObjectNode o, String namespace, ListOptions options) {
        if (namespace != null && !namespace.equals(o.path("metadata").path("namespace").asString(""))) {
            return false;
        }
        Map<String, String> labels = new HashMap<>();
        o.path("metadata").path("labels").properties().forEach(en -> labels.put(en.getKey(), en.getValue().asString()));
        if (!io.stevedore.api.LabelSelectors.parse(options.labelSelector()).matches(labels)) {
            return false;
        }
        String fields = options.fieldSelector();
        if (fields != null && !fields.isEmpty()) {
            for (String req : fields.split(",")) {
                String[] kv = req.split("=", 2);
                JsonNode n = o;
                for (String part : kv[0].split("\\.")) {
                    n = n.path(part);
                }
                if (!n.asString("").equals(kv[1])) {
                    return false;
                }
            }
        }
        return true;
    }

    private ObjectNode status(ApiException e) {
        ObjectNode s = mapper.createObjectNode();
        s.put("kind", "Status");
        s.put("apiVersion", "v1");
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", e.getMessage());
        s.put("reason", e.reason());
        s.put("code", e.code());
        return s;
    }

    private static void merge(ObjectNode target, ObjectNode patch) {
        patch.properties().forEach(en -> {
            JsonNode v = en.getValue();
            if (v.isNull()) {
                target.remove(en.getKey());
            } else if (v instanceof ObjectNode pv && target.get(en.getKey()) instanceof ObjectNode tv) {
                merge(tv, pv);
            } else {
                target.set(en.getKey(), v.deepCopy());
            }
        });
    }
}
