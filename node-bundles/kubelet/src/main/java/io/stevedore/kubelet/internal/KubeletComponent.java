package io.stevedore.kubelet.internal;

import io.stevedore.api.client.KubeClient;
import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.KubeletHealth;
import io.stevedore.api.runtime.KubeletStreams;
import io.stevedore.api.runtime.RuntimeProvider;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.NetworkInterface;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Dictionary;
import java.util.Hashtable;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The kubelet in Karaf: chooses its runtime by capability (Docker when an engine answers, else the
 * process runtime, with a warning), starts the {@link Kubelet} and registers its streams for the
 * API server. A change of configuration restarts it; its containers keep running and are adopted.
 */
@Component(service = {}, immediate = true, configurationPid = KubeletComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = KubeletComponent.Config.class)
public class KubeletComponent {

    static final String PID = "io.stevedore.kubelet";
    private static final Logger LOG = LoggerFactory.getLogger(KubeletComponent.class);

    @ObjectClassDefinition(name = "Stevedore kubelet", description = "Runs the pods bound to this node")
    public @interface Config {
        @AttributeDefinition(description = "Whether this JVM runs a kubelet")
        boolean enabled() default true;

        @AttributeDefinition(description = "The node's name; empty: this machine's host name")
        String nodeName() default "";

        @AttributeDefinition(description = "The node's InternalIP; empty: this machine's first non-loopback IPv4")
        String nodeIp() default "";

        @AttributeDefinition(description = "auto (Docker when an engine answers, else process), docker or process")
        String runtime() default "auto";

        @AttributeDefinition(description = "Where pods' volumes and runtime state live; empty: data/stevedore/kubelet")
        String dataDir() default "";

        @AttributeDefinition(description = "Pods this node accepts")
        int maxPods() default 110;

        @AttributeDefinition(description = "Seconds between Lease renewals")
        int leaseRenewSeconds() default 10;

        @AttributeDefinition(description = "The Lease's duration in seconds")
        int leaseDurationSeconds() default 40;

        @AttributeDefinition(description = "Seconds between node status checks (written when changed)")
        int nodeStatusUpdateSeconds() default 10;

        @AttributeDefinition(description = "Seconds after which node status is written even unchanged")
        int nodeStatusReportSeconds() default 300;

        @AttributeDefinition(description = "Pod sync workers")
        int workers() default 16;
    }

    private final KubeClient client;
    private final List<RuntimeProvider> providers;
    private final BundleContext context;
    private final Config config;
    private Kubelet kubelet;
    private ServiceRegistration<KubeletStreams> registration;
    private ServiceRegistration<KubeletHealth> health;

    @Activate
    public KubeletComponent(@Reference KubeClient client,
                            @Reference(cardinality = ReferenceCardinality.AT_LEAST_ONE,
                                    policyOption = ReferencePolicyOption.GREEDY) List<RuntimeProvider> providers,
                            BundleContext context, Config config) throws InterruptedException {
        this.client = client;
        this.providers = providers;
        this.context = context;
        this.config = config;
        if (!config.enabled()) {
            LOG.info("kubelet disabled by configuration");
            return;
        }
        start();
    }

    private synchronized void start() throws InterruptedException {
        Kubelet.Settings settings = settings(config, dataDir(config, context));
        ContainerRuntime runtime = choose(config.runtime(), providers, settings);
        Kubelet k = new Kubelet(client, runtime, settings, Clock.systemUTC());
        kubelet = k;
        k.start();
        Dictionary<String, Object> props = new Hashtable<>();
        props.put(KubeletStreams.NODE_PROPERTY, settings.nodeName());
        registration = context.registerService(KubeletStreams.class, new Streams(k), props);
        health = context.registerService(KubeletHealth.class, new KubeletHealth() {
            @Override
            public String nodeName() {
                return k.nodeName();
            }

            @Override
            public String runtimeName() {
                return k.runtime().name();
            }

            @Override
            public java.time.Instant lastRelist() {
                return k.lastRelist();
            }

            @Override
            public void restart() {
                KubeletComponent.this.restart(k);
            }
        }, props);
    }

    /** Replaces the kubelet (if it is still the one asked about) with a fresh one. */
    synchronized void restart(Kubelet which) {
        if (kubelet != which) {
            return;
        }
        LOG.warn("kubelet {}: restarting", which.nodeName());
        stop();
        try {
            start();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (RuntimeException e) {
            LOG.error("kubelet {}: restart failed", which.nodeName(), e);
        }
    }

    private static Path dataDir(Config c, BundleContext context) {
        if (!c.dataDir().isBlank()) {
            return Path.of(c.dataDir().trim());
        }
        String karafData = context == null ? null : context.getProperty("karaf.data");
        return Path.of(karafData == null ? "data" : karafData, "stevedore", "kubelet");
    }

    static Kubelet.Settings settings(Config c, Path dataDir) {
        String name = c.nodeName().isBlank() ? hostName() : c.nodeName().trim();
        String ip = c.nodeIp().isBlank() ? hostIp() : c.nodeIp().trim();
        Path memory = Path.of("/dev/shm").toFile().isDirectory()
                ? Path.of("/dev/shm", "stevedore-" + name) : dataDir.resolve("memory");
        return new Kubelet.Settings(name, ip, dataDir, memory, c.maxPods(),
                Duration.ofSeconds(Math.max(1, c.leaseRenewSeconds())), Math.max(1, c.leaseDurationSeconds()),
                Duration.ofSeconds(Math.max(1, c.nodeStatusUpdateSeconds())),
                Duration.ofSeconds(Math.max(1, c.nodeStatusReportSeconds())), Duration.ofSeconds(1),
                Math.max(1, c.workers()), Map.of());
    }

    /** The configured runtime, or on auto the highest-ranked one that can run here. */
    static ContainerRuntime choose(String wanted, List<RuntimeProvider> providers, Kubelet.Settings s) {
        String w = wanted == null || wanted.isBlank() ? "auto" : wanted.trim().toLowerCase(Locale.ROOT);
        RuntimeProvider.Context ctx = new RuntimeProvider.Context(s.nodeName(), s.dataDir().resolve("runtime"));
        List<RuntimeProvider> sorted = providers.stream().sorted(Comparator.comparingInt(RuntimeProvider::rank)
                .reversed()).toList();
        StringBuilder why = new StringBuilder();
        for (RuntimeProvider p : sorted) {
            if (!w.equals("auto") && !w.equals(p.name())) {
                continue;
            }
            Optional<String> no = p.unavailable();
            if (no.isEmpty()) {
                ContainerRuntime r = p.open(ctx);
                if (!why.isEmpty()) {
                    LOG.warn("kubelet {}: using the {} runtime: {}", s.nodeName(), p.name(), why);
                }
                r.warning().ifPresent(x -> LOG.warn("kubelet {}: {}", s.nodeName(), x));
                return r;
            }
            why.append(p.name()).append(": ").append(no.get()).append("; ");
        }
        throw new IllegalStateException("kubelet " + s.nodeName() + ": no container runtime "
                + (w.equals("auto") ? "" : "named " + w + " ") + "can run here: " + why);
    }

    static String hostName() {
        String h;
        try {
            h = InetAddress.getLocalHost().getHostName();
        } catch (Exception e) {
            h = System.getenv().getOrDefault("HOSTNAME", "localhost");
        }
        String n = h.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9.-]", "-").replaceAll("^[^a-z0-9]+|[^a-z0-9]+$", "");
        return n.isEmpty() ? "localhost" : n;
    }

    static String hostIp() {
        try {
            var ifs = NetworkInterface.getNetworkInterfaces();
            while (ifs.hasMoreElements()) {
                NetworkInterface nif = ifs.nextElement();
                if (!nif.isUp() || nif.isLoopback() || nif.getName().startsWith("br-") || nif.getName().startsWith("veth")
                        || nif.getName().startsWith("docker")) {
                    continue;
                }
                var addrs = nif.getInetAddresses();
                while (addrs.hasMoreElements()) {
                    InetAddress a = addrs.nextElement();
                    if (a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress()) {
                        return a.getHostAddress();
                    }
                }
            }
        } catch (Exception e) {
            // fall back
        }
        return "127.0.0.1";
    }

    @Deactivate
    synchronized void stop() {
        for (ServiceRegistration<?> r : java.util.Arrays.asList(health, registration)) {
            if (r != null) {
                try {
                    r.unregister();
                } catch (IllegalStateException e) {
                    // already gone with the bundle
                }
            }
        }
        health = null;
        registration = null;
        if (kubelet != null) {
            kubelet.close();
            kubelet = null;
        }
    }
}
