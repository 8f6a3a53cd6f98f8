package io.stevedore.build.openapi;

import java.util.Locale;

/**
 * An API group-version, e.g. core "v1" or "apps/v1".
 *
 * @param group   API group, "" for the core group
 * @param version API version
 */
public record GroupVersion(String group, String version) {

    /** The key of this group-version in {@code /openapi/v3}: "api/v1" or "apis/apps/v1". */
    public String openApiPath() {
        return group.isEmpty() ? "api/" + version : "apis/" + group + "/" + version;
    }

    /** The URL prefix of this group-version: "/api/v1" or "/apis/apps/v1". */
    public String urlPrefix() {
        return "/" + openApiPath();
    }

    /** The file name the document of this group-version is stored under, e.g. "apis__apps__v1.json". */
    public String fileName() {
        return openApiPath().replace("/", "__") + ".json";
    }

    /** The Kubernetes package the group's own types live in, e.g. "io.k8s.api.apps.v1". */
    public String definitionPackage() {
        String shortGroup = group.isEmpty() ? "core" : group.replace(".k8s.io", "").replace(".", "");
        return "io.k8s.api." + shortGroup + "." + version;
    }

    /** The prefix of Kubernetes operation ids, e.g. "CoreV1", "AppsV1", "CoordinationV1". */
    public String operationPrefix() {
        String shortGroup = group.isEmpty() ? "core" : group.replace(".k8s.io", "");
        StringBuilder b = new StringBuilder();
        for (String part : shortGroup.split("[.\\-]")) {
            b.append(capitalize(part));
        }
        return b + capitalize(version);
    }

    /** The operation tag, e.g. "core_v1", "apps_v1". */
    public String tag() {
        String shortGroup = group.isEmpty() ? "core" : group.replace(".k8s.io", "").replace('.', '_');
        return shortGroup + "_" + version;
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : s.substring(0, 1).toUpperCase(Locale.ROOT) + s.substring(1);
    }
}
