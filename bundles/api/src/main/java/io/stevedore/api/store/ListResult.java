package io.stevedore.api.store;

import java.util.List;

/**
 * A consistent snapshot of the keys under a prefix, all as of one revision.
 *
 * @param items    the values, ordered by key
 * @param revision the revision the snapshot is at
 * @param more     true when {@code limit} cut the list short
 * @param remaining how many more keys lie after the last one returned (when {@code more})
 */
public record ListResult(List<KeyValue> items, long revision, boolean more, long remaining) {
}
