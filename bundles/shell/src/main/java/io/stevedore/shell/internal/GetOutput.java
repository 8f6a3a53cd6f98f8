package io.stevedore.shell.internal;

import io.stevedore.api.registry.Registry;
import io.stevedore.shell.internal.ResourceArgs.Target;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** The outputs of {@code kube:get}: tables, {@code -o name}, and {@code -o yaml|json} documents. */
public final class GetOutput {

    /** The objects found for one target of the command line. */
    public record Found(Target target, List<ObjectNode> objects) {
    }

    private GetOutput() {
    }

    /** {@code -o name}: one "kind/name" line per object. */
    public static void names(PrintStream out, List<Found> results) {
        for (Found r : results) {
            for (ObjectNode o : r.objects()) {
                out.println(KubeObjects.ref(r.target().type(), KubeObjects.name(o)));
            }
        }
    }

    /** {@code -o yaml|json}: the object itself when one was asked for by name, a kubectl List otherwise. */
    public static void document(PrintStream out, List<Found> results, boolean byName, boolean yaml) {
        List<ObjectNode> all = new ArrayList<>();
        for (Found r : results) {
            for (ObjectNode o : r.objects()) {
                all.add(withTypeMeta(r, o));
            }
        }
        boolean single = byName && results.size() == 1 && results.get(0).target().names().size() == 1;
        if (single && all.isEmpty()) {
            return;
        }
        JsonNode doc = single ? all.get(0) : Documents.list(all);
        out.print(yaml ? Documents.yaml(doc) : Documents.json(doc));
    }

    private static ObjectNode withTypeMeta(Found r, ObjectNode o) {
        if (o.has("kind") && o.has("apiVersion")) {
            return o;
        }
        ObjectNode copy = Documents.NODES.objectNode();
        copy.put("apiVersion", r.target().type().apiVersion());
        copy.put("kind", r.target().type().kind());
        copy.setAll(o);
        return copy;
    }

    /** One table per kind that has objects, a blank line apart; names carry their kind when several kinds print. */
    public static void tables(PrintStream out, Registry registry, List<Found> results, TablePrinter.Options options) {
        List<Found> nonEmpty = results.stream().filter(r -> !r.objects().isEmpty()).toList();
        TablePrinter.Options o = new TablePrinter.Options(options.wide(), options.allNamespaces(),
                options.showLabels(), nonEmpty.size() > 1, options.now());
        boolean first = true;
        for (Found r : nonEmpty) {
            if (!first) {
                out.println();
            }
            first = false;
            TablePrinter.print(out, r.target().type(), registry.table(r.target().type(), r.objects()), o);
        }
    }

    /** kubectl's message for an empty list: "No resources found in x namespace." or "No resources found". */
    public static String noResources(List<Found> results, String namespace) {
        boolean namespaced = results.stream().anyMatch(r -> r.target().type().namespaced());
        return namespace == null || !namespaced ? "No resources found"
                : "No resources found in " + namespace + " namespace.";
    }
}
