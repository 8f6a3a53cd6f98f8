package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * No node fits a pod: the verdict of each node that failed, for the FailedScheduling message and for
 * preemption (which only tries nodes that failed with {@link Status.Code#UNSCHEDULABLE}).
 */
public final class FitError extends Exception {

    private final transient Pod pod;
    private final int numAllNodes;
    private final transient Map<String, Status> nodeStatuses;
    private final String preFilterMessage;
    private volatile String postFilterMessage;

    FitError(Pod pod, int numAllNodes, Map<String, Status> nodeStatuses, String preFilterMessage) {
        super(null, null, false, false);
        this.pod = pod;
        this.numAllNodes = numAllNodes;
        this.nodeStatuses = nodeStatuses;
        this.preFilterMessage = preFilterMessage;
    }

    public Pod pod() {
        return pod;
    }

    public int numAllNodes() {
        return numAllNodes;
    }

    public Map<String, Status> nodeStatuses() {
        return nodeStatuses;
    }

    void setPostFilterMessage(String message) {
        postFilterMessage = message;
    }

    /**
     * Kubernetes' FitError text: "0/N nodes are available: " then the count of each reason, sorted as
     * strings and comma-joined, then the preemption outcome; with no nodes at all, Kubernetes' own
     * "no nodes available to schedule pods".
     */
    @Override
    public String getMessage() {
        if (numAllNodes == 0) {
            // ErrNoNodesAvailable: what Kubernetes reports before it looks at any plugin.
            return "no nodes available to schedule pods";
        }
        StringBuilder b = new StringBuilder("0/").append(numAllNodes).append(" nodes are available:");
        if (preFilterMessage != null && !preFilterMessage.isEmpty()) {
            b.append(' ').append(preFilterMessage).append('.');
        } else {
            b.append(' ').append(histogram(nodeStatuses.values())).append('.');
        }
        if (postFilterMessage != null && !postFilterMessage.isEmpty()) {
            b.append(' ').append(postFilterMessage).append('.');
        }
        return b.toString();
    }

    /** "2 Insufficient cpu, 1 node(s) had ..." : each reason with its count, sorted as strings. */
    static String histogram(Iterable<Status> statuses) {
        Map<String, Integer> counts = new TreeMap<>();
        for (Status s : statuses) {
            for (String r : s.reasons()) {
                counts.merge(r, 1, Integer::sum);
            }
        }
        List<String> parts = new ArrayList<>();
        counts.forEach((reason, n) -> parts.add(n + " " + reason));
        Collections.sort(parts);
        return String.join(", ", parts);
    }
}
