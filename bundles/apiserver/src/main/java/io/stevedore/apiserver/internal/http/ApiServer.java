package io.stevedore.apiserver.internal.http;

import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.ServiceAccountIssuer;
import io.stevedore.apiserver.internal.streams.Kubelets;
import io.stevedore.apiserver.internal.streams.StreamThreads;
import java.io.IOException;
import java.net.URI;
import java.util.function.BooleanSupplier;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.grizzly.http.server.NetworkListener;
import org.glassfish.grizzly.threadpool.ThreadPoolConfig;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;
import org.glassfish.jersey.server.ServerProperties;

/** The HTTP face of the registry: Jersey on Grizzly. Plain Java: start it with a registry and a config. */
public final class ApiServer implements AutoCloseable {

    private final HttpServer server;
    private final WatchStreams watches;
    private final WebSocketWatches webSockets;
    private final WebSocketStreams podStreams;
    private final StreamThreads streamThreads;
    private final int port;

    private ApiServer(HttpServer server, WatchStreams watches, WebSocketWatches webSockets, WebSocketStreams podStreams,
                      StreamThreads streamThreads, int port) {
        this.server = server;
        this.watches = watches;
        this.webSockets = webSockets;
        this.podStreams = podStreams;
        this.streamThreads = streamThreads;
        this.port = port;
    }

    /** A server whose pod streams (log, exec, attach, portforward) have no kubelet to go to. */
    public static ApiServer start(Registry registry, ApiServerConfig config, BooleanSupplier ready) throws IOException {
        return start(registry, new Kubelets(), config, ready);
    }

    /** A server that routes pod streams to the kubelets of the pods' nodes. */
    public static ApiServer start(Registry registry, Kubelets kubelets, ApiServerConfig config, BooleanSupplier ready)
            throws IOException {
        BodyCodec codec = BodyCodecs.create();
        Renderer renderer = new Renderer(registry, codec);
        WatchStreams watches = new WatchStreams(registry, renderer, codec, config);
        StreamThreads streamThreads = new StreamThreads();
        String address = config.bindAddress() + ":" + config.port();
        ResourceConfig rc = new ResourceConfig()
                .registerInstances(new ApiResource(registry, config, codec, watches, kubelets, streamThreads),
                        new DiscoveryResource(address), new SystemResource(ready), new StatusMappers(),
                        new GrizzlyDisconnects())
                .property(ServerProperties.WADL_FEATURE_DISABLE, true)
                .property(ServerProperties.OUTBOUND_CONTENT_LENGTH_BUFFER, 0);
        if (registry instanceof ServiceAccountIssuer issuer) {
            rc.registerInstances(new OpenIdResource(issuer));
        }
        OpenApi.register(rc);
        Thread current = Thread.currentThread();
        ClassLoader previous = current.getContextClassLoader();
        current.setContextClassLoader(ResourceConfig.class.getClassLoader());
        try {
            URI uri = URI.create("http://" + config.bindAddress() + ":" + config.port() + "/");
            HttpServer server = GrizzlyHttpServerFactory.createHttpServer(uri, rc, false);
            // kubectl sends DeleteOptions as a DELETE body
            server.getServerConfiguration().setAllowPayloadForUndefinedHttpMethods(true);
            for (NetworkListener l : server.getListeners()) {
                l.registerAddOn(new H2cUpgradeFilter.Install());
                l.registerAddOn(SpdyUpgrades.addOn(registry, kubelets, streamThreads));
                l.getTransport().setWorkerThreadPoolConfig(ThreadPoolConfig.defaultConfig()
                        .setPoolName("stevedore-api").setCorePoolSize(Math.max(2, config.workerThreads() / 4))
                        .setMaxPoolSize(Math.max(2, config.workerThreads())).setQueueLimit(-1));
            }
            WebSocketWatches ws = WebSocketWatches.install(server, watches);
            server.start();
            NetworkListener listener = server.getListeners().iterator().next();
            WebSocketStreams podStreams = new WebSocketStreams(registry, kubelets, streamThreads, listener.getPort())
                    .register();
            return new ApiServer(server, watches, ws.bind(listener.getPort()), podStreams, streamThreads,
                    listener.getPort());
        } finally {
            current.setContextClassLoader(previous);
        }
    }

    /** The port actually bound (useful with port 0). */
    public int port() {
        return port;
    }

    @Override
    public void close() {
        webSockets.unregister();
        podStreams.unregister();
        watches.close();
        server.shutdownNow();
        streamThreads.close();
    }
}
