package io.stevedore.shell.command.completers;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.Registry;
import io.stevedore.shell.internal.KubeObjects;
import java.util.List;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.CommandLine;
import org.apache.karaf.shell.api.console.Completer;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;

/** Completes namespace names, read live from the registry. */
@Service
public class NamespaceCompleter implements Completer {

    @Reference
    Registry registry;

    @Override
    public int complete(Session session, CommandLine commandLine, List<String> candidates) {
        List<String> names;
        try {
            names = registry.list(ResourceTypes.NAMESPACES, null, ListOptions.ALL).items().stream()
                    .map(KubeObjects::name).toList();
        } catch (RuntimeException e) {
            return -1;
        }
        return new StringsCompleter(names).complete(session, commandLine, candidates);
    }
}
