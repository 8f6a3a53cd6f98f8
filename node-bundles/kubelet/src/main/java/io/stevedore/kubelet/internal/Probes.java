package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerPort;
import io.fabric8.kubernetes.api.model.HTTPHeader;
import io.fabric8.kubernetes.api.model.IntOrString;
import io.fabric8.kubernetes.api.model.Probe;
import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.ExecResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * The kubelet's prober: one worker per container and probe kind (startup, readiness, liveness),
 * running exec, httpGet or tcpSocket checks with Kubernetes' defaults (period 10 s, timeout 1 s,
 * failureThreshold 3, successThreshold 1) and reporting each change of result to the pod's sync.
 */
final class Probes {

    enum Kind { STARTUP, READINESS, LIVENESS }

    /** The outcome of one probe. */
    record Result(boolean success, String message) {
    }

    /** A probe's result changed: the pod must sync; a failure is worth an Unhealthy event. */
    record Change(String podKey, Kind kind, String container, boolean success, String message) {
    }

    private final ContainerRuntime runtime;
    private final ScheduledExecutorService timers;
    private final Consumer<Change> changed;
    private final Map<String, Worker> workers = new ConcurrentHashMap<>();

    /** @param changed called with the pod key when a result changes */
    Probes(ContainerRuntime runtime, ScheduledExecutorService timers, Consumer<Change> changed) {
        this.runtime = runtime;
        this.timers = timers;
        this.changed = changed;
    }

    /** Makes sure the container's probes run (once per container instance). */
    void ensure(String podKey, String containerId, Container c, String podIp) {
        add(podKey, containerId, c, podIp, Kind.STARTUP, c.getStartupProbe());
        add(podKey, containerId, c, podIp, Kind.READINESS, c.getReadinessProbe());
        add(podKey, containerId, c, podIp, Kind.LIVENESS, c.getLivenessProbe());
    }

    private void add(String podKey, String containerId, Container c, String podIp, Kind kind, Probe p) {
        if (p == null) {
            return;
        }
        workers.computeIfAbsent(containerId + "/" + kind, k -> {
            Worker w = new Worker(podKey, containerId, c, podIp, kind, p);
            w.schedule();
            return w;
        });
    }

    /** Whether the startup probe passed (true when there is none). */
    boolean started(String containerId, Container c) {
        if (c.getStartupProbe() == null) {
            return true;
        }
        Worker w = workers.get(containerId + "/" + Kind.STARTUP);
        return w != null && w.state == Boolean.TRUE;
    }

    /** Whether the container is ready (true with no readiness probe once started). */
    boolean ready(String containerId, Container c) {
        if (!started(containerId, c)) {
            return false;
        }
        if (c.getReadinessProbe() == null) {
            return true;
        }
        Worker w = workers.get(containerId + "/" + Kind.READINESS);
        return w != null && w.state == Boolean.TRUE;
    }

    /** A failure that must restart the container (liveness, or startup past its threshold), or null. */
    String restartReason(String containerId) {
        for (Kind k : List.of(Kind.STARTUP, Kind.LIVENESS)) {
            Worker w = workers.get(containerId + "/" + k);
            if (w != null && w.state == Boolean.FALSE) {
                return (k == Kind.STARTUP ? "Startup" : "Liveness") + " probe failed: " + w.lastMessage;
            }
        }
        return null;
    }

    /** Stops the probes of container instances no longer running. */
    void retain(java.util.Set<String> runningContainerIds) {
        workers.entrySet().removeIf(e -> {
            String id = e.getKey().substring(0, e.getKey().lastIndexOf('/'));
            if (!runningContainerIds.contains(id)) {
                e.getValue().cancel();
                return true;
            }
            return false;
        });
    }

    void close() {
        workers.values().forEach(Worker::cancel);
        workers.clear();
    }

    private final class Worker {
        final String podKey;
        final String containerId;
        final Container container;
        final String podIp;
        final Kind kind;
        final Probe probe;
        volatile Boolean state;
        volatile String lastMessage = "";
        int successes;
        int failures;
        volatile ScheduledFuture<?> future;

        Worker(String podKey, String containerId, Container container, String podIp, Kind kind, Probe probe) {
            this.podKey = podKey;
            this.containerId = containerId;
            this.container = container;
            this.podIp = podIp;
            this.kind = kind;
            this.probe = probe;
        }

        void schedule() {
            long delay = Math.max(0, probe.getInitialDelaySeconds() == null ? 0 : probe.getInitialDelaySeconds());
            long period = Math.max(1, probe.getPeriodSeconds() == null ? 10 : probe.getPeriodSeconds());
            future = timers.scheduleWithFixedDelay(this::run, delay * 1000, period * 1000, TimeUnit.MILLISECONDS);
        }

        void cancel() {
            ScheduledFuture<?> f = future;
            if (f != null) {
                f.cancel(false);
            }
        }

        private void run() {
            if (kind != Kind.STARTUP && workers.containsKey(containerId + "/" + Kind.STARTUP)
                    && workers.get(containerId + "/" + Kind.STARTUP).state != Boolean.TRUE) {
                return;
            }
            if (kind == Kind.STARTUP && state == Boolean.TRUE) {
                return;
            }
            Result r;
            try {
                r = probe();
            } catch (RuntimeException e) {
                r = new Result(false, e.getMessage());
            }
            int successThreshold = probe.getSuccessThreshold() == null ? 1 : probe.getSuccessThreshold();
            int failureThreshold = probe.getFailureThreshold() == null ? 3 : probe.getFailureThreshold();
            Boolean before = state;
            if (r.success()) {
                failures = 0;
                successes++;
                if (successes >= successThreshold) {
                    state = Boolean.TRUE;
                }
            } else {
                successes = 0;
                failures++;
                lastMessage = r.message();
                if (failures >= failureThreshold) {
                    state = Boolean.FALSE;
                }
            }
            if (state != before) {
                changed.accept(new Change(podKey, kind, container.getName(), state == Boolean.TRUE, lastMessage));
            }
        }

        private Result probe() {
            Duration timeout = Duration.ofSeconds(Math.max(1, probe.getTimeoutSeconds() == null ? 1
                    : probe.getTimeoutSeconds()));
            if (probe.getExec() != null) {
                ExecResult r = runtime.execSync(containerId, probe.getExec().getCommand(), timeout);
                if (r.timedOut()) {
                    return new Result(false, "command timed out");
                }
                return new Result(r.exitCode() == 0, r.output().trim());
            }
            if (probe.getHttpGet() != null) {
                var h = probe.getHttpGet();
                int port = port(h.getPort());
                String host = h.getHost() == null || h.getHost().isEmpty() ? podIp : h.getHost();
                String scheme = h.getScheme() == null ? "http" : h.getScheme().toLowerCase();
                String path = h.getPath() == null || h.getPath().isEmpty() ? "/" : h.getPath();
                if (!path.startsWith("/")) {
                    path = "/" + path;
                }
                String url = scheme + "://" + host + ":" + port + path;
                try {
                    HttpURLConnection c = (HttpURLConnection) URI.create(url).toURL().openConnection();
                    c.setConnectTimeout((int) timeout.toMillis());
                    c.setReadTimeout((int) timeout.toMillis());
                    c.setInstanceFollowRedirects(false);
                    c.setRequestProperty("User-Agent", "kube-probe/1.32");
                    c.setRequestProperty("Accept", "*/*");
                    if (h.getHttpHeaders() != null) {
                        for (HTTPHeader hh : h.getHttpHeaders()) {
                            c.setRequestProperty(hh.getName(), hh.getValue());
                        }
                    }
                    int code = c.getResponseCode();
                    try (InputStream in = code >= 400 ? c.getErrorStream() : c.getInputStream()) {
                        if (in != null) {
                            in.readNBytes(10 * 1024);
                        }
                    }
                    c.disconnect();
                    if (code >= 200 && code < 400) {
                        return new Result(true, "");
                    }
                    return new Result(false, "HTTP probe failed with statuscode: " + code);
                } catch (IOException e) {
                    return new Result(false, "Get \"" + url + "\": " + e.getMessage());
                }
            }
            if (probe.getTcpSocket() != null) {
                int port = port(probe.getTcpSocket().getPort());
                String host = probe.getTcpSocket().getHost() == null || probe.getTcpSocket().getHost().isEmpty()
                        ? podIp : probe.getTcpSocket().getHost();
                try (Socket s = new Socket()) {
                    s.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
                    return new Result(true, "");
                } catch (IOException e) {
                    return new Result(false, "dial tcp " + host + ":" + port + ": " + e.getMessage());
                }
            }
            if (probe.getGrpc() != null) {
                return new Result(false, "gRPC probes are not supported by this kubelet");
            }
            return new Result(false, "probe has no handler");
        }

        private int port(IntOrString p) {
            if (p == null) {
                return 0;
            }
            if (p.getIntVal() != null) {
                return p.getIntVal();
            }
            String name = p.getStrVal();
            if (container.getPorts() != null) {
                for (ContainerPort cp : container.getPorts()) {
                    if (name.equals(cp.getName())) {
                        return cp.getContainerPort();
                    }
                }
            }
            try {
                return Integer.parseInt(name);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("unknown port name " + name);
            }
        }
    }
}
