package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.shell.command.completers.KindCompleter;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.Describer;
import io.stevedore.shell.internal.ResourceArgs;
import io.stevedore.shell.internal.ResourceArgs.Target;
import io.stevedore.shell.internal.TrailingFlags;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import tools.jackson.databind.node.ObjectNode;

/** {@code kube:describe}: a readable description of objects, like kubectl describe. */
@Service
@Command(scope = "kube", name = "describe", description = "Show details of a resource or group of resources")
public class DescribeCommand extends ResourceCommand {

    @Argument(index = 0, name = "kind", required = true, description = "Resource kind, or KIND/NAME")
    @Completion(KindCompleter.class)
    String kind;

    @Argument(index = 1, name = "names", multiValued = true, description = "Object names (all objects when none)")
    @Completion(NameCompleter.class)
    List<String> names;

    @Override
    void execute(PrintStream out) {
        List<String> positional = new TrailingFlags().value(v -> namespace = v, "-n", "--namespace").parse(names);
        String ns = namespaceOrDefault();
        List<String> errors = new ArrayList<>();
        boolean first = true;
        for (Target t : ResourceArgs.parse(kind, positional)) {
            String scope = t.type().namespaced() ? ns : null;
            List<ObjectNode> objects = new ArrayList<>();
            if (t.names().isEmpty()) {
                try {
                    objects.addAll(registry.list(t.type(), scope, ListOptions.ALL).items());
                } catch (ApiException e) {
                    throw CommandError.of(e);
                }
            }
            for (String name : t.names()) {
                try {
                    objects.add(registry.get(t.type(), scope, name, null));
                } catch (ApiException e) {
                    errors.add(CommandError.message(e));
                }
            }
            for (ObjectNode o : objects) {
                if (!first) {
                    out.println();
                    out.println();
                }
                first = false;
                out.print(Describer.describe(t.type(), o));
            }
        }
        if (!errors.isEmpty()) {
            throw CommandError.of(errors);
        }
        if (first) {
            boolean namespaced = ResourceArgs.parse(kind, positional).stream().anyMatch(t -> t.type().namespaced());
            out.println(namespaced ? "No resources found in " + ns + " namespace." : "No resources found");
        }
    }
}
