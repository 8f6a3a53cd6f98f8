package io.stevedore.client.internal;

import io.stevedore.api.ApiException;
import io.stevedore.api.client.Watch;
import io.stevedore.api.client.Watcher;
import io.stevedore.api.registry.WatchEvent;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/** Turns a registry watch into typed {@link Watcher} calls; closes exactly once. */
final class TypedWatch<T> implements Watch {

    private static final Logger LOG = LoggerFactory.getLogger(TypedWatch.class);

    private final Watcher<T> watcher;
    private final Function<ObjectNode, T> converter;
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile AutoCloseable handle;

    TypedWatch(Watcher<T> watcher, Function<ObjectNode, T> converter) {
        this.watcher = watcher;
        this.converter = converter;
    }

    void attach(AutoCloseable registryHandle) {
        this.handle = registryHandle;
        if (closed.get()) {
            closeHandle();
        }
    }

    /** Marks the watch closed without telling the watcher (the watch never started). */
    void detach() {
        closed.set(true);
    }

    void accept(WatchEvent event) {
        if (closed.get()) {
            return;
        }
        Watcher.Action action;
        switch (event.type()) {
            case "ADDED" -> action = Watcher.Action.ADDED;
            case "MODIFIED" -> action = Watcher.Action.MODIFIED;
            case "DELETED" -> action = Watcher.Action.DELETED;
            case "BOOKMARK" -> action = Watcher.Action.BOOKMARK;
            case "ERROR" -> {
                end(ObjectConverter.toException(event.object()));
                return;
            }
            default -> {
                LOG.warn("ignoring watch event of unknown type {}", event.type());
                return;
            }
        }
        T object;
        try {
            object = converter.apply(event.object());
        } catch (RuntimeException e) {
            end(ApiException.internal("cannot read watch event object: " + e.getMessage()));
            return;
        }
        watcher.eventReceived(action, object);
    }

    private void end(ApiException cause) {
        if (closed.compareAndSet(false, true)) {
            closeHandle();
            watcher.onClose(cause);
        }
    }

    @Override
    public void close() {
        end(null);
    }

    private void closeHandle() {
        AutoCloseable h = handle;
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.debug("closing registry watch failed", e);
            }
        }
    }
}
