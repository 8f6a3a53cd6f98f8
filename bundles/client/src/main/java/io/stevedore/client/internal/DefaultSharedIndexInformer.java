package io.stevedore.client.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.Indexer;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.ResourceList;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.client.Watch;
import io.stevedore.api.client.Watcher;
import io.stevedore.api.registry.ListOptions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An informer over a {@link ResourceClient}: a reflector thread fills the cache with a streaming list, as client-go
 * 1.35's reflector does (a watch with {@code sendInitialEvents=true} whose ADDED events up to the bookmark annotated
 * {@code k8s.io/initial-events-end} are the list, then goes on as the watch), or, where a server refuses that, lists
 * and then watches from the list's resourceVersion with bookmarks. A 410 Expired ends the watch and starts a re-list
 * whose difference to the cache is delivered as adds, updates and deletes (final state unknown). Other watch errors
 * re-watch from the last resourceVersion after a backoff. All cache writes happen on the reflector thread; handlers
 * run on a {@link HandlerDispatcher}.
 */
final class DefaultSharedIndexInformer<T extends HasMetadata> implements SharedIndexInformer<T> {

    private static final Logger LOG = LoggerFactory.getLogger(DefaultSharedIndexInformer.class);
    private static final long MIN_BACKOFF_MS = 50;
    private static final long MAX_BACKOFF_MS = 10_000;

    /** What the watch callback hands to the reflector thread. */
    private record Signal<T>(long generation, Watcher.Action action, T object, ApiException closedBy) {
    }

    private final ResourceClient<T> source;
    private final Duration resyncPeriod;
    private final CacheIndexer<T> indexer;
    private final HandlerDispatcher<T> dispatcher;
    private final String name;
    private final Object stateLock = new Object();
    private final BlockingQueue<Signal<T>> inbox = new LinkedBlockingQueue<>();
    private final CountDownLatch synced = new CountDownLatch(1);
    private final CountDownLatch stopped = new CountDownLatch(1);
    private volatile String lastResourceVersion = "";
    private volatile boolean running;
    private volatile boolean started;
    private volatile Watch currentWatch;
    /** Whether to list by streaming (cleared when the server refuses sendInitialEvents). */
    private volatile boolean streamingList = true;
    /** The objects of a streaming list so far (reflector thread only; null outside one). */
    private Map<String, T> streamed;
    private long generation;
    private Thread reflector;

    DefaultSharedIndexInformer(ResourceClient<T> source, Duration resyncPeriod) {
        this.source = source;
        this.resyncPeriod = resyncPeriod == null || resyncPeriod.isNegative() ? Duration.ZERO : resyncPeriod;
        this.indexer = new CacheIndexer<>(source.type().namespaced());
        this.name = "informer-" + source.type().qualifiedPlural()
                + (source.namespace() == null ? "" : "-" + source.namespace());
        this.dispatcher = new HandlerDispatcher<>(name + "-dispatcher");
    }

    @Override
    public SharedIndexInformer<T> addEventHandler(ResourceEventHandler<T> handler) {
        Objects.requireNonNull(handler, "handler");
        synchronized (stateLock) {
            dispatcher.register(handler, new ArrayList<>(indexer.snapshot().values()));
        }
        return this;
    }

    @Override
    public void removeEventHandler(ResourceEventHandler<T> handler) {
        dispatcher.unregister(handler);
    }

    @Override
    public SharedIndexInformer<T> addIndexers(Map<String, Function<T, List<String>>> indexers) {
        indexer.addIndexers(indexers);
        return this;
    }

    @Override
    public Indexer<T> getIndexer() {
        return indexer;
    }

    @Override
    public boolean hasSynced() {
        return synced.getCount() == 0;
    }

    @Override
    public boolean waitForCacheSync(Duration timeout) throws InterruptedException {
        return synced.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    @Override
    public Duration getResyncPeriod() {
        return resyncPeriod;
    }

    @Override
    public String lastSyncResourceVersion() {
        return lastResourceVersion;
    }

    @Override
    public synchronized void start() {
        if (started) {
            return;
        }
        started = true;
        running = true;
        dispatcher.start();
        reflector = new Thread(this::run, name);
        reflector.setDaemon(true);
        reflector.start();
    }

    @Override
    public void stop() {
        Thread t;
        synchronized (this) {
            if (!running) {
                return;
            }
            running = false;
            t = reflector;
        }
        stopped.countDown();
        closeWatch();
        try {
            if (t != null) {
                t.interrupt();
                t.join(5_000);
            }
            dispatcher.stop(5_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    private void run() {
        boolean needList = true;
        long backoff = MIN_BACKOFF_MS;
        while (running) {
            try {
                boolean stream = needList && streamingList;
                if (needList && !stream) {
                    listAndReplace();
                }
                needList = false;
                ApiException end = watchUntilEnd(stream);
                if (stream && streamed != null) {
                    // the streaming list did not finish: list again
                    streamed = null;
                    needList = true;
                    if (end != null && (end.code() == 400 || end.code() == 422)) {
                        LOG.info("{}: the server refuses streaming lists ({}); listing, then watching", name,
                                end.getMessage());
                        streamingList = false;
                        continue;
                    }
                }
                if (!running) {
                    return;
                }
                if (end != null && end.code() == 410) {
                    LOG.debug("{}: watch expired ({}), re-listing", name, end.getMessage());
                    needList = true;
                    backoff = MIN_BACKOFF_MS;
                    continue;
                }
                LOG.info("{}: watch ended ({}), watching again from {}", name,
                        end == null ? "closed" : end.getMessage(), lastResourceVersion);
            } catch (ApiException e) {
                if (e.code() == 410) {
                    needList = true;
                    continue;
                }
                LOG.warn("{}: list/watch failed: {}", name, e.getMessage());
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("{}: list/watch failed", name, e);
                needList = true;
            }
            if (!pause(backoff)) {
                return;
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_MS);
        }
    }

    private boolean pause(long millis) {
        try {
            return !stopped.await(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            return false;
        }
    }

    private void listAndReplace() {
        ResourceList<T> list = source.list(ListOptions.ALL);
        Map<String, T> fresh = new LinkedHashMap<>();
        for (T item : list.items()) {
            fresh.put(indexer.keyOf(item), item);
        }
        replace(fresh, list.resourceVersion());
    }

    /** Makes {@code fresh} the cache, delivering the difference in its order; then the informer has synced. */
    private void replace(Map<String, T> fresh, String resourceVersion) {
        synchronized (stateLock) {
            Map<String, T> old = indexer.snapshot();
            indexer.replace(fresh);
            for (T item : fresh.values()) {
                T before = old.get(indexer.keyOf(item));
                if (before == null) {
                    dispatcher.notify(h -> h.onAdd(item));
                } else if (!Objects.equals(rv(before), rv(item))) {
                    dispatcher.notify(h -> h.onUpdate(before, item));
                }
            }
            for (Map.Entry<String, T> e : old.entrySet()) {
                if (!fresh.containsKey(e.getKey())) {
                    T gone = e.getValue();
                    dispatcher.notify(h -> h.onDelete(gone, true));
                }
            }
            lastResourceVersion = resourceVersion;
        }
        synced.countDown();
    }

    /**
     * Watches until the watch ends; returns why (null when closed without error). With {@code streamList} the watch
     * starts with the current objects, gathered in {@link #streamed} until the initial-events-end bookmark replaces
     * the cache with them.
     */
    private ApiException watchUntilEnd(boolean streamList) throws InterruptedException {
        long gen;
        synchronized (this) {
            gen = ++generation;
        }
        inbox.clear();
        streamed = streamList ? new LinkedHashMap<>() : null;
        ListOptions options = streamList ? ListOptions.ALL.withInitialEvents()
                : ListOptions.ALL.withResourceVersion(lastResourceVersion).withBookmarks(true);
        Watcher<T> into = new Watcher<T>() {
            @Override
            public void eventReceived(Action action, T resource) {
                inbox.add(new Signal<>(gen, action, resource, null));
            }

            @Override
            public void onClose(ApiException cause) {
                inbox.add(new Signal<>(gen, null, null, cause));
            }
        };
        try {
            currentWatch = source.watch(options, into);
        } catch (ApiException e) {
            return e; // refused at once (a server without streaming lists answers 422)
        }
        try {
            long resyncMillis = resyncPeriod.toMillis();
            long nextResync = resyncMillis > 0 ? System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(resyncMillis) : 0;
            while (running) {
                Signal<T> s;
                if (resyncMillis > 0) {
                    long wait = nextResync - System.nanoTime();
                    s = wait > 0 ? inbox.poll(wait, TimeUnit.NANOSECONDS) : null;
                    if (System.nanoTime() - nextResync >= 0) {
                        resync();
                        nextResync = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(resyncMillis);
                    }
                } else {
                    s = inbox.take();
                }
                if (s == null || s.generation() != gen) {
                    continue;
                }
                if (s.action() == null) {
                    return s.closedBy();
                }
                if (streamed != null) {
                    collect(s.action(), s.object());
                    continue;
                }
                apply(s.action(), s.object());
            }
            return null;
        } finally {
            closeWatch();
        }
    }

    /** One event of a streaming list: an object of the list, or the bookmark that ends it. */
    private void collect(Watcher.Action action, T object) {
        switch (action) {
            case ADDED, MODIFIED -> streamed.put(indexer.keyOf(object), object);
            case DELETED -> streamed.remove(indexer.keyOf(object));
            case BOOKMARK -> {
                Map<String, String> annotations = object.getMetadata() == null ? null
                        : object.getMetadata().getAnnotations();
                if (annotations != null && "true".equals(annotations.get(ListOptions.INITIAL_EVENTS_END))) {
                    Map<String, T> fresh = streamed;
                    streamed = null;
                    replace(fresh, rv(object));
                }
            }
        }
    }

    private void apply(Watcher.Action action, T object) {
        synchronized (stateLock) {
            switch (action) {
                case ADDED, MODIFIED -> {
                    T old = indexer.put(object);
                    if (old == null) {
                        dispatcher.notify(h -> h.onAdd(object));
                    } else {
                        dispatcher.notify(h -> h.onUpdate(old, object));
                    }
                }
                case DELETED -> {
                    T old = indexer.remove(indexer.keyOf(object));
                    if (old != null) {
                        dispatcher.notify(h -> h.onDelete(object, false));
                    }
                }
                case BOOKMARK -> {
                }
            }
            String rv = rv(object);
            if (rv != null && !rv.isEmpty()) {
                lastResourceVersion = rv;
            }
        }
    }

    private void resync() {
        synchronized (stateLock) {
            for (T obj : indexer.snapshot().values()) {
                dispatcher.notify(h -> h.onUpdate(obj, obj));
            }
        }
    }

    private void closeWatch() {
        Watch w = currentWatch;
        currentWatch = null;
        if (w != null) {
            w.close();
        }
    }

    private static String rv(HasMetadata o) {
        return o.getMetadata() == null ? null : o.getMetadata().getResourceVersion();
    }
}
