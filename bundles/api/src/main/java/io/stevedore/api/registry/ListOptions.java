package io.stevedore.api.registry;

/**
 * The query of a list or watch, as {@code metav1.ListOptions} carries it.
 *
 * @param labelSelector        label selector string, null for none
 * @param fieldSelector        field selector string, null for none
 * @param limit                page size, 0 for no limit
 * @param continueToken        continue token from the previous page, null for the first
 * @param resourceVersion      "" (consistent), "0" (any), or a revision
 * @param resourceVersionMatch "", "NotOlderThan" or "Exact"
 * @param allowWatchBookmarks  watch: send BOOKMARK events
 * @param sendInitialEvents    watch: start with ADDED events for the current state (streaming list)
 * @param timeoutSeconds       watch: end the stream after this long, 0 for the server default
 */
public record ListOptions(String labelSelector, String fieldSelector, long limit, String continueToken,
                          String resourceVersion, String resourceVersionMatch, boolean allowWatchBookmarks,
                          Boolean sendInitialEvents, long timeoutSeconds) {

    public static final ListOptions ALL = new ListOptions(null, null, 0, null, "", "", false, null, 0);

    /** The annotation ("true") of the bookmark that ends a watch's initial events ({@link #withInitialEvents}). */
    public static final String INITIAL_EVENTS_END = "k8s.io/initial-events-end";

    public ListOptions withLabelSelector(String selector) {
        return new ListOptions(selector, fieldSelector, limit, continueToken, resourceVersion, resourceVersionMatch,
                allowWatchBookmarks, sendInitialEvents, timeoutSeconds);
    }

    public ListOptions withFieldSelector(String selector) {
        return new ListOptions(labelSelector, selector, limit, continueToken, resourceVersion, resourceVersionMatch,
                allowWatchBookmarks, sendInitialEvents, timeoutSeconds);
    }

    public ListOptions withResourceVersion(String rv) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, rv, resourceVersionMatch,
                allowWatchBookmarks, sendInitialEvents, timeoutSeconds);
    }

    /**
     * A watch that starts with the current objects as ADDED events and marks their end with a bookmark annotated
     * {@code k8s.io/initial-events-end} (client-go's streaming list: {@code sendInitialEvents=true},
     * {@code resourceVersionMatch=NotOlderThan}, bookmarks on).
     */
    public ListOptions withInitialEvents() {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion, "NotOlderThan",
                true, Boolean.TRUE, timeoutSeconds);
    }

    public ListOptions withBookmarks(boolean bookmarks) {
        return new ListOptions(labelSelector, fieldSelector, limit, continueToken, resourceVersion,
                resourceVersionMatch, bookmarks, sendInitialEvents, timeoutSeconds);
    }
}
