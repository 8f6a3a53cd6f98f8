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
 * Watches: one chunk per event, flushed as it happens (chunked transfer encoding), or one WebSocket
 * message per event ({@link WebSocketWatches}). Jersey's ChunkedOutput is the one JAX-RS-implementation
 * piece here.
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

    /** Where a watch's encoded events go: a chunked HTTP response or a WebSocket. */
    interface Transport {
        void write(byte[] event, boolean binary) throws IOException;

        void close() throws IOException;
    }

    Response start(ResourceType type, String namespace, ListOptions options, String accept, String includeObject) {
        Output out = format(accept);
        ChunkedOutput<byte[]> output = new ChunkedOutput<>(byte[].class);
        open(type, namespace, options, out, includeObject, new Transport() {
            @Override
            public void write(byte[] event, boolean binary) throws IOException {
                output.write(binary ? event : withNewline(event));
            }

            @Override
            public void close() throws IOException {
                output.close();
            }
        });
        String contentType = out == Output.PROTOBUF ? MediaTypes.PROTOBUF + ";stream=watch" : MediaTypes.JSON;
        return Response.ok(output).type(contentType).build();
    }

    static Output format(String accept) {
        Output out = MediaTypes.negotiate(accept, true);
        return out == Output.YAML ? Output.JSON : out;
    }

    /** Starts a watch whose events go to {@code transport}; returns a handle that ends it. */
    AutoCloseable open(ResourceType type, String namespace, ListOptions options, Output out, String includeObject,
                       Transport transport) {
        Session session = new Session(type, out, includeObject, transport);
        session.handle = registry.watch(type, namespace, options, session::send);
        long timeout = options.timeoutSeconds() > 0 ? options.timeoutSeconds()
                : config.minRequestTimeout() + ThreadLocalRandom.current().nextLong(Math.max(1, config.minRequestTimeout()));
        session.timeoutTask = timer.schedule(session::close, timeout, TimeUnit.SECONDS);
        session.closeIfEnded();
        return session::close;
    }

    private static byte[] withNewline(byte[] json) {
        byte[] line = new byte[json.length + 1];
        System.arraycopy(json, 0, line, 0, json.length);
        line[json.length] = NEWLINE[0];
        return line;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /** One client's watch. */
    private final class Session {
        private final Transport output;
        private final ResourceType type;
        private final Output format;
        private final String includeObject;
        private volatile AutoCloseable handle;
        private volatile java.util.concurrent.ScheduledFuture<?> timeoutTask;
        private boolean headersSent;
        private boolean closed;

        Session(ResourceType type, Output format, String includeObject, Transport output) {
            this.output = output;
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
                    output.write(codec.encodeProtobufWatchEvent(event.type(), object), true);
                } else {
                    ObjectNode e = Json.NODES.objectNode();
                    e.put("type", event.type());
                    e.set("object", object);
                    output.write(Json.write(e), false);
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
