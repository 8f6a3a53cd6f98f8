package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.shell.command.completers.KindCompleter;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.KubeObjects;
import io.stevedore.shell.internal.ResourceArgs;
import io.stevedore.shell.internal.ResourceArgs.Target;
import io.stevedore.shell.internal.TrailingFlags;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import tools.jackson.databind.node.ObjectNode;

/** {@code kube:scale}: kubectl scale, through the scale subresource. */
@Service
@Command(scope = "kube", name = "scale", description = "Set a new size for a deployment, replica set or replication controller")
public class ScaleCommand extends ResourceCommand {

    @Argument(index = 0, name = "kind", required = true, description = "Resource kind, or KIND/NAME")
    @Completion(KindCompleter.class)
    String kind;

    @Argument(index = 1, name = "names", multiValued = true, description = "Object names")
    @Completion(NameCompleter.class)
    List<String> names;

    @Option(name = "--replicas", description = "The new number of replicas (required)")
    int replicas = -1;

    @Option(name = "--current-replicas", description = "Scale only if the current size is this")
    int currentReplicas = -1;

    @Override
    void execute(PrintStream out) {
        List<String> positional = new TrailingFlags()
                .value(v -> namespace = v, "-n", "--namespace")
                .value(v -> replicas = Integer.parseInt(v), "--replicas")
                .value(v -> currentReplicas = Integer.parseInt(v), "--current-replicas")
                .parse(names);
        if (replicas < 0) {
            throw CommandError.client("The --replicas=COUNT flag is required, and COUNT must be greater than or "
                    + "equal to 0");
        }
        List<Target> targets = ResourceArgs.parse(kind, positional);
        String ns = namespaceOrDefault();
        List<String> errors = new ArrayList<>();
        for (Target t : targets) {
            if (!t.type().hasSubresource("scale")) {
                throw CommandError.client("cannot scale " + KubeObjects.kindName(t.type()));
            }
            if (t.names().isEmpty()) {
                throw CommandError.client("resource(s) were provided, but no name was specified");
            }
            for (String name : t.names()) {
                try {
                    ObjectNode scale = registry.get(t.type(), ns, name, "scale");
                    int current = scale.path("spec").path("replicas").asInt(0);
                    if (currentReplicas >= 0 && current != currentReplicas) {
                        errors.add("error: Expected replicas to be " + currentReplicas + ", was " + current);
                        continue;
                    }
                    scale.withObject("spec").put("replicas", replicas);
                    registry.update(t.type(), ns, name, scale, "scale", WriteOptions.DEFAULT);
                    out.println(KubeObjects.ref(t.type(), name) + " scaled");
                } catch (ApiException e) {
                    errors.add(CommandError.message(e));
                }
            }
        }
        if (!errors.isEmpty()) {
            throw CommandError.of(errors);
        }
    }
}
