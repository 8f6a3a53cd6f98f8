package io.stevedore.shell.internal;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WriteOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** What the workload commands share: reads through the registry, patches, and a deployment's ReplicaSets. */
public final class Workloads {

    public static final String REVISION = "deployment.kubernetes.io/revision";
    public static final String CHANGE_CAUSE = "kubernetes.io/change-cause";

    private Workloads() {
    }

    public static ObjectNode get(Registry registry, ResourceType type, String ns, String name) {
        try {
            return registry.get(type, type.namespaced() ? ns : null, name, null);
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
    }

    public static ObjectNode patch(Registry registry, ResourceType type, String ns, String name, PatchType patchType,
                                   String patch) {
        try {
            return registry.patch(type, type.namespaced() ? ns : null, name, patchType,
                    patch.getBytes(StandardCharsets.UTF_8), null, WriteOptions.DEFAULT).object();
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
    }

    public static List<ObjectNode> list(Registry registry, ResourceType type, String ns) {
        try {
            return registry.list(type, type.namespaced() ? ns : null, ListOptions.ALL).items();
        } catch (ApiException e) {
            throw CommandError.of(e);
        }
    }

    public static long revision(JsonNode rs) {
        try {
            return Long.parseLong(rs.path("metadata").path("annotations").path(REVISION).asString("0"));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** The ReplicaSets the deployment controls, oldest revision first. */
    public static List<ObjectNode> replicaSets(Registry registry, ObjectNode deployment) {
        String uid = deployment.path("metadata").path("uid").asString("");
        List<ObjectNode> out = new ArrayList<>();
        for (ObjectNode rs : list(registry, ResourceTypes.REPLICASETS, KubeObjects.namespace(deployment))) {
            for (JsonNode ref : rs.path("metadata").path("ownerReferences")) {
                if (ref.path("controller").asBoolean(false) && uid.equals(ref.path("uid").asString(""))) {
                    out.add(rs);
                }
            }
        }
        out.sort(Comparator.comparingLong(Workloads::revision));
        return out;
    }
}
