package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.http.MediaTypes.Output;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.glassfish.jersey.server.ChunkedOutput;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Watches over HTTP: one chunk per event, flushed as it happens (chunked transfer encoding).
 * The one piece of the API server that depends on the JAX-RS implementation (Jersey's ChunkedOutput).
 */
final class WatchStreams implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WatchStreams.class);
    private static final byte[] NEWLINE = {'\n'};

    private final Registry registry;
    private final Renderer renderer;
    private final BodyCodec codec;
    private final ApiServerConfig config;
    private final java.util.concurrent.ScheduledThreadPoolExecutor timer = new java.util.concurrent.ScheduledThreadPoolExecutor(1, r -> {
        Thread t = new Thread(r, "stevedore-watch-timeouts");
        t.setDaemon(true);
        return t;
    });

    WatchStreams(Registry registry, Renderer renderer, BodyCodec codec, ApiServerConfig config) {
        this.registry = registry;
        this.renderer = renderer;
        this.codec = codec;
        this.config = config;
        timer.setRemoveOnCancelPolicy(true);
    }

    Response start(ResourceType type, String namespace, ListOptions options, String accept, String includeObject) {
        Output out = MediaTypes.negotiate(accept, true);
        if (out == Output.YAML) {
            out = Output.JSON;
        }
        Session session = new Session(type, out, includeObject);
        session.handle = registry.watch(type, namespace, options, session::send);
        long timeout = options.timeoutSeconds() > 0 ? options.timeoutSeconds()
                : config.minRequestTimeout() + ThreadLocalRandom.current().nextLong(Math.max(1, config.minRequestTimeout()));
        session.timeoutTask = timer.schedule(session::close, timeout, TimeUnit.SECONDS);
        session.closeIfEnded();
        String contentType = out == Output.PROTOBUF ? MediaTypes.PROTOBUF + ";stream=watch" : MediaTypes.JSON;
        return Response.ok(session.output).type(contentType).build();
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One client's watch. */
    private final class Session {
        private final ChunkedOutput<byte[]> output = new ChunkedOutput<>(byte[].class);
        private final ResourceType type;
        private final Output format;
        private final String includeObject;
        private volatile AutoCloseable handle;
        private volatile java.util.concurrent.ScheduledFuture<?> timeoutTask;
        private boolean headersSent;
        private boolean closed;

        Session(ResourceType type, Output format, String includeObject) {
            this.type = type;
            this.format = format;
            this.includeObject = includeObject;
        }

        synchronized void send(WatchEvent event) {
            if (closed) {
                return;
            }
            try {
                ObjectNode object = event.object();
                boolean isObjectEvent = !event.type().equals("ERROR") && !event.type().equals("BOOKMARK");
                if (format == Output.TABLE && isObjectEvent) {
                    object = renderer.table(type, List.of(object), includeObject, !headersSent);
                    Json.meta(object).put("resourceVersion", Json.resourceVersion(event.object()));
                    headersSent = true;
                }
                if (format == Output.PROTOBUF && codec.supportsProtobuf(object)) {
                    output.write(codec.encodeProtobufWatchEvent(event.type(), object));
                } else {
                    ObjectNode e = Json.NODES.objectNode();
                    e.put("type", event.type());
                    e.set("object", object);
                    byte[] json = Json.write(e);
                    byte[] line = new byte[json.length + 1];
                    System.arraycopy(json, 0, line, 0, json.length);
                    line[json.length] = NEWLINE[0];
                    output.write(line);
                }
                if (event.type().equals("ERROR")) {
                    close();
                }
            } catch (IOException | RuntimeException e) {
                LOG.debug("watch client went away: {}", e.toString());
                close();
            }
        }

        /** A watch that ended while it was being set up (an ERROR as first event) still releases its handle. */
        synchronized void closeIfEnded() {
            if (closed) {
                closed = false;
                close();
            }
        }

        synchronized void close() {
            if (closed) {
                return;
            }
            closed = true;
            java.util.concurrent.ScheduledFuture<?> t = timeoutTask;
            if (t != null) {
                t.cancel(false);
            }
            try {
                AutoCloseable h = handle;
                if (h != null) {
                    h.close();
                }
            } catch (Exception e) {
                LOG.debug("closing watch", e);
            }
            try {
                output.close();
            } catch (IOException e) {
                LOG.debug("closing watch stream", e);
            }
        }
    }
}
