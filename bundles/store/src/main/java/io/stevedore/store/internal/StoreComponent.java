package io.stevedore.store.internal;

import io.stevedore.api.store.Store;
import org.osgi.annotation.bundle.Capability;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts the Hazelcast store member with the configuration of PID {@code io.stevedore.store} and registers it as
 * the {@link Store} service once it serves (start-up may wait for {@code minClusterSize} members, so it runs off
 * the activation thread). A configuration change restarts the member (watches end with UNAVAILABLE and clients
 * re-watch, as after an API server restart).
 */
@Component(service = {}, immediate = true, configurationPid = StoreComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = StoreComponent.Config.class)
@Capability(namespace = "osgi.service", attribute = "objectClass:List<String>=io.stevedore.api.store.Store")
public class StoreComponent {

    static final String PID = "io.stevedore.store";

    /** The store's settings; see {@code io.stevedore.store.cfg}. */
    @ObjectClassDefinition(name = "Stevedore store", description = "etcd's contract on an embedded Hazelcast grid")
    public @interface Config {
        @AttributeDefinition(description = "Hazelcast cluster name; members with the same name join one grid")
        String clusterName() default "stevedore";

        @AttributeDefinition(description = "Address the member binds to")
        String bindAddress() default "127.0.0.1";

        @AttributeDefinition(description = "First port tried (auto-incremented when taken)")
        int port() default 5701;

        @AttributeDefinition(description = "Comma-separated host:port of members to join; empty for standalone")
        String members() default "";

        @AttributeDefinition(description = "Revisions kept for watches (the watch window)")
        int watchWindow() default 20_000;

        @AttributeDefinition(description = "Directory of the WAL and snapshots; relative to karaf.data")
        String dataDir() default "stevedore/store";

        @AttributeDefinition(description = "Writes between internal snapshots")
        int snapshotEvery() default 50_000;

        @AttributeDefinition(description = "Members needed to accept writes (split-brain protection)")
        int minClusterSize() default 1;
    }

    private static final Logger LOG = LoggerFactory.getLogger(StoreComponent.class);

    private final BundleContext context;
    private final ExecutorService starter = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "stevedore-store-start");
        t.setDaemon(true);
        return t;
    });
    private HazelcastStore store;
    private ServiceRegistration<Store> registration;
    private boolean stopped;

    @Activate
    public StoreComponent(BundleContext context, Config config) {
        this.context = context;
        startAsync(config);
    }

    @Modified
    void modified(Config config) {
        starter.execute(this::stop);
        startAsync(config);
    }

    @Deactivate
    void deactivate() {
        synchronized (this) {
            stopped = true;
        }
        starter.execute(this::stop);
        starter.shutdown();
        try {
            if (!starter.awaitTermination(3, TimeUnit.MINUTES)) {
                LOG.warn("The store did not stop in time");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void startAsync(Config config) {
        starter.execute(() -> {
            try {
                start(config);
            } catch (IOException | RuntimeException e) {
                LOG.error("The Stevedore store did not start", e);
            }
        });
    }

    private void start(Config config) throws IOException {
        HazelcastStore started = HazelcastStore.start(toStoreConfig(config));
        synchronized (this) {
            if (stopped) {
                started.close();
                return;
            }
            store = started;
            Dictionary<String, Object> props = new Hashtable<>();
            props.put("store.engine", "hazelcast");
            registration = context.registerService(Store.class, store, props);
        }
    }

    private synchronized void stop() {
        if (registration != null) {
            try {
                registration.unregister();
            } catch (IllegalStateException ignored) {
                // bundle stopping
            }
            registration = null;
        }
        if (store != null) {
            store.close();
            store = null;
        }
    }

    static StoreConfig toStoreConfig(Config c) throws IOException {
        List<String> members = Arrays.stream(c.members().split(","))
                .map(String::trim).filter(s -> !s.isEmpty()).toList();
        return new StoreConfig(c.clusterName(), c.bindAddress(), c.port(), members, c.watchWindow(),
                resolveDataDir(c.dataDir()), c.snapshotEvery(), c.minClusterSize());
    }

    /** A relative data directory lies under {@code karaf.data}, or under a temporary directory outside Karaf. */
    static Path resolveDataDir(String dataDir) throws IOException {
        Path p = Path.of(dataDir);
        if (p.isAbsolute()) {
            return p;
        }
        String karafData = System.getProperty("karaf.data");
        Path base = karafData != null ? Path.of(karafData) : Files.createTempDirectory("stevedore-store");
        return base.resolve(p);
    }
}
