package io.stevedore.shell.command;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.SemanticJson;
import io.stevedore.api.registry.PatchType;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.KubeObjects;
import io.stevedore.shell.internal.ResourceArgs;
import io.stevedore.shell.internal.TrailingFlags;
import io.stevedore.shell.internal.Workloads;
import java.io.PrintStream;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** {@code kube:rollout status|history|undo|pause|resume|restart deployment/NAME}, as kubectl rollout. */
@Service
@Command(scope = "kube", name = "rollout", description = "Manage the rollout of a deployment")
public class RolloutCommand extends ResourceCommand {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    /** Annotations kubectl keeps from the deployment rather than the ReplicaSet on undo. */
    private static final Set<String> SKIP_ON_UNDO = Set.of("kubectl.kubernetes.io/last-applied-configuration",
            Workloads.REVISION, "deployment.kubernetes.io/revision-history", "deployment.kubernetes.io/desired-replicas",
            "deployment.kubernetes.io/max-replicas", "deprecated.deployment.rollback.to");

    @Argument(index = 0, name = "subcommand", required = true,
            description = "status, history, undo, pause, resume or restart")
    @Completion(value = StringsCompleter.class, values = {"status", "history", "undo", "pause", "resume", "restart"})
    String subcommand;

    @Argument(index = 1, name = "resource", required = true, description = "deployment/NAME, or a kind then NAME")
    @Completion(NameCompleter.class)
    String resource;

    @Argument(index = 2, name = "more", multiValued = true, description = "The name, when the kind came alone")
    List<String> more;

    @Option(name = "--to-revision", description = "undo: the revision to roll back to (0: the previous one)")
    long toRevision;

    @Option(name = "--timeout", description = "status: how long to wait, e.g. 90s, 5m (default 10m)")
    String timeout = "10m";

    @Option(name = "--watch", aliases = "-w", description = "status: wait for the rollout to finish (default true)")
    String watch = "true";

    /** How long status sleeps between looks. */
    Duration pollInterval = Duration.ofMillis(500);

    @Override
    void execute(PrintStream out) {
        List<String> rest = new TrailingFlags()
                .value(v -> namespace = v, "-n", "--namespace")
                .value(v -> toRevision = Long.parseLong(v), "--to-revision")
                .value(v -> timeout = v, "--timeout")
                .value(v -> watch = v, "--watch", "-w")
                .parse(more);
        String name;
        ResourceType type;
        if (resource.contains("/")) {
            type = ResourceArgs.resolveOne(resource.substring(0, resource.indexOf('/')));
            name = resource.substring(resource.indexOf('/') + 1);
        } else {
            type = ResourceArgs.resolveOne(resource);
            if (rest.isEmpty()) {
                throw CommandError.client("required resource name not specified");
            }
            name = rest.get(0);
        }
        if (type != ResourceTypes.DEPLOYMENTS) {
            throw CommandError.client("no " + subcommand + " has been implemented for " + type.qualifiedKind());
        }
        String ns = namespaceOrDefault();
        String ref = KubeObjects.ref(type, name);
        switch (subcommand) {
            case "status" -> status(out, ns, name);
            case "history" -> history(out, ns, name, ref);
            case "undo" -> undo(out, ns, name, ref);
            case "pause" -> setPaused(out, ns, name, ref, true);
            case "resume" -> setPaused(out, ns, name, ref, false);
            case "restart" -> restart(out, ns, name, ref);
            default -> throw CommandError.client("unknown command \"" + subcommand + "\" for \"kube:rollout\"");
        }
    }

    private ObjectNode deployment(String ns, String name) {
        return Workloads.get(registry, ResourceTypes.DEPLOYMENTS, ns, name);
    }

    /** kubectl's DeploymentStatusViewer: the message, and whether the rollout is done. */
    static String statusMessage(JsonNode d) {
        String name = KubeObjects.name(d);
        JsonNode st = d.path("status");
        if (d.path("metadata").path("generation").asLong(0) > st.path("observedGeneration").asLong(0)) {
            return "Waiting for deployment spec update to be observed...";
        }
        for (JsonNode c : st.path("conditions")) {
            if ("Progressing".equals(c.path("type").asString("")) && "ProgressDeadlineExceeded".equals(
                    c.path("reason").asString(""))) {
                throw CommandError.client("deployment \"" + name + "\" exceeded its progress deadline");
            }
        }
        long replicas = d.path("spec").path("replicas").asLong(1);
        long updated = st.path("updatedReplicas").asLong(0);
        long current = st.path("replicas").asLong(0);
        long available = st.path("availableReplicas").asLong(0);
        if (updated < replicas) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + updated + " out of " + replicas
                    + " new replicas have been updated...";
        }
        if (current > updated) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + (current - updated)
                    + " old replicas are pending termination...";
        }
        if (available < updated) {
            return "Waiting for deployment \"" + name + "\" rollout to finish: " + available + " of " + updated
                    + " updated replicas are available...";
        }
        return "deployment \"" + name + "\" successfully rolled out";
    }

    private void status(PrintStream out, String ns, String name) {
        Duration limit = parseDuration(timeout);
        Instant deadline = Instant.now().plus(limit);
        String last = null;
        while (true) {
            String message = statusMessage(deployment(ns, name));
            if (!message.equals(last)) {
                out.println(message);
                last = message;
            }
            if (message.endsWith("successfully rolled out") || !Boolean.parseBoolean(watch)) {
                return;
            }
            if (Instant.now().isAfter(deadline)) {
                throw CommandError.client("timed out waiting for the condition");
            }
            try {
                Thread.sleep(pollInterval.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CommandError.client("interrupted");
            }
        }
    }

    static Duration parseDuration(String s) {
        String v = s.trim();
        try {
            if (v.endsWith("ms")) {
                return Duration.ofMillis(Long.parseLong(v.substring(0, v.length() - 2)));
            }
            char unit = v.charAt(v.length() - 1);
            long n = Character.isDigit(unit) ? Long.parseLong(v) : Long.parseLong(v.substring(0, v.length() - 1));
            return switch (unit) {
                case 'h' -> Duration.ofHours(n);
                case 'm' -> Duration.ofMinutes(n);
                default -> Duration.ofSeconds(n);
            };
        } catch (NumberFormatException | StringIndexOutOfBoundsException e) {
            throw CommandError.client("invalid argument \"" + s + "\" for \"--timeout\" flag: time: invalid duration \""
                    + s + "\"");
        }
    }

    private void history(PrintStream out, String ns, String name, String ref) {
        List<ObjectNode> rss = Workloads.replicaSets(registry, deployment(ns, name));
        out.println(ref + " ");
        out.println("REVISION  CHANGE-CAUSE");
        for (ObjectNode rs : rss) {
            long rev = Workloads.revision(rs);
            if (rev == 0) {
                continue;
            }
            String cause = rs.path("metadata").path("annotations").path(Workloads.CHANGE_CAUSE).asString("<none>");
            out.println(String.format("%-9s %s", rev, cause));
        }
        out.println();
    }

    private void undo(PrintStream out, String ns, String name, String ref) {
        ObjectNode d = deployment(ns, name);
        if (d.path("spec").path("paused").asBoolean(false)) {
            throw CommandError.client("you cannot rollback a paused deployment; resume it first with "
                    + "'kubectl rollout resume' and try again");
        }
        List<ObjectNode> rss = Workloads.replicaSets(registry, d);
        if (rss.isEmpty()) {
            throw CommandError.client("no rollout history found for deployment \"" + name + "\"");
        }
        ObjectNode target = null;
        if (toRevision == 0) {
            if (rss.size() < 2) {
                throw CommandError.client("no rollout history found for deployment \"" + name + "\"");
            }
            target = rss.get(rss.size() - 2);
        } else {
            for (ObjectNode rs : rss) {
                if (Workloads.revision(rs) == toRevision) {
                    target = rs;
                }
            }
            if (target == null) {
                throw CommandError.client("unable to find specified revision " + toRevision + " in history");
            }
        }
        ObjectNode template = (ObjectNode) target.path("spec").path("template").deepCopy();
        if (template.path("metadata").path("labels") instanceof ObjectNode labels) {
            labels.remove("pod-template-hash");
        }
        if (SemanticJson.equal(template, d.path("spec").path("template"))) {
            out.println(ref + " skipped rollback (current template already matches revision "
                    + Workloads.revision(target) + ")");
            return;
        }
        ObjectNode annotations = JSON.createObjectNode();
        d.path("metadata").path("annotations").properties().forEach(e -> {
            if (SKIP_ON_UNDO.contains(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
            }
        });
        target.path("metadata").path("annotations").properties().forEach(e -> {
            if (!SKIP_ON_UNDO.contains(e.getKey())) {
                annotations.set(e.getKey(), e.getValue());
            }
        });
        ArrayNode patch = JSON.createArrayNode();
        patch.addObject().put("op", "replace").put("path", "/spec/template").set("value", template);
        // "add" sets or replaces: a deployment that never had annotations takes them too.
        patch.addObject().put("op", "add").put("path", "/metadata/annotations").set("value", annotations);
        Workloads.patch(registry, ResourceTypes.DEPLOYMENTS, ns, name, PatchType.JSON, JSON.writeValueAsString(patch));
        out.println(ref + " rolled back");
    }

    private void setPaused(PrintStream out, String ns, String name, String ref, boolean pause) {
        boolean paused = deployment(ns, name).path("spec").path("paused").asBoolean(false);
        if (paused == pause) {
            throw CommandError.client("deployments.apps \"" + name + "\" is " + (pause ? "already paused" : "not paused"));
        }
        Workloads.patch(registry, ResourceTypes.DEPLOYMENTS, ns, name, PatchType.STRATEGIC_MERGE,
                "{\"spec\":{\"paused\":" + (pause ? "true" : "null") + "}}");
        out.println(ref + (pause ? " paused" : " resumed"));
    }

    private void restart(PrintStream out, String ns, String name, String ref) {
        if (deployment(ns, name).path("spec").path("paused").asBoolean(false)) {
            throw CommandError.client("deployments.apps \"" + name + "\" can't restart paused deployment (run "
                    + "rollout resume first)");
        }
        String now = DateTimeFormatter.ISO_INSTANT.format(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        Workloads.patch(registry, ResourceTypes.DEPLOYMENTS, ns, name, PatchType.STRATEGIC_MERGE,
                "{\"spec\":{\"template\":{\"metadata\":{\"annotations\":{\"kubectl.kubernetes.io/restartedAt\":\""
                        + now + "\"}}}}}");
        out.println(ref + " restarted");
    }
}
