package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.apiserver.internal.registry.StatusObjects;
import io.stevedore.apiserver.internal.Json;
import jakarta.ws.rs.core.MultivaluedHashMap;
import jakarta.ws.rs.core.MultivaluedMap;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.SimpleWebSocket;
import org.glassfish.grizzly.websockets.WebSocket;
import org.glassfish.grizzly.websockets.WebSocketAddOn;
import org.glassfish.grizzly.websockets.WebSocketApplication;
import org.glassfish.grizzly.websockets.WebSocketEngine;
import org.glassfish.grizzly.websockets.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches over WebSocket on the same URLs as chunked watches (the fabric8 client and its informers try
 * this first): each event is one text message ({@code {"type":..,"object":..}}), binary for protobuf.
 * Grizzly-specific, kept to this class.
 */
final class WebSocketWatches extends WebSocketApplication {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketWatches.class);

    private final WatchStreams watches;
    private final int port;

    private WebSocketWatches(WatchStreams watches, int port) {
        this.watches = watches;
        this.port = port;
    }

    /** Enables WebSocket upgrades on the server's listeners; returns the application to unregister on close. */
    static WebSocketWatches install(HttpServer server, WatchStreams watches) {
        for (NetworkListener l : server.getListeners()) {
            l.registerAddOn(new WebSocketAddOn());
        }
        return new WebSocketWatches(watches, -1);
    }

    WebSocketWatches bind(int boundPort) {
        WebSocketWatches app = new WebSocketWatches(watches, boundPort);
        WebSocketEngine.getEngine().register(app);
        return app;
    }

    void unregister() {
        WebSocketEngine.getEngine().unregister(this);
    }

    @Override
    public boolean isApplicationRequest(HttpRequestPacket request) {
        String path = request.getRequestURI();
        if (request.getLocalPort() != port || path == null || !(path.startsWith("/api/") || path.startsWith("/apis/"))) {
            return false;
        }
        String q = request.getQueryString();
        return path.contains("/watch/") || q != null && (q.contains("watch=true") || q.contains("watch=1"));
    }

    @Override
    public WebSocket createSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
        return new WatchSocket(handler, request, listeners);
    }

    @Override
    public void onConnect(WebSocket socket) {
        WatchSocket ws = (WatchSocket) socket;
        try {
            Route route = route(ws.path);
            ListOptions options = ApiResource.listOptions(ws.query);
            if (route.name() != null) {
                options = options.withFieldSelector("metadata.name=" + route.name());
            }
            ws.handle = watches.open(route.type(), route.namespace(), options, WatchStreams.format(ws.accept),
                    ws.query.getFirst("includeObject"), new WatchStreams.Transport() {
                        @Override
                        public void write(byte[] event, boolean binary) {
                            if (binary) {
                                socket.send(event);
                            } else {
                                socket.send(new String(event, StandardCharsets.UTF_8));
                            }
                        }

                        @Override
                        public void close() {
                            socket.close();
                        }
                    });
        } catch (ApiException e) {
            socket.send(new String(Json.write(Json.NODES.objectNode().put("type", "ERROR")
                    .set("object", StatusObjects.of(e))), StandardCharsets.UTF_8));
            socket.close();
        } catch (RuntimeException e) {
            LOG.warn("WebSocket watch failed", e);
            socket.close();
        }
    }

    @Override
    public void onClose(WebSocket socket, DataFrame frame) {
        AutoCloseable h = ((WatchSocket) socket).handle;
        if (h != null) {
            try {
                h.close();
            } catch (Exception e) {
                LOG.debug("closing WebSocket watch", e);
            }
        }
    }

    private static Route route(String path) {
        if (path.startsWith("/api/v1/")) {
            return Route.parse("api/v1", path.substring("/api/v1/".length()));
        }
        String[] p = path.split("/", 5);
        if (p.length == 5 && p[1].equals("apis")) {
            return Route.parse("apis/" + p[2] + "/" + p[3], p[4]);
        }
        throw ApiException.pathNotFound();
    }

    /** A WebSocket that remembers the request that opened it. */
    static final class WatchSocket extends SimpleWebSocket {
        final String path;
        final String accept;
        final MultivaluedMap<String, String> query = new MultivaluedHashMap<>();
        volatile AutoCloseable handle;

        WatchSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
            super(handler, listeners);
            this.path = request.getRequestURI();
            this.accept = request.getHeader("Accept");
            String q = request.getQueryString();
            if (q != null) {
                for (String pair : q.split("&")) {
                    String[] kv = pair.split("=", 2);
                    query.add(URLDecoder.decode(kv[0], StandardCharsets.UTF_8),
                            kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
                }
            }
        }
    }
}
