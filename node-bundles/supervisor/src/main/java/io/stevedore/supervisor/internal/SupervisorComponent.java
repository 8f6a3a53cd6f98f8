package io.stevedore.supervisor.internal;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeCondition;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.runtime.KubeletHealth;
import io.stevedore.api.runtime.RuntimeProvider;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.ConfigurationPolicy;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Modified;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The supervisor in Karaf: watches the kubelets and runtimes of this JVM every few seconds. */
@Component(service = {}, immediate = true, configurationPid = SupervisorComponent.PID,
        configurationPolicy = ConfigurationPolicy.OPTIONAL)
@Designate(ocd = SupervisorComponent.Config.class)
public class SupervisorComponent {

    static final String PID = "io.stevedore.supervisor";
    private static final JsonMapper JSON = new JsonMapper();

    @ObjectClassDefinition(name = "Stevedore supervisor", description = "Watches the kubelet and the container runtime")
    public @interface Config {
        @AttributeDefinition(description = "Seconds between checks")
        int checkSeconds() default 10;

        @AttributeDefinition(description = "Seconds the kubelet's pod lifecycle loop may stall before it is restarted")
        int stallSeconds() default 60;

        @AttributeDefinition(description = "Seconds between two restarts of the kubelet")
        int restartBackOffSeconds() default 300;
    }

    private final List<KubeletHealth> kubelets = new CopyOnWriteArrayList<>();
    private final List<RuntimeProvider> providers = new CopyOnWriteArrayList<>();
    private final KubeClient client;
    private final Supervisor supervisor;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "stevedore-supervisor");
        t.setDaemon(true);
        return t;
    });
    private volatile java.util.concurrent.ScheduledFuture<?> task;

    @Activate
    public SupervisorComponent(@Reference KubeClient client, Config config) {
        this.client = client;
        this.supervisor = new Supervisor(() -> List.copyOf(kubelets), this::provider, this::writeCondition,
                Clock.systemUTC(), settings(config));
        schedule(config);
    }

    private static Supervisor.Settings settings(Config c) {
        return new Supervisor.Settings(Duration.ofSeconds(Math.max(1, c.stallSeconds())),
                Duration.ofSeconds(Math.max(1, c.restartBackOffSeconds())));
    }

    private synchronized void schedule(Config c) {
        if (task != null) {
            task.cancel(false);
        }
        long period = Math.max(1, c.checkSeconds());
        task = timer.scheduleWithFixedDelay(supervisor::check, period, period, TimeUnit.SECONDS);
    }

    @Modified
    void modified(Config c) {
        supervisor.configure(settings(c));
        schedule(c);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeKubelet")
    void addKubelet(KubeletHealth k) {
        kubelets.add(k);
    }

    void removeKubelet(KubeletHealth k) {
        kubelets.remove(k);
    }

    @Reference(cardinality = ReferenceCardinality.MULTIPLE, policy = ReferencePolicy.DYNAMIC, unbind = "removeProvider")
    void addProvider(RuntimeProvider p) {
        providers.add(p);
    }

    void removeProvider(RuntimeProvider p) {
        providers.remove(p);
    }

    private Optional<RuntimeProvider> provider(String name) {
        return providers.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** A strategic-merge PATCH of one condition (conditions merge by type: the kubelet's stay). */
    private void writeCondition(String node, String type, boolean status, String reason, String message) {
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        String since = now;
        Node current = client.resources(Node.class).get(node).orElse(null);
        if (current == null) {
            return;
        }
        if (current.getStatus() != null && current.getStatus().getConditions() != null) {
            for (NodeCondition c : current.getStatus().getConditions()) {
                if (type.equals(c.getType()) && (status ? "True" : "False").equals(c.getStatus())
                        && c.getLastTransitionTime() != null) {
                    since = c.getLastTransitionTime();
                }
            }
        }
        ObjectNode cond = JSON.createObjectNode().put("type", type).put("status", status ? "True" : "False")
                .put("reason", reason).put("message", message).put("lastHeartbeatTime", now)
                .put("lastTransitionTime", since);
        ObjectNode patch = JSON.createObjectNode();
        patch.putObject("status").putArray("conditions").add(cond);
        try {
            client.resources(Node.class).patchStatus(node, PatchType.STRATEGIC_MERGE, patch.toString());
        } catch (ApiException e) {
            if (e.code() != 404) {
                throw e;
            }
        }
    }

    @Deactivate
    void deactivate() {
        timer.shutdownNow();
    }
}
