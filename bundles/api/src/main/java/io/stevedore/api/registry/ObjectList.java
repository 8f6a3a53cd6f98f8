package io.stevedore.api.registry;

import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * One page of a list.
 *
 * @param items              the objects, resourceVersion set, ordered by namespace and name
 * @param resourceVersion    the revision the list is consistent at
 * @param continueToken      token for the next page, null on the last page
 * @param remainingItemCount items after this page when known, null otherwise
 */
public record ObjectList(List<ObjectNode> items, String resourceVersion, String continueToken,
                         Long remainingItemCount) {
}
