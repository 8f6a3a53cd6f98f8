package io.stevedore.apiserver.internal.testing;

import io.stevedore.apiserver.internal.http.ApiServer;
import io.stevedore.apiserver.internal.http.ApiServerConfig;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.streams.Kubelets;
import java.time.Clock;

/** Starts the API server on a memory store and a free port. */
public final class TestServer implements AutoCloseable {
    public final MemoryStore store;
    public final StoreRegistry registry;
    public final ApiServer server;
    /** The kubelets pod streams go to: add a fake one for a node to serve log, exec, attach and portforward. */
    public final Kubelets kubelets = new Kubelets();

    public TestServer() throws Exception {
        store = new MemoryStore();
        registry = new StoreRegistry(store, Clock.systemUTC(), io.stevedore.apiserver.internal.registry.Patchers.create());
        registry.start();
        server = ApiServer.start(registry, kubelets, ApiServerConfig.defaults().withPort(0), () -> true);
    }

    public String url() {
        return "http://127.0.0.1:" + server.port();
    }

    @Override
    public void close() {
        server.close();
        registry.close();
    }

    /** Runs a server on a memory store until killed: for poking at it with kubectl by hand. */
    public static void main(String[] args) throws Exception {
        try (TestServer s = new TestServer()) {
            System.out.println(s.url());
            Thread.sleep(Long.parseLong(args.length > 0 ? args[0] : "600") * 1000);
        }
    }
}
