package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.runtime.StreamSession;
import io.stevedore.apiserver.internal.spdy.SpdySession;
import io.stevedore.apiserver.internal.streams.ChannelProtocol;
import io.stevedore.apiserver.internal.streams.ExecSession;
import io.stevedore.apiserver.internal.streams.Kubelets;
import io.stevedore.apiserver.internal.streams.MessageSocket;
import io.stevedore.apiserver.internal.streams.PortForwardTunnel;
import io.stevedore.apiserver.internal.streams.StreamQueries;
import io.stevedore.apiserver.internal.streams.StreamQueries.ExecQuery;
import io.stevedore.apiserver.internal.streams.StreamTarget;
import io.stevedore.apiserver.internal.streams.StreamThreads;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.websockets.ClosingFrame;
import org.glassfish.grizzly.websockets.DataFrame;
import org.glassfish.grizzly.websockets.ProtocolHandler;
import org.glassfish.grizzly.websockets.SimpleWebSocket;
import org.glassfish.grizzly.websockets.WebSocket;
import org.glassfish.grizzly.websockets.WebSocketApplication;
import org.glassfish.grizzly.websockets.WebSocketEngine;
import org.glassfish.grizzly.websockets.WebSocketListener;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pod exec, attach and portforward over WebSocket: the channel protocols ({@code v5.channel.k8s.io} and older) for
 * exec and attach, and SPDY/3.1 tunnelled in binary messages ({@code SPDY/3.1+portforward.k8s.io}) for
 * portforward, as kubectl 1.32 asks for them. Only requests that will succeed are upgraded: a bad pod, container or
 * node, or no protocol in common, falls through to the JAX-RS resource, which answers with the Status. The
 * sessions themselves ({@link ExecSession}, {@link SpdySession}) are container-neutral; this class is the
 * Grizzly-specific part.
 */
final class WebSocketStreams extends WebSocketApplication {

    private static final Logger LOG = LoggerFactory.getLogger(WebSocketStreams.class);
    private static final String SPDY_TUNNEL = PortForwardTunnel.WEBSOCKET_PROTOCOL;
    private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(exec|attach|portforward)");
    private static final long SEND_TIMEOUT_SECONDS = 60;
    private static final long CLOSE_TIMEOUT_SECONDS = 5;

    private final Registry registry;
    private final Kubelets kubelets;
    private final StreamThreads threads;
    private final int port;

    WebSocketStreams(Registry registry, Kubelets kubelets, StreamThreads threads, int port) {
        this.registry = registry;
        this.kubelets = kubelets;
        this.threads = threads;
        this.port = port;
    }

    WebSocketStreams register() {
        WebSocketEngine.getEngine().register(this);
        return this;
    }

    void unregister() {
        WebSocketEngine.getEngine().unregister(this);
    }

    @Override
    public boolean isApplicationRequest(HttpRequestPacket request) {
        if (request.getLocalPort() != port) {
            return false;
        }
        Matcher m = PATH.matcher(request.getRequestURI());
        if (!m.matches()) {
            return false;
        }
        List<String> offered = offered(request);
        if (choose(m.group(3), offered) == null) {
            return false; // the resource answers: no protocol in common
        }
        try {
            Map<String, List<String>> query = query(request.getQueryString());
            resolve(m, query);
            return true;
        } catch (ApiException e) {
            return false; // the resource answers with the same Status
        }
    }

    /** The subprotocol to answer with for a subresource, "" for none offered, null when none fits. */
    private static String choose(String subresource, List<String> offered) {
        if (subresource.equals("portforward")) {
            return offered.contains(SPDY_TUNNEL) ? SPDY_TUNNEL : null;
        }
        ChannelProtocol p = ChannelProtocol.negotiate(offered);
        return p == null ? null : p.protocol();
    }

    @Override
    public List<String> getSupportedProtocols(List<String> offered) {
        // isApplicationRequest has checked the pair of path and protocols; the lists of the two kinds are disjoint
        String p = offered.contains(SPDY_TUNNEL) ? SPDY_TUNNEL : choose("exec", offered);
        return p == null || p.isEmpty() ? List.of() : List.of(p);
    }

    private StreamTarget resolve(Matcher m, Map<String, List<String>> query) {
        String sub = m.group(3);
        String container = sub.equals("portforward") ? null : StreamQueries.exec(query, sub.equals("attach")).container();
        return StreamTarget.resolve(registry, kubelets, m.group(1), m.group(2), sub, container);
    }

    @Override
    public WebSocket createSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
        return new StreamSocket(handler, request, listeners);
    }

    @Override
    public void onConnect(WebSocket socket) {
        StreamSocket s = (StreamSocket) socket;
        Matcher m = PATH.matcher(s.path);
        if (!m.matches()) {
            s.closeGracefully();
            return;
        }
        String sub = m.group(3);
        if (sub.equals("portforward")) {
            try {
                StreamTarget target = resolve(m, s.query);
                s.spdy = new SpdySession(s.spdyOutput(), new PortForwardTunnel(target, threads.executor(),
                        threads.timer()));
            } catch (RuntimeException e) {
                LOG.debug("port-forward refused after the upgrade: {}", e.toString());
                s.closeGracefully();
            }
            return;
        }
        boolean attach = sub.equals("attach");
        ChannelProtocol protocol = ChannelProtocol.negotiate(s.offered);
        try {
            ExecQuery q = StreamQueries.exec(s.query, attach);
            StreamTarget t = resolve(m, s.query);
            StreamSession session = attach
                    ? t.kubelet().attach(t.namespace(), t.name(), t.container(), q.stdin(), q.tty())
                    : t.kubelet().exec(t.namespace(), t.name(), t.container(), q.command(), q.stdin(), q.tty());
            s.exec = new ExecSession(session, protocol, q, attach, s, threads.executor());
            s.exec.start();
        } catch (ApiException e) {
            ExecSession.fail(s, protocol, e);
        } catch (RuntimeException e) {
            LOG.warn("pods/{} failed", sub, e);
            ExecSession.fail(s, protocol, ApiException.internal((attach ? "error attaching to container: "
                    : "error executing command in container: ") + e.getMessage()));
        }
    }

    @Override
    public void onMessage(WebSocket socket, byte[] data) {
        ((StreamSocket) socket).binary(data, true);
    }

    @Override
    public void onFragment(WebSocket socket, byte[] fragment, boolean last) {
        ((StreamSocket) socket).binary(fragment, last);
    }

    @Override
    public void onMessage(WebSocket socket, String text) {
        ((StreamSocket) socket).text(text, true);
    }

    @Override
    public void onFragment(WebSocket socket, String fragment, boolean last) {
        ((StreamSocket) socket).text(fragment, last);
    }

    @Override
    public void onClose(WebSocket socket, DataFrame frame) {
        StreamSocket s = (StreamSocket) socket;
        if (s.exec != null) {
            s.exec.abort();
        }
        if (s.spdy != null) {
            s.spdy.end();
        }
    }

    static List<String> offered(HttpRequestPacket request) {
        List<String> offered = new ArrayList<>();
        for (String h : request.getHeaders().values("Sec-WebSocket-Protocol")) {
            for (String p : h.split(",")) {
                if (!p.isBlank()) {
                    offered.add(p.trim());
                }
            }
        }
        return offered;
    }

    static Map<String, List<String>> query(String q) {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (q != null && !q.isEmpty()) {
            for (String pair : q.split("&")) {
                String[] kv = pair.split("=", 2);
                query.computeIfAbsent(URLDecoder.decode(kv[0], StandardCharsets.UTF_8), k -> new ArrayList<>())
                        .add(kv.length > 1 ? URLDecoder.decode(kv[1], StandardCharsets.UTF_8) : "");
            }
        }
        return query;
    }

    /** A WebSocket of one pod stream: the request that opened it, its session, and a close that waits for the peer. */
    final class StreamSocket extends SimpleWebSocket implements MessageSocket {
        final String path;
        final Map<String, List<String>> query;
        final List<String> offered;
        private final AtomicBoolean closeSent = new AtomicBoolean();
        private final AtomicBoolean closeHandled = new AtomicBoolean();
        private final ByteArrayOutputStream fragments = new ByteArrayOutputStream();
        private final StringBuilder textFragments = new StringBuilder();
        volatile ExecSession exec;
        volatile SpdySession spdy;

        StreamSocket(ProtocolHandler handler, HttpRequestPacket request, WebSocketListener... listeners) {
            super(handler, listeners);
            this.path = request.getRequestURI();
            this.query = query(request.getQueryString());
            this.offered = offered(request);
        }

        void binary(byte[] data, boolean last) {
            SpdySession tunnel = spdy;
            if (tunnel != null) {
                tunnel.receive(data, 0, data.length); // a byte stream: message boundaries do not matter
                return;
            }
            ExecSession e = exec;
            if (e == null) {
                return;
            }
            if (last && fragments.size() == 0) {
                e.onMessage(data);
                return;
            }
            fragments.writeBytes(data);
            if (last) {
                byte[] whole = fragments.toByteArray();
                fragments.reset();
                e.onMessage(whole);
            }
        }

        void text(String data, boolean last) {
            ExecSession e = exec;
            if (e == null) {
                return;
            }
            textFragments.append(data);
            if (last) {
                String whole = textFragments.toString();
                textFragments.setLength(0);
                e.onMessage(whole);
            }
        }

        SpdySession.Output spdyOutput() {
            return new SpdySession.Output() {
                @Override
                public void write(byte[] frames) throws IOException {
                    sendBinary(frames);
                }

                @Override
                public void close() {
                    closeGracefully();
                }
            };
        }

        @Override
        public void sendBinary(byte[] message) throws IOException {
            await(() -> send(message));
        }

        @Override
        public void sendText(String message) throws IOException {
            await(() -> send(message));
        }

        private void await(java.util.function.Supplier<Future<DataFrame>> sender) throws IOException {
            if (closeSent.get()) {
                throw new IOException("WebSocket closing");
            }
            try {
                sender.get().get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
            } catch (ExecutionException e) {
                throw new IOException("WebSocket write failed", e.getCause());
            } catch (TimeoutException e) {
                throw new IOException("WebSocket write timed out");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException();
            } catch (RuntimeException e) {
                throw new IOException(e.getMessage(), e); // not connected
            }
        }

        @Override
        public void close() {
            closeGracefully();
        }

        @Override
        public void close(int code, String reason) {
            if (closeSent.compareAndSet(false, true)) {
                super.close(code, reason);
            }
        }

        /**
         * Sends a normal close and lets the client's answering close end the connection, so that nothing the
         * client still has in flight makes our side reset the connection before it read everything; after
         * {@value #CLOSE_TIMEOUT_SECONDS} s the connection is closed anyway.
         */
        void closeGracefully() {
            if (!isConnected() || !closeSent.compareAndSet(false, true)) {
                return;
            }
            try {
                protocolHandler.send(new ClosingFrame(NORMAL_CLOSURE, ""));
            } catch (RuntimeException e) {
                closed(new ClosingFrame(NORMAL_CLOSURE, ""));
                return;
            }
            threads.timer().schedule(() -> closed(new ClosingFrame(NORMAL_CLOSURE, "close timed out")),
                    CLOSE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }

        @Override
        public void onClose(DataFrame frame) {
            if (closeSent.get()) {
                closed(frame); // the answer to our close: nothing more to send
            } else {
                closeSent.set(true);
                super.onClose(frame);
            }
        }

        private void closed(DataFrame frame) {
            if (!closeHandled.compareAndSet(false, true)) {
                return;
            }
            setClosed();
            try {
                protocolHandler.doClose();
            } catch (RuntimeException e) {
                LOG.debug("closing WebSocket connection: {}", e.toString());
            }
            WebSocketListener l;
            while ((l = listeners.poll()) != null) {
                l.onClose(this, frame);
            }
        }
    }
}
