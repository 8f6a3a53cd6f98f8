package io.stevedore.build.openapi;

import com.google.gson.JsonObject;

/**
 * A group-version-kind, as written in {@code x-kubernetes-group-version-kind}.
 *
 * @param group   API group, "" for the core group
 * @param version API version
 * @param kind    kind
 */
public record Gvk(String group, String version, String kind) {

    /** The extension value: {@code {"group":..,"kind":..,"version":..}}. */
    public JsonObject toJson() {
        JsonObject o = new JsonObject();
        o.addProperty("group", group);
        o.addProperty("kind", kind);
        o.addProperty("version", version);
        return o;
    }
}
