package io.stevedore.build.openapi;

import java.util.List;

/**
 * One REST resource the generated documents describe. Mirrors {@code io.stevedore.api.ResourceType}
 * (only what the OpenAPI paths need), so that this build tool has no dependency on the runtime bundles.
 *
 * @param group        API group, "" for the core group
 * @param version      API version
 * @param kind         object kind, e.g. "Pod"
 * @param plural       resource name in URLs, e.g. "pods"
 * @param namespaced   whether objects live in a namespace
 * @param subresources subresources served, e.g. "status", "scale"
 * @param createOnly   true for review kinds (e.g. SelfSubjectAccessReview): only POST on the collection, no list kind
 */
public record ServedResource(String group, String version, String kind, String plural, boolean namespaced,
                             List<String> subresources, boolean createOnly) {

    public ServedResource {
        subresources = List.copyOf(subresources);
    }

    /** A stored resource, served with every verb. */
    public ServedResource(String group, String version, String kind, String plural, boolean namespaced,
                          List<String> subresources) {
        this(group, version, kind, plural, namespaced, subresources, false);
    }

    /** The group-version this resource belongs to. */
    public GroupVersion groupVersion() {
        return new GroupVersion(group, version);
    }
}
