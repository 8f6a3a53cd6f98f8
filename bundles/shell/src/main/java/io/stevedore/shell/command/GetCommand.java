package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.shell.command.completers.KindCompleter;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.GetOutput;
import io.stevedore.shell.internal.ResourceArgs;
import io.stevedore.shell.internal.ResourceArgs.Target;
import io.stevedore.shell.internal.TablePrinter;
import io.stevedore.shell.internal.TrailingFlags;
import java.io.PrintStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import tools.jackson.databind.node.ObjectNode;

/** {@code kube:get}: kubectl get, with its columns, flags and messages. */
@Service
@Command(scope = "kube", name = "get", description = "Display one or many resources")
public class GetCommand extends ResourceCommand {

    private static final Set<String> FORMATS = Set.of("wide", "yaml", "json", "name");

    @Argument(index = 0, name = "kind", required = true,
            description = "Resource kind(s): plural, singular or short name, comma separated, or KIND/NAME")
    @Completion(KindCompleter.class)
    String kind;

    @Argument(index = 1, name = "names", multiValued = true, description = "Object names (all objects when none)")
    @Completion(NameCompleter.class)
    List<String> names;

    @Option(name = "-A", aliases = "--all-namespaces", description = "List the objects across all namespaces")
    boolean allNamespaces;

    @Option(name = "-l", aliases = "--selector", description = "Label selector, e.g. app=web,tier!=db")
    String selector;

    @Option(name = "--field-selector", description = "Field selector, e.g. metadata.name=x")
    String fieldSelector;

    @Option(name = "-o", aliases = "--output", description = "Output format: wide, yaml, json or name")
    @Completion(value = StringsCompleter.class, values = {"wide", "yaml", "json", "name"})
    String output;

    @Option(name = "--show-labels", description = "Show all labels as the last column")
    boolean showLabels;

    Clock clock = Clock.systemUTC();

    @Override
    void execute(PrintStream out) {
        List<String> positional = new TrailingFlags()
                .value(v -> namespace = v, "-n", "--namespace")
                .flag(() -> allNamespaces = true, "-A", "--all-namespaces")
                .value(v -> selector = v, "-l", "--selector")
                .value(v -> fieldSelector = v, "--field-selector")
                .value(v -> output = v, "-o", "--output")
                .flag(() -> showLabels = true, "--show-labels")
                .parse(names);
        if (output != null && !FORMATS.contains(output)) {
            throw CommandError.client("unable to match a printer suitable for the output format \"" + output
                    + "\", allowed formats are: json,name,wide,yaml");
        }
        List<Target> targets = ResourceArgs.parse(kind, positional);
        boolean byName = targets.stream().anyMatch(t -> !t.names().isEmpty());
        if (byName && (selector != null || fieldSelector != null)) {
            throw CommandError.client("name cannot be provided when a selector is specified");
        }
        if (byName && allNamespaces) {
            throw CommandError.client("a resource cannot be retrieved by name across all namespaces");
        }
        String ns = allNamespaces ? null : namespaceOrDefault();
        List<String> errors = new ArrayList<>();
        List<GetOutput.Found> results = new ArrayList<>();
        for (Target t : targets) {
            results.add(new GetOutput.Found(t, fetch(t, ns, errors)));
        }
        if ("name".equals(output)) {
            GetOutput.names(out, results);
        } else if ("yaml".equals(output) || "json".equals(output)) {
            GetOutput.document(out, results, byName, "yaml".equals(output));
        } else if (results.stream().allMatch(r -> r.objects().isEmpty())) {
            if (!byName && errors.isEmpty()) {
                out.println(GetOutput.noResources(results, ns));
            }
        } else {
            GetOutput.tables(out, registry, results, new TablePrinter.Options("wide".equals(output),
                    allNamespaces, showLabels, false, clock.instant()));
        }
        if (!errors.isEmpty()) {
            throw CommandError.of(errors);
        }
    }

    private List<ObjectNode> fetch(Target t, String ns, List<String> errors) {
        String scope = t.type().namespaced() ? ns : null;
        try {
            if (t.names().isEmpty()) {
                ListOptions options = ListOptions.ALL.withLabelSelector(selector).withFieldSelector(fieldSelector);
                return registry.list(t.type(), scope, options).items();
            }
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
        List<ObjectNode> found = new ArrayList<>();
        for (String name : t.names()) {
            try {
                found.add(registry.get(t.type(), scope, name, null));
            } catch (ApiException e) {
                errors.add(CommandError.message(e));
            }
        }
        return found;
    }

}
