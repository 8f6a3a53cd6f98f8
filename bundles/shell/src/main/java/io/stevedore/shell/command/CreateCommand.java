package io.stevedore.shell.command;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.Documents;
import io.stevedore.shell.internal.KubeObjects;
import java.io.PrintStream;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.StringsCompleter;
import tools.jackson.databind.node.ObjectNode;

/** {@code kube:create namespace NAME}: kubectl create namespace. */
@Service
@Command(scope = "kube", name = "create", description = "Create a namespace")
public class CreateCommand implements Action {

    @Reference
    Registry registry;

    @Reference
    Session session;

    @Argument(index = 0, name = "what", required = true, description = "What to create: namespace (ns)")
    @Completion(value = StringsCompleter.class, values = {"namespace"})
    String what;

    @Argument(index = 1, name = "name", required = true, description = "The name of the new object")
    String name;

    @Override
    public Object execute() {
        execute(session.getConsole());
        return null;
    }

    void execute(PrintStream out) {
        if (!"namespace".equals(what) && !"ns".equals(what)) {
            throw CommandError.client("unknown command \"" + what + "\" for \"kube:create\": only namespace "
                    + "can be created here, use kube:apply -f for other objects");
        }
        ObjectNode ns = Documents.NODES.objectNode();
        ns.put("apiVersion", "v1");
        ns.put("kind", "Namespace");
        ns.putObject("metadata").put("name", name);
        try {
            registry.create(ResourceTypes.NAMESPACES, null, ns, null, WriteOptions.manager("kubectl-create"));
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
        out.println(KubeObjects.ref(ResourceTypes.NAMESPACES, name) + " created");
    }
}
