package io.stevedore.api.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * One event of an API watch: the object as a client sees it (resourceVersion set).
 *
 * @param type   ADDED, MODIFIED, DELETED, BOOKMARK or ERROR
 * @param object the object; for BOOKMARK only kind, apiVersion and metadata.resourceVersion; for ERROR a Status
 */
public record WatchEvent(String type, ObjectNode object) {
}
