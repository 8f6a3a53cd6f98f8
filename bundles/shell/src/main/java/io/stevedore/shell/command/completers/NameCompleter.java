package io.stevedore.shell.command.completers;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.Registry;
import io.stevedore.shell.internal.KubeObjects;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/**
 * Completes object names of the kind typed before them, in the namespace given with -n (best effort:
 * when the kind cannot be found on the line, whatever was typed is accepted). Karaf hands flags typed
 * after the arguments to this completer too, so it completes the values of -n and -o as well.
 */
@Service
public class NameCompleter implements Completer {

    private static final Set<String> VALUE_OPTIONS = Set.of("-n", "--namespace", "-l", "--selector",
            "--field-selector", "-o", "--output", "-f", "--filename");

    @Reference
    Registry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        String[] args = commandLine.getArguments();
        int cursor = commandLine.getCursorArgumentIndex();
        String previous = args != null && cursor > 0 && cursor <= args.length ? args[cursor - 1] : "";
        if (previous.equals("-n") || previous.equals("--namespace")) {
            NamespaceCompleter namespaces = new NamespaceCompleter();
            namespaces.registry = registry;
            return namespaces.complete(session, commandLine, candidates);
        }
        if (previous.equals("-o") || previous.equals("--output")) {
            return new StringsCompleter(List.of("json", "name", "wide", "yaml")).complete(session, commandLine,
                    candidates);
        }
        Optional<Line> line = parse(args == null ? List.of() : Arrays.asList(args), cursor);
        Set<String> names = new TreeSet<>();
        if (line.isPresent()) {
            try {
                ResourceType t = line.get().type();
                registry.list(t, t.namespaced() ? line.get().namespace() : null, ListOptions.ALL).items()
                        .forEach(o -> names.add(KubeObjects.name(o)));
            } catch (RuntimeException e) {
                return -1;
            }
        } else if (commandLine.getCursorArgument() != null && !commandLine.getCursorArgument().isEmpty()) {
            names.add(commandLine.getCursorArgument());
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }

    /** The kind and namespace on a command line ("kube:get pods -n x na"), the command name first. */
    static Optional<Line> parse(List<String> args, int cursorIndex) {
        String namespace = KubeObjects.DEFAULT_NAMESPACE;
        ResourceType type = null;
        for (int i = 1; i < args.size(); i++) {
            String a = args.get(i);
            if (a.startsWith("--namespace=")) {
                namespace = a.substring("--namespace=".length());
            } else if (VALUE_OPTIONS.contains(a)) {
                if (i + 1 < args.size() && (a.equals("-n") || a.equals("--namespace"))) {
                    namespace = args.get(i + 1);
                }
                i++;
            } else if (!a.startsWith("-") && type == null && i != cursorIndex) {
                String first = a.split(",")[0];
                type = ResourceTypes.resolve(first).orElse(null);
                if (type == null) {
                    return Optional.empty();
                }
            }
        }
        return type == null ? Optional.empty() : Optional.of(new Line(type, namespace));
    }

    /** What the command line says about the names to complete. */
    record Line(ResourceType type, String namespace) {
    }
}
