package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * DefaultPreemption: when no node fits a pod, find nodes where evicting pods of lower priority would let
 * it fit, keep as many of those pods as still allows it (highest priority first), and pick the node whose
 * victims cost least: lowest highest-victim priority, then lowest sum of priorities, then fewest victims,
 * then the latest-started highest-priority victims.
 */
public final class Preemption {

    static final String NOT_HELPFUL = "Preemption is not helpful for scheduling";
    static final String NO_VICTIMS = "No preemption victims found for incoming pod";

    /** Where the pod will go once its victims are gone, or why nothing can be done. */
    public record Outcome(String nodeName, List<Pod> victims, String message) {
        public boolean found() {
            return nodeName != null;
        }
    }

    private final Framework framework;

    public Preemption(Framework framework) {
        this.framework = framework;
    }

    /** Whether the pod may preempt at all, or the reason it may not (a non-null message). */
    static String ineligible(Pod pod, ClusterSnapshot snapshot) {
        if ("Never".equals(pod.getSpec().getPreemptionPolicy())) {
            return "not eligible due to preemptionPolicy=Never";
        }
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            NodeInfo n = snapshot.get(nominated);
            if (n != null) {
                int priority = SchedulingQueue.priority(pod);
                for (Pod p : n.pods()) {
                    if (p.getMetadata().getDeletionTimestamp() != null && SchedulingQueue.priority(p) < priority) {
                        return "not eligible due to a terminating pod on the nominated node";
                    }
                }
            }
        }
        return null;
    }

    /** Runs under the cache's read lock, after the cycle's pre-filter wrote {@code state}. */
    public Outcome find(CycleState state, Pod pod, FitError fit, ClusterSnapshot snapshot) {
        String why = ineligible(pod, snapshot);
        if (why != null) {
            return new Outcome(null, List.of(), "preemption: " + why);
        }
        int priority = SchedulingQueue.priority(pod);
        List<Status> verdicts = new ArrayList<>();
        Candidate best = null;
        for (NodeInfo node : snapshot.nodes()) {
            Status s = fit.nodeStatuses().get(node.name());
            if (s != null && s.code() != Status.Code.UNSCHEDULABLE) {
                verdicts.add(Status.unresolvable(NOT_HELPFUL));
                continue;
            }
            Candidate c = victims(state, pod, priority, node, snapshot);
            if (c == null) {
                verdicts.add(Status.unschedulable(NO_VICTIMS));
                continue;
            }
            if (best == null || c.betterThan(best)) {
                best = c;
            }
        }
        if (best == null) {
            return new Outcome(null, List.of(), "preemption: 0/" + snapshot.nodes().size()
                    + " nodes are available: " + FitError.histogram(verdicts));
        }
        return new Outcome(best.node, best.victims, null);
    }

    private record Candidate(String node, List<Pod> victims, int highest, long sum, Instant latestStart) {

        boolean betterThan(Candidate o) {
            if (highest != o.highest) {
                return highest < o.highest;
            }
            if (sum != o.sum) {
                return sum < o.sum;
            }
            if (victims.size() != o.victims.size()) {
                return victims.size() < o.victims.size();
            }
            return latestStart.isAfter(o.latestStart);
        }
    }

    /** The fewest lower-priority pods whose eviction lets the pod fit on the node, or null when none does. */
    private Candidate victims(CycleState cycle, Pod pod, int priority, NodeInfo original, ClusterSnapshot snapshot) {
        List<Pod> lower = new ArrayList<>();
        for (Pod p : original.pods()) {
            if (SchedulingQueue.priority(p) < priority) {
                lower.add(p);
            }
        }
        if (lower.isEmpty()) {
            return null;
        }
        NodeInfo node = original.copy();
        CycleState state = cycle.copy();
        for (Pod p : lower) {
            node.removePod(SchedulingQueue.key(p));
            for (Plugin pl : framework.plugins()) {
                pl.removePod(state, pod, p, node);
            }
        }
        // pods nominated to the node with at least the preemptor's priority keep their room (SelectVictimsOnNode)
        if (!framework.filterWithNominated(state, pod, node, snapshot).isSuccess()) {
            return null;
        }
        lower.sort(Comparator.comparingInt((Pod p) -> -SchedulingQueue.priority(p)).thenComparing(Preemption::start));
        List<Pod> victims = new ArrayList<>();
        for (Pod p : lower) {
            node.addPod(SchedulingQueue.key(p), p);
            for (Plugin pl : framework.plugins()) {
                pl.addPod(state, pod, p, node);
            }
            if (!framework.filterWithNominated(state, pod, node, snapshot).isSuccess()) {
                node.removePod(SchedulingQueue.key(p));
                for (Plugin pl : framework.plugins()) {
                    pl.removePod(state, pod, p, node);
                }
                victims.add(p);
            }
        }
        if (victims.isEmpty()) {
            return null;
        }
        int highest = Integer.MIN_VALUE;
        long sum = 0;
        for (Pod v : victims) {
            highest = Math.max(highest, SchedulingQueue.priority(v));
            sum += (long) SchedulingQueue.priority(v) + Integer.MAX_VALUE + 1L;
        }
        Instant latest = Instant.MIN;
        for (Pod v : victims) {
            if (SchedulingQueue.priority(v) == highest) {
                Instant s = start(v);
                latest = latest == Instant.MIN || s.isBefore(latest) ? s : latest;
            }
        }
        return new Candidate(original.name(), victims, highest, sum, latest);
    }

    private static Instant start(Pod p) {
        String t = p.getStatus() != null && p.getStatus().getStartTime() != null ? p.getStatus().getStartTime()
                : p.getMetadata().getCreationTimestamp();
        try {
            return t == null ? Instant.EPOCH : Instant.parse(t);
        } catch (RuntimeException e) {
            return Instant.EPOCH;
        }
    }
}
