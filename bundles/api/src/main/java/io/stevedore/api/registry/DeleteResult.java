package io.stevedore.api.registry;

import tools.jackson.databind.node.ObjectNode;

/**
 * The outcome of a delete.
 *
 * @param object  the object as it was when removed, or as it is now when deletion is pending
 * @param removed true when the object is gone; false when finalizers or a grace period hold it
 */
public record DeleteResult(ObjectNode object, boolean removed) {
}
