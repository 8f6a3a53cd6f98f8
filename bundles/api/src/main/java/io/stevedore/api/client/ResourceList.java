package io.stevedore.api.client;

import java.util.List;

/**
 * One page of a typed list.
 *
 * @param items           the objects, ordered by namespace and name
 * @param resourceVersion the revision the list is consistent at (start a watch from it)
 * @param continueToken   the token for the next page, null on the last page
 * @param <T>             the kind
 */
public record ResourceList<T>(List<T> items, String resourceVersion, String continueToken) {

    public ResourceList {
        items = List.copyOf(items);
    }
}
