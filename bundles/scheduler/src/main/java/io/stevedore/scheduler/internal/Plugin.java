package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.List;

/** The extension points of the scheduling framework a plugin takes part in; every one is optional. */
public interface Plugin {

    /** The plugin's name as in Kubernetes' scheduler configuration (also its weight's key). */
    String name();

    /**
     * Before filtering: compute what the filter needs from the whole cluster ({@code nodes} is every node).
     * A non-success status fails the pod on every node.
     */
    default Status preFilter(CycleState state, Pod pod, ClusterSnapshot snapshot) {
        return Status.SUCCESS;
    }

    /** Whether the plugin filters nodes. */
    default boolean filters() {
        return false;
    }

    default Status filter(CycleState state, Pod pod, NodeInfo node) {
        return Status.SUCCESS;
    }

    /** What the plugin's pre-filter data becomes when {@code other} is added to {@code node} (preemption's what-if). */
    default void addPod(CycleState state, Pod pod, Pod other, NodeInfo node) {
    }

    /** The same, for {@code other} removed from {@code node}. */
    default void removePod(CycleState state, Pod pod, Pod other, NodeInfo node) {
    }

    /** Whether the plugin scores nodes. */
    default boolean scores() {
        return false;
    }

    /** Before scoring: compute what scoring needs, given the nodes that passed the filters. */
    default void preScore(CycleState state, Pod pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
    }

    /** A node's raw score; {@link #normalize} brings the raw scores to 0..{@link Framework#MAX_NODE_SCORE}. */
    default long score(CycleState state, Pod pod, NodeInfo node) {
        return 0;
    }

    default void normalize(CycleState state, Pod pod, List<NodeInfo> nodes, long[] scores) {
    }

    /**
     * Kubernetes' DefaultNormalizeScore: scales scores so the highest is {@code max}; {@code reverse} turns
     * "fewest is best" counts around.
     */
    static void defaultNormalize(long max, boolean reverse, long[] scores) {
        long highest = 0;
        for (long s : scores) {
            highest = Math.max(highest, s);
        }
        for (int i = 0; i < scores.length; i++) {
            if (highest == 0) {
                scores[i] = reverse ? max : 0;
                continue;
            }
            long s = max * scores[i] / highest;
            scores[i] = reverse ? max - s : s;
        }
    }
}
