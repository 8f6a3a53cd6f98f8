package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.ListOptions;
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

/** {@code kube:delete}: kubectl delete by kind and names, or every object of the kinds with --all. */
@Service
@Command(scope = "kube", name = "delete", description = "Delete resources by kind and names")
public class DeleteCommand extends ResourceCommand {

    @Argument(index = 0, name = "kind", required = true, description = "Resource kind(s), or KIND/NAME")
    @Completion(KindCompleter.class)
    String kind;

    @Argument(index = 1, name = "names", multiValued = true, description = "Object names")
    @Completion(NameCompleter.class)
    List<String> names;

    @Option(name = "--all", description = "Delete every object of the kinds in the namespace")
    boolean all;

    @Override
    void execute(PrintStream out) {
        List<String> positional = new TrailingFlags()
                .value(v -> namespace = v, "-n", "--namespace")
                .flag(() -> all = true, "--all")
                .parse(names);
        List<Target> targets = ResourceArgs.parse(kind, positional);
        boolean byName = targets.stream().anyMatch(t -> !t.names().isEmpty());
        if (all && byName) {
            throw CommandError.client("names cannot be provided when --all is specified");
        }
        if (!all && !byName) {
            throw CommandError.client("resource(s) were provided, but no name was specified");
        }
        String ns = namespaceOrDefault();
        List<String> errors = new ArrayList<>();
        boolean deleted = false;
        for (Target t : targets) {
            String scope = t.type().namespaced() ? ns : null;
            List<String> victims = all ? listNames(t, scope) : t.names();
            for (String name : victims) {
                try {
                    registry.delete(t.type(), scope, name, DeleteOptions.DEFAULT);
                    out.println(KubeObjects.kindName(t.type()) + " \"" + name + "\" deleted");
                    deleted = true;
                } catch (ApiException e) {
                    errors.add(CommandError.message(e));
                }
            }
        }
        if (all && !deleted && errors.isEmpty()) {
            out.println("No resources found");
        }
        if (!errors.isEmpty()) {
            throw CommandError.of(errors);
        }
    }

    private List<String> listNames(Target t, String scope) {
        try {
            return registry.list(t.type(), scope, ListOptions.ALL).items().stream().map(KubeObjects::name).toList();
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
    }
}
