package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.Pod;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntConsumer;

/**
 * One scheduling cycle's algorithm over a snapshot: pre-filter, filter (until enough feasible nodes are
 * found, starting where the last cycle stopped), pre-score, score with each plugin's weight, and the
 * highest total wins (ties broken at random), as Kubernetes' {@code schedulePod}. Filtering and scoring run on
 * {@code parallelism} threads (the caller and helpers), as kube-scheduler's parallelizer spreads them over
 * goroutines; plugins only read the cycle state in filter and score, so nodes are independent.
 */
public final class Framework implements AutoCloseable {

    public static final long MAX_NODE_SCORE = 100;
    static final int MIN_FEASIBLE_NODES_TO_FIND = 100;
    static final int MIN_FEASIBLE_NODES_PERCENTAGE_TO_FIND = 5;

    private final List<Plugin> plugins;
    private volatile Map<String, Integer> weights;
    private volatile int percentageOfNodesToScore;
    private int nextStartNodeIndex;
    private final int parallelism;
    private final ExecutorService helpers;

    /**
     * Kubernetes' default parallelism is 16. Here the scheduler shares its JVM and cores with the API server, the
     * store and the controllers, which bind, write events and feed informers while it filters: half the processors,
     * at most 16. (On 2 cores one thread bound 1,852 pods/s warm, two threads 1,592.)
     */
    public static int defaultParallelism() {
        return Math.max(1, Math.min(16, Runtime.getRuntime().availableProcessors() / 2));
    }

    /** Where a pod goes, and how many nodes were looked at to decide. */
    public record Result(NodeInfo node, int evaluatedNodes, int feasibleNodes) {
    }

    public Framework(List<Plugin> plugins, Map<String, Integer> weights, int percentageOfNodesToScore) {
        this(plugins, weights, percentageOfNodesToScore, defaultParallelism());
    }

    public Framework(List<Plugin> plugins, Map<String, Integer> weights, int percentageOfNodesToScore,
                     int parallelism) {
        this.plugins = List.copyOf(plugins);
        this.weights = Map.copyOf(weights);
        this.percentageOfNodesToScore = percentageOfNodesToScore;
        this.parallelism = Math.max(1, parallelism);
        AtomicInteger n = new AtomicInteger();
        this.helpers = this.parallelism == 1 ? null : Executors.newFixedThreadPool(this.parallelism - 1, r -> {
            Thread t = new Thread(r, "scheduler-parallel-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void close() {
        if (helpers != null) {
            helpers.shutdownNow();
        }
    }

    /**
     * Runs {@code body} for every index below {@code n}, in chunks, on the calling thread and the helpers; returns
     * when all are done. A body that throws fails the whole run (rethrown here).
     */
    void parallelFor(int n, IntConsumer body) {
        int workers = Math.min(parallelism, Math.max(1, n / 32));
        if (workers <= 1 || helpers == null) {
            for (int i = 0; i < n; i++) {
                body.accept(i);
            }
            return;
        }
        int chunk = Math.max(8, n / (workers * 4));
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        Runnable work = () -> {
            try {
                for (int from = next.getAndAdd(chunk); from < n && failure.get() == null; from = next.getAndAdd(chunk)) {
                    for (int i = from, to = Math.min(n, from + chunk); i < to; i++) {
                        body.accept(i);
                    }
                }
            } catch (Throwable e) {
                failure.compareAndSet(null, e);
            }
        };
        CountDownLatch done = new CountDownLatch(workers - 1);
        for (int w = 1; w < workers; w++) {
            helpers.execute(() -> {
                try {
                    work.run();
                } finally {
                    done.countDown();
                }
            });
        }
        work.run();
        try {
            done.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while filtering or scoring", e);
        }
        Throwable failed = failure.get();
        if (failed instanceof RuntimeException re) {
            throw re;
        }
        if (failed instanceof Error err) {
            throw err;
        }
        if (failed != null) {
            throw new IllegalStateException(failed);
        }
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
     * The filters with the pods nominated to the node counted as if they ran there, when they have at least the
     * pod's priority (Kubernetes' RunFilterPluginsWithNominatedPods): the node must fit the pod both with them and
     * without them, so a preemptor's freed room is not taken by a lower-priority pod meanwhile.
     */
    public Status filterWithNominated(CycleState state, Pod pod, NodeInfo node, ClusterSnapshot snapshot) {
        Collection<Pod> nominated = snapshot.nominatedOn(node.name());
        if (!nominated.isEmpty()) {
            int priority = SchedulingQueue.priority(pod);
            String self = SchedulingQueue.key(pod);
            NodeInfo with = null;
            CycleState withState = null;
            for (Pod other : nominated) {
                if (self.equals(SchedulingQueue.key(other)) || SchedulingQueue.priority(other) < priority) {
                    continue;
                }
                if (with == null) {
                    with = node.copy();
                    withState = state.copy();
                }
                with.addPod(SchedulingQueue.key(other), other);
                for (Plugin p : plugins) {
                    p.addPod(withState, pod, other, with);
                }
            }
            if (with != null) {
                Status s = filter(withState, pod, with);
                if (!s.isSuccess()) {
                    return s;
                }
            }
        }
        return filter(state, pod, node);
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
            if (n != null && filterWithNominated(state, pod, n, snapshot).isSuccess()) {
                return new Result(n, 1, 1);
            }
        }
        int toFind = numFeasibleNodesToFind(nodes.size());
        int all = nodes.size();
        int start = nextStartNodeIndex % all;
        // Nodes from the start index on are filtered in parallel until enough are feasible (findNodesThatPassFilters)
        Status[] outcomes = new Status[all];
        AtomicInteger found = new AtomicInteger();
        parallelFor(all, i -> {
            if (found.get() >= toFind) {
                return;
            }
            Status st = filterWithNominated(state, pod, nodes.get((start + i) % all), snapshot);
            outcomes[i] = st;
            if (st.isSuccess()) {
                found.incrementAndGet();
            }
        });
        List<NodeInfo> feasible = new ArrayList<>(Math.min(toFind, all));
        Map<String, Status> failed = new LinkedHashMap<>();
        int processed = 0;
        for (int i = 0; i < all; i++) {
            Status st = outcomes[i];
            if (st == null || (st.isSuccess() && feasible.size() >= toFind)) {
                continue; // feasible beyond what was asked (parallel workers overshoot) are not counted as seen
            }
            processed++;
            NodeInfo n = nodes.get((start + i) % all);
            if (st.isSuccess()) {
                feasible.add(n);
            } else {
                failed.put(n.name(), st);
            }
        }
        nextStartNodeIndex = (start + processed) % all;
        if (feasible.isEmpty()) {
            throw new FitError(pod, nodes.size(), failed, "");
        }
        if (feasible.size() == 1) {
            return new Result(feasible.get(0), processed, 1);
        }
        long[] totals = score(state, pod, feasible, snapshot);
        return new Result(selectHost(feasible, totals), processed, feasible.size());
    }

    /** Weighted, normalized scores of each feasible node (every plugin pre-scores, then nodes score in parallel). */
    long[] score(CycleState state, Pod pod, List<NodeInfo> feasible, ClusterSnapshot snapshot) {
        Map<String, Integer> w = weights;
        List<Plugin> scoring = new ArrayList<>();
        for (Plugin p : plugins) {
            if (p.scores() && w.getOrDefault(p.name(), 0) != 0) {
                p.preScore(state, pod, feasible, snapshot);
                scoring.add(p);
            }
        }
        long[][] scores = new long[scoring.size()][feasible.size()];
        parallelFor(feasible.size(), i -> {
            NodeInfo node = feasible.get(i);
            for (int k = 0; k < scores.length; k++) {
                scores[k][i] = scoring.get(k).score(state, pod, node);
            }
        });
        long[] totals = new long[feasible.size()];
        for (int k = 0; k < scores.length; k++) {
            Plugin p = scoring.get(k);
            p.normalize(state, pod, feasible, scores[k]);
            long weight = w.getOrDefault(p.name(), 0);
            for (int i = 0; i < totals.length; i++) {
                totals[i] += scores[k][i] * weight;
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
