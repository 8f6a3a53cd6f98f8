package io.stevedore.shell.command;

import io.stevedore.api.registry.Registry;
import io.stevedore.shell.command.completers.NamespaceCompleter;
import io.stevedore.shell.internal.KubeObjects;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.Option;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/**
 * The common part of {@code kube:get}, {@code kube:describe} and {@code kube:delete}: the registry, the
 * session and the {@code -n} option. Karaf injects the fields of this class into the concrete commands,
 * which declare their own kind and names arguments (their help texts differ).
 */
abstract class ResourceCommand implements Action {

    @Reference
    Registry registry;

    @Reference
    Session session;

    @Option(name = "-n", aliases = "--namespace", description = "The namespace (default: default)")
    @Completion(NamespaceCompleter.class)
    String namespace;

    @Override
    public Object execute() {
        execute(session.getConsole());
        return null;
    }

    abstract void execute(PrintStream out);

    /** The namespace given with {@code -n}, or {@code default}. */
    String namespaceOrDefault() {
        return namespace != null ? namespace : KubeObjects.DEFAULT_NAMESPACE;
    }
}
