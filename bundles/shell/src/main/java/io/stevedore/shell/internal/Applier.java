package io.stevedore.shell.internal;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WriteOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * kubectl's client-side apply: create the object, or merge the manifest into the live object (removing
 * fields the previous apply set and this one no longer does, as recorded in the last-applied annotation)
 * and update it with the live resourceVersion; nothing is written when the merge changes nothing.
 */
public final class Applier {

    public static final String LAST_APPLIED = "kubectl.kubernetes.io/last-applied-configuration";
    static final WriteOptions MANAGER = WriteOptions.manager("kubectl-client-side-apply");

    private final Registry registry;

    public Applier(Registry registry) {
        this.registry = registry;
    }

    /**
     * Applies one manifest.
     *
     * @param namespaceFlag the namespace given with {@code -n}, or null
     * @return the line kubectl prints, e.g. "configmap/x created"
     */
    public String apply(Documents.Manifest manifest, String namespaceFlag) {
        ObjectNode applied = manifest.object().deepCopy();
        String source = manifest.source().toString();
        ResourceType type = typeOf(applied, source);
        String name = KubeObjects.name(applied);
        if (name == null || name.isEmpty()) {
            throw CommandError.client("error when retrieving current configuration of " + source
                    + ": resource name may not be empty");
        }
        String namespace = namespaceOf(type, applied, namespaceFlag);
        removeLastApplied(applied);
        String lastApplied = Documents.compact(applied) + "\n"; // kubectl ends the annotation with a newline
        String ref = KubeObjects.ref(type, name);
        try {
            ObjectNode live;
            try {
                live = registry.get(type, namespace, name, null);
            } catch (ApiException e) {
                if (e.code() != 404) {
                    throw e;
                }
                ObjectNode created = applied.deepCopy();
                annotations(created).put(LAST_APPLIED, lastApplied);
                registry.create(type, namespace, created, null, MANAGER);
                return ref + " created";
            }
            ObjectNode merged = live.deepCopy();
            merge(merged, applied, previous(live));
            annotations(merged).put(LAST_APPLIED, lastApplied);
            if (sameContent(merged, live)) {
                return ref + " unchanged";
            }
            registry.update(type, namespace, name, merged, null, MANAGER);
            return ref + " configured";
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
    }

    private static ResourceType typeOf(ObjectNode obj, String source) {
        String apiVersion = KubeObjects.text(obj, "apiVersion");
        String kind = KubeObjects.text(obj, "kind");
        List<String> missing = new ArrayList<>();
        if (apiVersion == null || apiVersion.isEmpty()) {
            missing.add("apiVersion not set");
        }
        if (kind == null || kind.isEmpty()) {
            missing.add("kind not set");
        }
        if (!missing.isEmpty()) {
            throw CommandError.client("error validating \"" + source + "\": error validating data: "
                    + (missing.size() == 1 ? missing.get(0) : missing.toString()));
        }
        return ResourceTypes.forKind(apiVersion, kind).orElseThrow(() -> CommandError.client(
                "resource mapping not found for name: \"" + KubeObjects.name(obj) + "\" namespace: \""
                        + nullToEmpty(KubeObjects.namespace(obj)) + "\" from \"" + source + "\": no matches for kind \""
                        + kind + "\" in version \"" + apiVersion + "\""));
    }

    private static String namespaceOf(ResourceType type, ObjectNode obj, String flag) {
        if (!type.namespaced()) {
            return null;
        }
        String own = KubeObjects.namespace(obj);
        if (own != null && !own.isEmpty() && flag != null && !flag.equals(own)) {
            throw CommandError.client("the namespace from the provided object \"" + own
                    + "\" does not match the namespace \"" + flag + "\". You must pass '--namespace=" + own
                    + "' to perform this operation.");
        }
        String ns = own != null && !own.isEmpty() ? own : flag != null ? flag : KubeObjects.DEFAULT_NAMESPACE;
        ((ObjectNode) obj.path("metadata")).put("namespace", ns);
        return ns;
    }

    /** Like kubectl, the recorded configuration keeps an (empty) annotations map but not the annotation itself. */
    private static void removeLastApplied(ObjectNode obj) {
        annotations(obj).remove(LAST_APPLIED);
    }

    private static ObjectNode previous(ObjectNode live) {
        String text = live.path("metadata").path("annotations").path(LAST_APPLIED).asString(null);
        if (text == null) {
            return null;
        }
        try {
            JsonNode n = Documents.JSON.readTree(text);
            return n instanceof ObjectNode o ? o : null;
        } catch (JacksonException e) {
            return null;
        }
    }

    /** Sets what {@code applied} sets (objects merged key by key) and removes what only {@code last} set. */
    static void merge(ObjectNode live, ObjectNode applied, ObjectNode last) {
        for (Map.Entry<String, JsonNode> e : applied.properties()) {
            JsonNode current = live.get(e.getKey());
            if (e.getValue() instanceof ObjectNode want && current instanceof ObjectNode have) {
                merge(have, want, last != null && last.get(e.getKey()) instanceof ObjectNode l ? l : null);
            } else {
                live.set(e.getKey(), e.getValue().deepCopy());
            }
        }
        if (last != null) {
            for (String key : last.propertyNames()) {
                if (!applied.has(key)) {
                    live.remove(key);
                }
            }
        }
    }

    private static ObjectNode annotations(ObjectNode obj) {
        ObjectNode meta = obj.get("metadata") instanceof ObjectNode m ? m : obj.putObject("metadata");
        return meta.get("annotations") instanceof ObjectNode a ? a : meta.putObject("annotations");
    }

    /** Equality that treats 3 and 3L (and 3.0) as the same number. */
    static boolean sameContent(JsonNode a, JsonNode b) {
        return a.equals((x, y) -> {
            if (x.isNumber() && y.isNumber()) {
                return x.decimalValue().compareTo(y.decimalValue());
            }
            return x.equals(y) ? 0 : 1;
        }, b);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
