package io.stevedore.api;

import java.util.List;

/**
 * One REST resource of the Kubernetes API (for example {@code apps/v1 deployments}).
 *
 * @param group         API group, "" for the core group
 * @param version       API version, e.g. "v1"
 * @param kind          object kind, e.g. "Deployment"
 * @param plural        resource name in URLs, e.g. "deployments"
 * @param singular      singular resource name, e.g. "deployment"
 * @param namespaced    whether objects live in a namespace
 * @param shortNames    kubectl short names, e.g. "deploy"
 * @param categories    discovery categories, e.g. "all"
 * @param subresources  subresources served, e.g. "status", "scale", "binding"
 */
public record ResourceType(String group, String version, String kind, String plural, String singular,
                           boolean namespaced, List<String> shortNames, List<String> categories,
                           List<String> subresources) {

    public ResourceType {
        shortNames = List.copyOf(shortNames);
        categories = List.copyOf(categories);
        subresources = List.copyOf(subresources);
    }

    /** "v1" for the core group, "group/version" otherwise: the value of an object's apiVersion. */
    public String apiVersion() {
        return group.isEmpty() ? version : group + "/" + version;
    }

    /** The kind of this resource's list, e.g. "DeploymentList". */
    public String listKind() {
        return kind + "List";
    }

    /** "deployments.apps", or "pods" in the core group: how Kubernetes names a resource in messages. */
    public String qualifiedPlural() {
        return group.isEmpty() ? plural : plural + "." + group;
    }

    /** "Deployment.apps", or "Pod" in the core group: how Kubernetes names a kind in Invalid messages. */
    public String qualifiedKind() {
        return group.isEmpty() ? kind : kind + "." + group;
    }

    public boolean hasSubresource(String name) {
        return subresources.contains(name);
    }

    /** The URL prefix of this resource's group-version: "/api/v1" or "/apis/apps/v1". */
    public String groupVersionPath() {
        return group.isEmpty() ? "/api/" + version : "/apis/" + group + "/" + version;
    }
}
