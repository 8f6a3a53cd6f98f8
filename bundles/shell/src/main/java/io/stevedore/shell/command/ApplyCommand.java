package io.stevedore.shell.command;

import io.stevedore.api.registry.Registry;
import io.stevedore.shell.command.completers.NamespaceCompleter;
import io.stevedore.shell.internal.Applier;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.Documents;
import io.stevedore.shell.internal.ShellPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code kube:apply -f FILE}: create or update the objects of manifests, like kubectl apply. */
@Service
@Command(scope = "kube", name = "apply", description = "Apply a configuration to resources by file name")
public class ApplyCommand implements Action {

    @Reference
    Registry registry;

    @Reference
    Session session;

    @Option(name = "-f", aliases = "--filename", required = true, multiValued = true,
            description = "Files or directories of YAML or JSON manifests (repeatable)")
    @Completion(FileCompleter.class)
    List<String> files;

    @Option(name = "-n", aliases = "--namespace", description = "The namespace for objects that name none")
    @Completion(NamespaceCompleter.class)
    String namespace;

    @Override
    public Object execute() throws IOException {
        execute(session.getConsole());
        return null;
    }

    void execute(PrintStream out) throws IOException {
        List<Path> paths = files.stream().map(f -> ShellPaths.resolve(session, f)).toList();
        List<Documents.Manifest> manifests = Documents.read(paths);
        if (manifests.isEmpty()) {
            throw CommandError.client("no objects passed to apply");
        }
        Applier applier = new Applier(registry);
        List<String> errors = new ArrayList<>();
        for (Documents.Manifest m : manifests) {
            try {
                out.println(applier.apply(m, namespace));
            } catch (CommandError e) {
                errors.add(e.getMessage());
            }
        }
        if (!errors.isEmpty()) {
            throw CommandError.of(errors);
        }
    }
}
