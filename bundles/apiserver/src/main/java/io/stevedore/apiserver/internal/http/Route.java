package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import java.util.ArrayList;
import java.util.List;

/**
 * A resource path below a group-version, parsed as Kubernetes' installer lays paths out:
 * {@code [watch/][namespaces/{ns}/]{resource}[/{name}[/{subresource}]]}.
 *
 * @param type        the resource
 * @param namespace   the namespace, null for cluster scope or all namespaces
 * @param name        the object name, null for the collection
 * @param subresource the subresource, null for the object itself
 * @param watch       true for the legacy {@code /watch/} prefix
 */
record Route(ResourceType type, String namespace, String name, String subresource, boolean watch) {

    /** Parses a path below {@code base}: "api/v1" or "apis/{group}/{version}". */
    static Route parse(String base, String path) {
        if (base.equals("api/v1")) {
            return parse("", "v1", path);
        }
        String[] gv = base.split("/");
        if (gv.length != 3) {
            throw ApiException.pathNotFound();
        }
        return parse(gv[1], gv[2], path);
    }

    static Route parse(String group, String version, String path) {
        List<String> segs = new ArrayList<>();
        for (String s : path.split("/")) {
            if (!s.isEmpty()) {
                segs.add(s);
            }
        }
        boolean watch = false;
        if (!segs.isEmpty() && segs.get(0).equals("watch")) {
            watch = true;
            segs.remove(0);
        }
        if (segs.isEmpty() || segs.size() > 5) {
            throw ApiException.pathNotFound();
        }
        String namespace = null;
        if (segs.get(0).equals("namespaces") && segs.size() >= 3 && group.isEmpty()) {
            // namespaces/{ns}/status and namespaces/{ns}/finalize are subresources of the namespace itself
            boolean namespaceSub = segs.size() == 3 && ResourceTypes.find(group, version, segs.get(2)).isEmpty()
                    && ResourceTypes.NAMESPACES.hasSubresource(segs.get(2));
            if (!namespaceSub) {
                namespace = segs.get(1);
                segs = segs.subList(2, segs.size());
            }
        } else if (segs.get(0).equals("namespaces") && segs.size() >= 3) {
            namespace = segs.get(1);
            segs = segs.subList(2, segs.size());
        }
        if (segs.size() > 3) {
            throw ApiException.pathNotFound();
        }
        ResourceType type = ResourceTypes.find(group, version, segs.get(0)).orElseThrow(ApiException::pathNotFound);
        if (namespace != null && !type.namespaced()) {
            throw ApiException.pathNotFound();
        }
        String name = segs.size() > 1 ? segs.get(1) : null;
        String sub = segs.size() > 2 ? segs.get(2) : null;
        if (sub != null && !type.hasSubresource(sub)) {
            throw ApiException.pathNotFound();
        }
        if (type.namespaced() && namespace == null && name != null) {
            throw ApiException.pathNotFound();
        }
        return new Route(type, namespace, name, sub, watch);
    }
}
