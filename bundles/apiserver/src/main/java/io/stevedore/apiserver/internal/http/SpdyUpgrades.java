package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.Registry;
import io.stevedore.apiserver.internal.spdy.SpdySession;
import io.stevedore.apiserver.internal.streams.Kubelets;
import io.stevedore.apiserver.internal.streams.PortForwardTunnel;
import io.stevedore.apiserver.internal.streams.SpdyHandshake;
import io.stevedore.apiserver.internal.streams.StreamTarget;
import io.stevedore.apiserver.internal.streams.StreamThreads;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.attributes.Attribute;
import org.glassfish.grizzly.filterchain.BaseFilter;
import org.glassfish.grizzly.filterchain.FilterChainBuilder;
import org.glassfish.grizzly.filterchain.FilterChainContext;
import org.glassfish.grizzly.filterchain.NextAction;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpRequestPacket;
import org.glassfish.grizzly.http.HttpResponsePacket;
import org.glassfish.grizzly.http.Protocol;
import org.glassfish.grizzly.http.server.AddOn;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.http.util.HttpStatus;
import org.glassfish.grizzly.impl.FutureImpl;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.utils.Futures;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward over a plain SPDY/3.1 upgrade ({@code Upgrade: SPDY/3.1}, {@code X-Stream-Protocol-Version:
 * portforward.k8s.io}), which kubectl falls back to when the WebSocket tunnel is refused and which older clients use
 * first. Only upgrades that will succeed are taken: a bad pod or node, or no protocol in common, goes on to the
 * JAX-RS resource, which answers. After the 101 the connection's bytes are the SPDY session's; Grizzly's HTTP codec
 * passes the bytes of an upgraded request through as content. The Grizzly-specific part of plain SPDY.
 */
final class SpdyUpgrades extends BaseFilter {

    private static final Logger LOG = LoggerFactory.getLogger(SpdyUpgrades.class);
    private static final Pattern PATH = Pattern.compile("/api/v1/namespaces/([^/]+)/pods/([^/]+)/(portforward)");
    private static final long SEND_TIMEOUT_SECONDS = 60;

    private final Registry registry;
    private final Kubelets kubelets;
    private final StreamThreads threads;
    private final Attribute<SpdySession> session =
            org.glassfish.grizzly.Grizzly.DEFAULT_ATTRIBUTE_BUILDER.createAttribute(SpdyUpgrades.class.getName() + ".session");

    private SpdyUpgrades(Registry registry, Kubelets kubelets, StreamThreads threads) {
        this.registry = registry;
        this.kubelets = kubelets;
        this.threads = threads;
    }

    /** Installs the filter where the WebSocket filter goes: after the HTTP codec, before the HTTP handler. */
    static AddOn addOn(Registry registry, Kubelets kubelets, StreamThreads threads) {
        return (NetworkListener listener, FilterChainBuilder builder) -> {
            int handler = builder.indexOfType(org.glassfish.grizzly.http.server.HttpServerFilter.class);
            if (handler >= 0) {
                builder.add(handler, new SpdyUpgrades(registry, kubelets, threads));
            }
        };
    }

    @Override
    public NextAction handleRead(FilterChainContext ctx) throws IOException {
        Connection<?> connection = ctx.getConnection();
        SpdySession s = session.get(connection);
        Object message = ctx.getMessage();
        if (!(message instanceof HttpContent content)) {
            return ctx.getInvokeAction();
        }
        if (s != null) {
            receive(s, content);
            return ctx.getStopAction();
        }
        HttpHeader header = content.getHttpHeader();
        if (!(header instanceof HttpRequestPacket request) || !isSpdyUpgrade(request)) {
            return ctx.getInvokeAction();
        }
        Matcher m = PATH.matcher(request.getRequestURI());
        if (!m.matches()) {
            return ctx.getInvokeAction();
        }
        List<String> client = new ArrayList<>();
        for (String v : request.getHeaders().values(SpdyHandshake.PROTOCOL_HEADER)) {
            client.add(v);
        }
        String protocol = SpdyHandshake.negotiate(SpdyHandshake.clientProtocols(client),
                SpdyHandshake.serverProtocols(m.group(3)));
        if (protocol == null) {
            return ctx.getInvokeAction(); // the resource refuses it
        }
        StreamTarget target;
        try {
            target = StreamTarget.resolve(registry, kubelets, m.group(1), m.group(2), m.group(3), null);
        } catch (ApiException e) {
            return ctx.getInvokeAction(); // the resource answers with the same Status
        }
        HttpResponsePacket response = request.getResponse();
        response.setProtocol(Protocol.HTTP_1_1);
        response.setStatus(HttpStatus.SWITCHING_PROTOCOLS_101);
        response.setHeader("Connection", "Upgrade");
        response.setHeader("Upgrade", "SPDY/3.1");
        response.setHeader(SpdyHandshake.PROTOCOL_HEADER, protocol);
        ctx.write(HttpContent.builder(response).build());
        SpdySession created = new SpdySession(output(connection),
                new PortForwardTunnel(target, threads.executor(), threads.timer()));
        session.set(connection, created);
        connection.addCloseListener((closeable, type) -> created.end());
        receive(created, content);
        return ctx.getStopAction();
    }

    private static boolean isSpdyUpgrade(HttpRequestPacket request) {
        String upgrade = request.getUpgrade();
        String connection = request.getHeader("Connection");
        return upgrade != null && upgrade.toLowerCase(Locale.ROOT).contains("spdy/3.1") && connection != null
                && connection.toLowerCase(Locale.ROOT).contains("upgrade");
    }

    private static void receive(SpdySession s, HttpContent content) {
        Buffer b = content.getContent();
        if (b != null && b.hasRemaining()) {
            byte[] bytes = new byte[b.remaining()];
            b.get(bytes);
            s.receive(bytes, 0, bytes.length);
        }
    }

    private static SpdySession.Output output(Connection<?> connection) {
        return new SpdySession.Output() {
            @Override
            @SuppressWarnings({"unchecked", "rawtypes"})
            public void write(byte[] frames) throws IOException {
                if (!connection.isOpen()) {
                    throw new IOException("connection closed");
                }
                FutureImpl<Object> done = Futures.createSafeFuture();
                ((Connection) connection).write(Buffers.wrap(connection.getMemoryManager(), frames),
                        Futures.toCompletionHandler(done));
                try {
                    done.get(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    throw new IOException("SPDY write failed", e.getCause());
                } catch (TimeoutException e) {
                    throw new IOException("SPDY write timed out");
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new InterruptedIOException();
                }
            }

            @Override
            public void close() {
                connection.closeSilently();
            }
        };
    }

    @Override
    public NextAction handleClose(FilterChainContext ctx) throws IOException {
        SpdySession s = session.remove(ctx.getConnection());
        if (s != null) {
            LOG.debug("SPDY connection closed");
            s.end();
        }
        return ctx.getInvokeAction();
    }
}
