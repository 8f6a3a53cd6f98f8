package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.ListResult;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.kinds.KindStrategies;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;
import tools.jackson.databind.node.ObjectNode;

/**
 * An API watch over a store watch: selector filtering with Kubernetes' event transitions (an object
 * that starts matching is ADDED, one that stops matching is DELETED), initial events, bookmarks, and
 * errors as ERROR events carrying a Status.
 */
final class RegistryWatch implements WatchListener, AutoCloseable {

    private final StoreRegistry registry;
    private final ResourceType type;
    private final Predicate<ObjectNode> filter;
    private final Consumer<WatchEvent> sink;
    private final boolean bookmarks;
    private volatile WatchHandle handle;
    private volatile boolean closed;
    private long lastBookmark = System.nanoTime();

    private RegistryWatch(StoreRegistry registry, ResourceType type, Predicate<ObjectNode> filter,
                          Consumer<WatchEvent> sink, boolean bookmarks) {
        this.registry = registry;
        this.type = type;
        this.filter = filter;
        this.sink = sink;
        this.bookmarks = bookmarks;
    }

    static RegistryWatch start(StoreRegistry registry, ResourceType type, String namespace, ListOptions o,
                               Consumer<WatchEvent> sink) {
        String match = o.resourceVersionMatch() == null ? "" : o.resourceVersionMatch();
        boolean sendInitial = Boolean.TRUE.equals(o.sendInitialEvents());
        if (o.sendInitialEvents() != null && !match.equals("NotOlderThan")) {
            throw ApiException.invalid("ListOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueForbidden", "Forbidden: sendInitialEvents is forbidden for watch unless "
                    + "resourceVersionMatch is set to NotOlderThan", "resourceVersionMatch")));
        }
        if (o.sendInitialEvents() == null && !match.isEmpty()) {
            throw ApiException.invalid("ListOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueForbidden", "Forbidden: resourceVersionMatch is forbidden for watch unless "
                    + "sendInitialEvents is provided", "resourceVersionMatch")));
        }
        Predicate<ObjectNode> filter = Selectors.compile(type, o.labelSelector(), o.fieldSelector());
        RegistryWatch w = new RegistryWatch(registry, type, filter, sink, o.allowWatchBookmarks());
        String rv = o.resourceVersion() == null ? "" : o.resourceVersion();
        long from = ListQuery.parseRv(rv);
        String prefix = Keys.prefix(type, namespace);
        boolean initial = sendInitial || (o.sendInitialEvents() == null && (rv.isEmpty() || rv.equals("0")));
        if (initial) {
            ListResult all = StoreRegistry.store(() -> registry.store().list(prefix, null, 0, 0));
            for (KeyValue kv : all.items()) {
                ObjectNode obj = StoredObjects.decode(kv);
                if (filter.test(obj)) {
                    sink.accept(new WatchEvent("ADDED", obj));
                }
            }
            if (sendInitial && o.allowWatchBookmarks()) {
                ObjectNode b = w.bookmark(all.revision());
                Json.meta(b).putObject("annotations").put(ListOptions.INITIAL_EVENTS_END, "true");
                sink.accept(new WatchEvent("BOOKMARK", b));
            }
            from = all.revision();
        }
        try {
            w.handle = registry.store().watch(prefix, from, w);
        } catch (StoreException e) {
            w.onError(e);
        }
        return w;
    }

    @Override
    public void onEvent(StoreEvent e) {
        if (closed) {
            return;
        }
        ObjectNode now = e.value() == null ? null : StoredObjects.decode(e.value(), e.revision());
        boolean nowMatches = now != null && filter.test(now);
        switch (e.type()) {
            case CREATED -> {
                if (nowMatches) {
                    sink.accept(new WatchEvent("ADDED", now));
                }
            }
            case DELETED -> {
                if (nowMatches) {
                    sink.accept(new WatchEvent("DELETED", now));
                }
            }
            case UPDATED -> {
                // without a selector every object matches: no need to decode the previous value
                boolean before = e.prevValue() != null && (filter == Selectors.EVERYTHING
                        || filter.test(StoredObjects.decode(e.prevValue(), e.revision())));
                if (before && nowMatches) {
                    sink.accept(new WatchEvent("MODIFIED", now));
                } else if (nowMatches) {
                    sink.accept(new WatchEvent("ADDED", now));
                } else if (before) {
                    sink.accept(new WatchEvent("DELETED", now));
                }
            }
            default -> { }
        }
    }

    @Override
    public void onProgress(long revision) {
        if (!bookmarks || closed) {
            return;
        }
        long nowNanos = System.nanoTime();
        if ((nowNanos - lastBookmark) / 1_000_000 >= registry.bookmarkIntervalMillis()) {
            lastBookmark = nowNanos;
            sink.accept(new WatchEvent("BOOKMARK", bookmark(revision)));
        }
    }

    @Override
    public void onError(StoreException error) {
        if (closed) {
            return;
        }
        ApiException api = switch (error.kind()) {
            case COMPACTED, WATCHER_TOO_SLOW -> ApiException.expired(error.getMessage());
            default -> Errors.fromStore(type, null, error);
        };
        sink.accept(new WatchEvent("ERROR", StatusObjects.of(api)));
        close();
    }

    private ObjectNode bookmark(long revision) {
        ObjectNode b = Json.NODES.objectNode();
        b.put("kind", type.kind());
        b.put("apiVersion", type.apiVersion());
        b.putObject("metadata").put("resourceVersion", Long.toString(revision));
        return b;
    }

    @Override
    public void close() {
        closed = true;
        WatchHandle h = handle;
        if (h != null) {
            h.close();
        }
    }
}
