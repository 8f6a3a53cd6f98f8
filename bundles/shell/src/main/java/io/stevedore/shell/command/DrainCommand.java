package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.KubeObjects;
import io.stevedore.shell.internal.TrailingFlags;
import io.stevedore.shell.internal.Workloads;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kube:drain NODE}: cordon the node, then delete its pods as kubectl drain does, refusing
 * (unless told otherwise) pods no controller would recreate, pods with emptyDir data, and
 * DaemonSet pods; waits, bounded by {@code --timeout}, until they are gone.
 */
@Service
@Command(scope = "kube", name = "drain", description = "Drain a node in preparation for maintenance")
public class DrainCommand extends ResourceCommand {

    @Argument(index = 0, name = "node", required = true, description = "Node name")
    @Completion(NameCompleter.class)
    String node;

    @Argument(index = 1, name = "flags", multiValued = true, description = "Flags, also accepted after the node")
    List<String> flags;

    @Option(name = "--force", description = "Also delete pods that no controller manages")
    boolean force;

    @Option(name = "--ignore-daemonsets", description = "Leave DaemonSet-managed pods")
    boolean ignoreDaemonSets;

    @Option(name = "--delete-emptydir-data", description = "Also delete pods with emptyDir volumes (their data goes)")
    boolean deleteEmptyDirData;

    @Option(name = "--grace-period", description = "Seconds each pod gets to stop (default: the pod's own)")
    long gracePeriod = -1;

    @Option(name = "--timeout", description = "How long to wait for the pods to go, e.g. 60s (default 5m)")
    String timeout = "5m";

    /** How often the wait looks. */
    Duration pollInterval = Duration.ofMillis(500);

    @Override
    void execute(PrintStream out) {
        new TrailingFlags().flag(() -> force = true, "--force")
                .flag(() -> ignoreDaemonSets = true, "--ignore-daemonsets")
                .flag(() -> deleteEmptyDirData = true, "--delete-emptydir-data")
                .value(v -> gracePeriod = Long.parseLong(v), "--grace-period")
                .value(v -> timeout = v, "--timeout")
                .parse(flags);
        out.println(SchedulingCommand.setUnschedulable(this, node, true));
        List<ObjectNode> pods = new ArrayList<>();
        for (ObjectNode p : Workloads.list(registry, ResourceTypes.PODS, null)) {
            if (node.equals(p.path("spec").path("nodeName").asString(""))) {
                pods.add(p);
            }
        }
        List<ObjectNode> victims = new ArrayList<>();
        List<String> unmanaged = new ArrayList<>();
        List<String> localData = new ArrayList<>();
        List<String> daemons = new ArrayList<>();
        for (ObjectNode p : pods) {
            String id = KubeObjects.namespace(p) + "/" + KubeObjects.name(p);
            String phase = p.path("status").path("phase").asString("");
            if (p.path("metadata").path("annotations").has("kubernetes.io/config.mirror")) {
                continue;
            }
            if ("Succeeded".equals(phase) || "Failed".equals(phase)) {
                victims.add(p);
                continue;
            }
            String controllerKind = controllerKind(p);
            if ("DaemonSet".equals(controllerKind)) {
                daemons.add(id);
                continue;
            }
            if (controllerKind == null && !force) {
                unmanaged.add(id);
                continue;
            }
            if (hasEmptyDir(p) && !deleteEmptyDirData) {
                localData.add(id);
                continue;
            }
            victims.add(p);
        }
        List<String> errors = new ArrayList<>();
        if (!unmanaged.isEmpty()) {
            errors.add("cannot delete Pods that declare no controller (use --force to override): "
                    + String.join(", ", unmanaged));
        }
        if (!localData.isEmpty()) {
            errors.add("cannot delete Pods with local storage (use --delete-emptydir-data to override): "
                    + String.join(", ", localData));
        }
        if (!daemons.isEmpty() && !ignoreDaemonSets) {
            errors.add("cannot delete DaemonSet-managed Pods (use --ignore-daemonsets to ignore): "
                    + String.join(", ", daemons));
        }
        if (!errors.isEmpty()) {
            throw CommandError.client("unable to drain node \"" + node + "\" due to error: cannot delete "
                    + "pods, continuing command...\nThere are pending nodes to be drained:\n " + node + "\n"
                    + String.join("\n", errors));
        }
        if (!daemons.isEmpty()) {
            out.println("Warning: ignoring DaemonSet-managed Pods: " + String.join(", ", daemons));
        }
        for (ObjectNode p : victims) {
            out.println("evicting pod " + KubeObjects.namespace(p) + "/" + KubeObjects.name(p));
            try {
                registry.delete(ResourceTypes.PODS, KubeObjects.namespace(p), KubeObjects.name(p), new DeleteOptions(
                        gracePeriod >= 0 ? gracePeriod : null, null, p.path("metadata").path("uid").asString(null),
                        null, false));
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw CommandError.of(e);
                }
            }
        }
        Instant deadline = Instant.now().plus(RolloutCommand.parseDuration(timeout));
        for (ObjectNode p : victims) {
            while (exists(p)) {
                if (Instant.now().isAfter(deadline)) {
                    throw CommandError.client("error when waiting for pod \"" + KubeObjects.name(p)
                            + "\" in namespace \"" + KubeObjects.namespace(p) + "\" to terminate: global timeout "
                            + "reached: " + timeout);
                }
                try {
                    Thread.sleep(pollInterval.toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw CommandError.client("interrupted");
                }
            }
            out.println("pod/" + KubeObjects.name(p) + " evicted");
        }
        out.println("node/" + node + " drained");
    }

    private boolean exists(ObjectNode p) {
        try {
            ObjectNode now = registry.get(ResourceTypes.PODS, KubeObjects.namespace(p), KubeObjects.name(p), null);
            return now.path("metadata").path("uid").asString("").equals(p.path("metadata").path("uid").asString(""));
        } catch (ApiException e) {
            return false;
        }
    }

    private static String controllerKind(JsonNode pod) {
        for (JsonNode ref : pod.path("metadata").path("ownerReferences")) {
            if (ref.path("controller").asBoolean(false)) {
                return ref.path("kind").asString("");
            }
        }
        return null;
    }

    private static boolean hasEmptyDir(JsonNode pod) {
        for (JsonNode v : pod.path("spec").path("volumes")) {
            if (v.has("emptyDir")) {
                return true;
            }
        }
        return false;
    }
}
