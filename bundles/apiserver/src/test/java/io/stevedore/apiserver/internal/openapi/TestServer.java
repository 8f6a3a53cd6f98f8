package io.stevedore.apiserver.internal.openapi;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import java.net.URI;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.glassfish.grizzly.http.server.HttpServer;
import org.glassfish.jersey.grizzly2.httpserver.GrizzlyHttpServerFactory;
import org.glassfish.jersey.server.ResourceConfig;

/** A Grizzly + Jersey server on a free loopback port, recording every request line it sees. */
final class TestServer implements AutoCloseable {

    private final HttpServer server;
    private final List<String> requests = new CopyOnWriteArrayList<>();

    TestServer(Object... resources) {
        ResourceConfig config = new ResourceConfig();
        for (Object r : resources) {
            if (r instanceof Class<?> c) {
                config.register(c);
            } else {
                config.register(r);
            }
        }
        config.register(new Recorder());
        server = GrizzlyHttpServerFactory.createHttpServer(URI.create("http://127.0.0.1:0/"), config, true);
    }

    /** Records each request before it is matched. */
    @jakarta.ws.rs.container.PreMatching
    private final class Recorder implements ContainerRequestFilter {
        @Override
        public void filter(ContainerRequestContext c) {
            record(c);
        }
    }

    private void record(ContainerRequestContext c) {
        requests.add(c.getMethod() + " " + c.getUriInfo().getRequestUri().getRawPath()
                + (c.getUriInfo().getRequestUri().getRawQuery() == null ? "" : "?" + c.getUriInfo().getRequestUri().getRawQuery())
                + " Accept=" + c.getHeaderString("Accept"));
    }

    int port() {
        return server.getListener("grizzly").getPort();
    }

    String base() {
        return "http://127.0.0.1:" + port();
    }

    /** Request lines: "METHOD /path?query Accept=...". */
    List<String> requests() {
        return requests;
    }

    @Override
    public void close() {
        server.shutdownNow();
    }
}
