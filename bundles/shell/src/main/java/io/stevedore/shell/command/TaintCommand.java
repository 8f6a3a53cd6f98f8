package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.ResourceArgs;
import io.stevedore.shell.internal.TrailingFlags;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * {@code kube:taint nodes NODE key=value:Effect ... key:Effect- key-}: add, replace ({@code
 * --overwrite}) and remove node taints, as kubectl taint.
 */
@Service
@Command(scope = "kube", name = "taint", description = "Update the taints on a node")
public class TaintCommand extends ResourceCommand {

    private static final Set<String> EFFECTS = Set.of("NoSchedule", "PreferNoSchedule", "NoExecute");

    @Argument(index = 0, name = "kind", required = true, description = "nodes (or node/NAME)")
    String kind;

    @Argument(index = 1, name = "args", required = true, multiValued = true,
            description = "The node name, then taints: key=value:Effect to add, key:Effect- or key- to remove")
    @Completion(NameCompleter.class)
    List<String> args;

    @Option(name = "--overwrite", description = "Replace a taint with the same key and effect")
    boolean overwrite;

    private record Spec(String key, String value, String effect, boolean remove) {
    }

    @Override
    void execute(PrintStream out) {
        List<String> rest = new ArrayList<>(new TrailingFlags().flag(() -> overwrite = true, "--overwrite").parse(args));
        String node;
        String k = kind;
        if (k.contains("/")) {
            node = k.substring(k.indexOf('/') + 1);
            k = k.substring(0, k.indexOf('/'));
        } else {
            if (rest.isEmpty()) {
                throw CommandError.client("at least one taint update is required");
            }
            node = rest.remove(0);
        }
        if (ResourceArgs.resolveOne(k) != ResourceTypes.NODES) {
            throw CommandError.client("invalid resource type " + k + ", only node types are supported");
        }
        if (rest.isEmpty()) {
            throw CommandError.client("at least one taint update is required");
        }
        List<Spec> specs = rest.stream().map(TaintCommand::parse).toList();
        try {
            ObjectNode n = registry.get(ResourceTypes.NODES, null, node, null);
            ArrayNode taints = n.withObject("spec").has("taints") && n.get("spec").get("taints").isArray()
                    ? (ArrayNode) n.get("spec").get("taints") : n.withObject("spec").putArray("taints");
            boolean added = false;
            boolean removed = false;
            for (Spec s : specs) {
                if (s.remove()) {
                    boolean found = false;
                    for (int i = taints.size() - 1; i >= 0; i--) {
                        JsonNode t = taints.get(i);
                        if (s.key().equals(t.path("key").asString("")) && (s.effect() == null
                                || s.effect().equals(t.path("effect").asString("")))) {
                            taints.remove(i);
                            found = true;
                        }
                    }
                    if (!found) {
                        throw CommandError.client("taint \"" + s.key() + (s.effect() == null ? "" : ":" + s.effect())
                                + "\" not found");
                    }
                    removed = true;
                    continue;
                }
                for (int i = taints.size() - 1; i >= 0; i--) {
                    JsonNode t = taints.get(i);
                    if (s.key().equals(t.path("key").asString("")) && s.effect().equals(t.path("effect").asString(""))) {
                        if (!overwrite) {
                            throw CommandError.client("node " + node + " already has " + s.key()
                                    + " taint(s) with same effect(s) and --overwrite is false");
                        }
                        taints.remove(i);
                    }
                }
                ObjectNode t = taints.addObject().put("key", s.key());
                if (s.value() != null && !s.value().isEmpty()) {
                    t.put("value", s.value());
                }
                t.put("effect", s.effect());
                added = true;
            }
            registry.update(ResourceTypes.NODES, null, node, n, null, WriteOptions.DEFAULT);
            out.println("node/" + node + " " + (added && removed ? "modified" : added ? "tainted" : "untainted"));
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
    }

    private static Spec parse(String arg) {
        boolean remove = arg.endsWith("-");
        String body = remove ? arg.substring(0, arg.length() - 1) : arg;
        String effect = null;
        int colon = body.lastIndexOf(':');
        if (colon >= 0) {
            effect = body.substring(colon + 1);
            body = body.substring(0, colon);
            if (!EFFECTS.contains(effect)) {
                throw CommandError.client("invalid taint effect: " + effect + ", unsupported taint effect");
            }
        } else if (!remove) {
            throw CommandError.client("invalid taint spec: " + arg + ", at least one taint update is required");
        }
        String key = body;
        String value = null;
        int eq = body.indexOf('=');
        if (eq >= 0) {
            key = body.substring(0, eq);
            value = body.substring(eq + 1);
        }
        if (key.isEmpty()) {
            throw CommandError.client("invalid taint spec: " + arg);
        }
        return new Spec(key, value, effect, remove);
    }
}
