package io.stevedore.api.runtime;

/**
 * An image present on the node.
 *
 * @param reference the name it was asked by
 * @param id        its ID as container status reports it (imageID)
 * @param sizeBytes its size, for node status
 */
public record Image(String reference, String id, long sizeBytes) {
}
