package io.stevedore.shell.internal;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * kubectl's resource arguments: {@code KIND[,KIND...] [NAME...]} or {@code KIND/NAME...}, kinds by
 * plural, singular, short name or category ("all").
 */
public final class ResourceArgs {

    /** The objects of one kind a command works on; no names means "all of them". */
    public record Target(ResourceType type, List<String> names) {
    }

    private ResourceArgs() {
    }

    /** Resolves the arguments; several targets when several kinds were named. */
    public static List<Target> parse(String kinds, List<String> names) {
        List<String> rest = names == null ? List.of() : names;
        if (kinds.contains("/")) {
            return parseSlashed(kinds, rest);
        }
        List<Target> out = new ArrayList<>();
        for (String k : kinds.split(",")) {
            if (k.isBlank()) {
                continue;
            }
            for (ResourceType t : resolve(k.trim())) {
                if (out.stream().noneMatch(x -> x.type().equals(t))) {
                    out.add(new Target(t, List.copyOf(rest)));
                }
            }
        }
        if (out.isEmpty()) {
            throw CommandError.client("you must specify the type of resource to get");
        }
        return out;
    }

    private static List<Target> parseSlashed(String first, List<String> rest) {
        Map<ResourceType, List<String>> byType = new LinkedHashMap<>();
        List<String> all = new ArrayList<>();
        all.add(first);
        all.addAll(rest);
        for (String arg : all) {
            int slash = arg.indexOf('/');
            if (slash <= 0 || slash == arg.length() - 1) {
                throw CommandError.client("there is no need to specify a resource type as a separate argument when "
                        + "passing arguments in resource/name form (e.g. 'kubectl get resource/<resource_name>' "
                        + "instead of 'kubectl get resource resource/<resource_name>'");
            }
            ResourceType t = resolveOne(arg.substring(0, slash));
            byType.computeIfAbsent(t, x -> new ArrayList<>()).add(arg.substring(slash + 1));
        }
        List<Target> out = new ArrayList<>();
        byType.forEach((t, n) -> out.add(new Target(t, List.copyOf(n))));
        return out;
    }

    /** One kind, or the kinds of a category. */
    public static List<ResourceType> resolve(String kind) {
        if ("all".equalsIgnoreCase(kind)) {
            return ResourceTypes.all().stream().filter(t -> t.categories().contains("all")).toList();
        }
        return List.of(resolveOne(kind));
    }

    public static ResourceType resolveOne(String kind) {
        return ResourceTypes.resolve(kind).orElseThrow(() ->
                CommandError.client("the server doesn't have a resource type \"" + kind + "\""));
    }
}
