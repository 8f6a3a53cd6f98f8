package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/**
 * One scheduling cycle's algorithm over a snapshot: pre-filter, filter (until enough feasible nodes are
 * found, starting where the last cycle stopped), pre-score, score with each plugin's weight, and the
 * highest total wins (ties broken at random), as Kubernetes' {@code schedulePod}.
 */
public final class Framework {

    public static final long MAX_NODE_SCORE = 100;
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final List<Plugin> plugins;
    private volatile Map<String, Integer> weights;
    private volatile int percentageOfNodesToScore;
    private int nextStartNodeIndex;

    /** Where a pod goes, and how many nodes were looked at to decide. */
    public record Result(NodeInfo node, int evaluatedNodes, int feasibleNodes) {
    }

    public Framework(List<Plugin> plugins, Map<String, Integer> weights, int percentageOfNodesToScore) {
        this.plugins = List.copyOf(plugins);
        this.weights = Map.copyOf(weights);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    public List<Plugin> plugins() {
        return plugins;
    }

    /** Applies new score weights and node-score percentage to the next cycles. */
    public void configure(Map<String, Integer> weights, int percentageOfNodesToScore) {
        this.weights = Map.copyOf(weights);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
    }

    public Map<String, Integer> weights() {
        return weights;
    }

    /** How many feasible nodes to find before scoring ({@code numFeasibleNodesToFind}). */
    int numFeasibleNodesToFind(int numAllNodes) {
        if (numAllNodes < MIN_FEASIBLE_NODES_TO_FIND) {
            return numAllNodes;
        }
        int percentage = percentageOfNodesToScore;
        if (percentage <= 0) {
            percentage = Math.max(MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND, 50 - numAllNodes / 125);
        }
        if (percentage >= 100) {
            return numAllNodes;
        }
        int n = (int) ((long) numAllNodes * percentage / 100);
        return Math.max(n, MIN_FEASIBLE_NODES_TO_FIND);
    }

    /** Runs the pre-filters; a failure is a message for every node. */
    Status preFilter(CycleState state, Pod pod, ClusterSnapshot snapshot) {
        for (Plugin p : plugins) {
            Status s = p.preFilter(state, pod, snapshot);
            if (!s.isSuccess()) {
                return s;
            }
        }
        return Status.SUCCESS;
    }

    /** Runs the filters on one node, stopping at the first that fails (its reasons are the node's). */
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        for (Plugin p : plugins) {
            if (p.filters()) {
                Status s = p.filter(state, pod, node);
                if (!s.isSuccess()) {
                    return s;
                }
            }
        }
        return Status.SUCCESS;
    }

    /**
     * Finds the node for a pod.
     *
     * @throws FitError when no node fits
     */
    public Result schedule(CycleState state, Pod pod, ClusterSnapshot snapshot) throws FitError {
        List<NodeInfo> nodes = snapshot.nodes();
        if (nodes.isEmpty()) {
            throw new FitError(pod, 0, Map.of(), "");
        }
        Status pre = preFilter(state, pod, snapshot);
        if (!pre.isSuccess()) {
            throw new FitError(pod, nodes.size(), Map.of(), String.join(", ", pre.reasons()));
        }
        String nominated = pod.getStatus() == null ? null : pod.getStatus().getNominatedNodeName();
        if (nominated != null && !nominated.isEmpty()) {
            NodeInfo n = snapshot.get(nominated);
            if (n != null && filter(state, pod, n).isSuccess()) {
                return new Result(n, 1, 1);
            }
        }
        int toFind = numFeasibleNodesToFind(nodes.size());
        List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, nodes.size()));
        Map<String, Status> failed = new LinkedHashMap<>();
        int start = nextStartNodeIndex % nodes.size();
        int processed = 0;
        for (int i = 0; i < nodes.size() && feasible.size() < toFind; i++) {
            NodeInfo n = nodes.get((start + i) % nodes.size());
            processed++;
            Status s = filter(state, pod, n);
            if (s.isSuccess()) {
                feasible.add(n);
            } else {
                failed.put(n.name(), s);
            }
        }
        nextStartNodeIndex = (start + processed) % nodes.size();
        if (feasible.isEmpty()) {
            throw new FitError(pod, nodes.size(), failed, "");
        }
        if (feasible.size() == 1) {
            return new Result(feasible.get(0), processed, 1);
        }
        long[] totals = score(state, pod, feasible, snapshot);
        return new Result(selectHost(feasible, totals), processed, feasible.size());
    }

    /** Weighted, normalized scores of each feasible node. */
    long[] score(CycleState state, Pod pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        Map<String, Integer> w = weights;
        long[] totals = new long[feasible.size()];
        for (Plugin p : plugins) {
            int weight = w.getOrDefault(p.name(), 0);
            if (!p.scores() || weight == 0) {
                continue;
            }
            p.preScore(state, pod, feasible, snapshot);
            long[] scores = new long[feasible.size()];
            for (int i = 0; i < scores.length; i++) {
                scores[i] = p.score(state, pod, feasible.get(i));
            }
            p.normalize(state, pod, feasible, scores);
            for (int i = 0; i < scores.length; i++) {
                totals[i] += scores[i] * weight;
            }
        }
        return totals;
    }

    /** The highest-scoring node; among equals each is equally likely (reservoir sampling). */
    static NodeInfo selectHost(List<NodeInfo> nodes, long[] totals) {
        int best = 0;
        int ties = 1;
        for (int i = 1; i < totals.length; i++) {
            if (totals[i] > totals[best]) {
                best = i;
                ties = 1;
            } else if (totals[i] == totals[best]) {
                ties++;
                if (ThreadLocalRandom.current().nextInt(ties) == 0) {
                    best = i;
                }
            }
        }
        return nodes.get(best);
    }

    /** Kubernetes' default plugin weights. */
    public static Map<String, Integer> defaultWeights() {
        Map<String, Integer> w = new HashMap<>();
        w.put("TaintToleration", 3);
        w.put("NodeAffinity", 2);
        w.put("PodTopologySpread", 2);
        w.put("InterPodAffinity", 2);
        w.put("NodeResourcesFit", 1);
        w.put("NodeResourcesBalancedAllocation", 1);
        w.put("ImageLocality", 1);
        return w;
    }
}
