package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Endpoints;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.coordination.v1.Lease;
import io.fabric8.kubernetes.api.model.discovery.v1.EndpointSlice;
import io.stevedore.api.client.EventRecorder;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The controllers of one controller manager over one shared informer factory: built, caches synced,
 * then their workers started; closed in reverse. Which controllers run follows Kubernetes'
 * {@code --controllers} syntax ({@code *}, {@code name}, {@code -name}).
 */
public final class ControllerManager implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(ControllerManager.class);

    /** Kinds the garbage collector follows (every served kind that owns or is owned in practice). */
    static final List<Class<? extends HasMetadata>> GC_KINDS = List.of(Pod.class, ReplicaSet.class,
            Deployment.class, ReplicationController.class, Service.class, Endpoints.class, EndpointSlice.class,
            ConfigMap.class, Secret.class, ServiceAccount.class, PersistentVolumeClaim.class,
            PersistentVolume.class, Lease.class, Node.class, Namespace.class);

    /** Every served kind with its model class: what the namespace controller empties a namespace of. */
    static final List<Class<? extends HasMetadata>> ALL_KINDS = java.util.stream.Stream.concat(GC_KINDS.stream(),
            java.util.stream.Stream.of(io.fabric8.kubernetes.api.model.Event.class,
                    io.fabric8.kubernetes.api.model.scheduling.v1.PriorityClass.class)).toList();

    static final List<String> ALL = List.of("replicaset", "replicationcontroller", "deployment", "garbagecollector",
            "nodelifecycle", "taint-eviction-controller", "nodeipam", "podgc", "endpoint", "endpointslice",
            "serviceaccount", "namespace");

    /**
     * Worker counts per controller ({@code --concurrent-*-syncs}) and the node settings
     * ({@code --node-monitor-period}, {@code --node-monitor-grace-period}, {@code --cluster-cidr},
     * {@code --node-cidr-mask-size}, {@code --terminated-pod-gc-threshold}).
     */
    public record Settings(Set<String> enabled, int replicaSetWorkers, int deploymentWorkers, int gcWorkers,
                           Duration nodeMonitorPeriod, Duration nodeMonitorGracePeriod, String clusterCidr,
                           int nodeCidrMaskSize, int terminatedPodGcThreshold) {

        /** Kubernetes' defaults for everything, with these controllers. */
        public static Settings defaults(Set<String> enabled) {
            return new Settings(enabled, 5, 5, 20, Duration.ofSeconds(5), Duration.ofSeconds(50), "10.244.0.0/16", 24,
                    12500);
        }
    }

    private final InformerFactory informers;
    /** A controller and its worker count. */
    private record Started(Controller controller, int workers) {
    }

    private final List<Started> controllers = new ArrayList<>();

    public ControllerManager(KubeClient client, Settings settings, String instance, Clock clock) {
        this.informers = client.newInformerFactory();
        if (settings.enabled().contains("replicaset")) {
            var c = new ReplicaSetController<>(client, ReplicaKind.REPLICA_SETS, informers,
                    new EventRecorder(client, "replicaset-controller", instance, clock), clock);
            add(c, settings.replicaSetWorkers());
        }
        if (settings.enabled().contains("replicationcontroller")) {
            var c = new ReplicaSetController<>(client, ReplicaKind.REPLICATION_CONTROLLERS, informers,
                    new EventRecorder(client, "replication-controller", instance, clock), clock);
            add(c, settings.replicaSetWorkers());
        }
        if (settings.enabled().contains("deployment")) {
            var c = new DeploymentController(client, informers,
                    new EventRecorder(client, DeploymentController.COMPONENT, instance, clock), clock);
            add(c, settings.deploymentWorkers());
        }
        if (settings.enabled().contains("nodelifecycle")) {
            var c = new NodeLifecycleController(client, informers, new NodeLifecycleController.Settings(
                    settings.nodeMonitorPeriod(), settings.nodeMonitorGracePeriod()),
                    new EventRecorder(client, NodeLifecycleController.COMPONENT, instance, clock), clock);
            add(c, 2);
        }
        if (settings.enabled().contains("taint-eviction-controller")) {
            var c = new TaintEvictionController(client, informers,
                    new EventRecorder(client, TaintEvictionController.COMPONENT, instance, clock), clock);
            add(c, 2);
        }
        if (settings.enabled().contains("nodeipam")) {
            var c = new NodeIpamController(client, informers, NodeIpamController.Cidrs.parse(settings.clusterCidr(),
                    settings.nodeCidrMaskSize()), new EventRecorder(client, "cidrAllocator", instance, clock));
            add(c, 1);
        }
        if (settings.enabled().contains("podgc")) {
            var c = new PodGarbageCollector(client, informers, settings.terminatedPodGcThreshold(),
                    Duration.ofSeconds(20));
            add(c, 1);
        }
        if (settings.enabled().contains("endpoint")) {
            var c = new EndpointsController(client, informers,
                    new EventRecorder(client, EndpointsController.COMPONENT, instance, clock));
            add(c, 5);
        }
        if (settings.enabled().contains("endpointslice")) {
            var c = new EndpointSliceController(client, informers);
            add(c, 5);
        }
        if (settings.enabled().contains("serviceaccount")) {
            var c = new ServiceAccountController(client, informers);
            add(c, 1);
        }
        if (settings.enabled().contains("namespace")) {
            var c = new NamespaceController(client, informers, ALL_KINDS, clock);
            add(c, 2);
        }
        if (settings.enabled().contains("garbagecollector")) {
            var c = new GarbageCollector(client, informers, GC_KINDS, clock);
            add(c, settings.gcWorkers());
        }
    }

    private void add(Controller controller, int workers) {
        controllers.add(new Started(controller, workers));
    }

    /** Which controllers {@code spec} enables, e.g. {@code *}, {@code *,-garbagecollector}. */
    public static Set<String> enabled(String spec) {
        Set<String> out = new java.util.LinkedHashSet<>();
        Set<String> excluded = new java.util.HashSet<>();
        for (String part : (spec == null || spec.isBlank() ? "*" : spec).split(",")) {
            String p = part.trim();
            String name = p.startsWith("-") ? p.substring(1) : p;
            if (p.isEmpty() || p.equals("*")) {
                out.addAll(p.isEmpty() ? List.of() : ALL);
                continue;
            }
            if (!ALL.contains(name)) {
                throw new IllegalArgumentException("unknown controller \"" + name + "\"; known: " + ALL);
            }
            (p.startsWith("-") ? excluded : out).add(name);
        }
        out.removeAll(excluded);
        return out;
    }

    /** Starts the informers, waits (bounded) for their caches, then starts every controller's workers. */
    public void start(Duration syncTimeout) throws InterruptedException {
        informers.startAllRegisteredInformers();
        if (!informers.waitForCacheSync(syncTimeout)) {
            LOG.warn("controller manager: caches not synced after {}; starting anyway", syncTimeout);
        }
        controllers.forEach(c -> c.controller().start(c.workers()));
    }

    @Override
    public void close() {
        for (int i = controllers.size() - 1; i >= 0; i--) {
            controllers.get(i).controller().close();
        }
        informers.stopAllRegisteredInformers();
    }
}
