package io.stevedore.shell.command;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.PatchType;
import io.stevedore.shell.command.completers.NameCompleter;
import io.stevedore.shell.internal.Workloads;
import java.io.PrintStream;
import java.util.List;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Completion;

/** The common part of {@code kube:cordon} and {@code kube:uncordon}: node names, and the one patch. */
abstract class SchedulingCommand extends ResourceCommand {

    @Argument(index = 0, name = "nodes", required = true, multiValued = true, description = "Node names")
    @Completion(NameCompleter.class)
    List<String> nodes;

    /** Whether the command cordons (true) or uncordons. */
    abstract boolean cordon();

    @Override
    void execute(PrintStream out) {
        for (String node : nodes) {
            out.println(setUnschedulable(this, node, cordon()));
        }
    }

    /** Cordons or uncordons one node; answers kubectl's line for it. */
    static String setUnschedulable(ResourceCommand c, String node, boolean unschedulable) {
        boolean now = Workloads.get(c.registry, ResourceTypes.NODES, null, node).path("spec").path("unschedulable")
                .asBoolean(false);
        String verb = unschedulable ? "cordoned" : "uncordoned";
        if (now == unschedulable) {
            return "node/" + node + " already " + verb;
        }
        Workloads.patch(c.registry, ResourceTypes.NODES, null, node, PatchType.STRATEGIC_MERGE,
                "{\"spec\":{\"unschedulable\":" + (unschedulable ? "true" : "null") + "}}");
        return "node/" + node + " " + verb;
    }
}
