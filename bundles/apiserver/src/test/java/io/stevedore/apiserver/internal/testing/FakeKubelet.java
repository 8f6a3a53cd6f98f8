package io.stevedore.apiserver.internal.testing;

import io.stevedore.api.ApiException;
import io.stevedore.api.runtime.KubeletStreams;
import io.stevedore.api.runtime.LogOptions;
import io.stevedore.api.runtime.StreamSession;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;

/**
 * A kubelet for tests: a fixed log per container (with times, so since/tail/timestamps behave as a kubelet's),
 * exec and attach as real local processes, and port-forward to local ports. Records what it was asked.
 */
public final class FakeKubelet implements KubeletStreams {

    /** Kubernetes' RFC3339NanoFixed: always nine fractional digits. */
    private static final DateTimeFormatter NANOS = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSSSSX")
            .withZone(ZoneOffset.UTC);

    /** One call of {@link #logs}. */
    public record LogCall(String namespace, String pod, String container, boolean previous, LogOptions options) {
    }

    /** One line of a log and when it was written. */
    public record Line(Instant time, String text) {
    }

    private final String node;
    public final List<LogCall> logCalls = new CopyOnWriteArrayList<>();
    public final List<List<String>> execCalls = new CopyOnWriteArrayList<>();
    public final List<int[]> resizes = new CopyOnWriteArrayList<>();
    /** Log lines per container. */
    public final Map<String, List<Line>> logs = new ConcurrentHashMap<>();
    /** Lines a follow writes after the log, one every {@link #followIntervalMillis}, before it returns. */
    public volatile List<String> followLines = List.of();
    public volatile long followIntervalMillis = 50;
    /** When set, a follow waits on this (after its lines) instead of returning: a log that stays open. */
    public volatile CountDownLatch holdFollow;
    /** A permit for every held follow that ended (its client went away). */
    public final Semaphore followsEnded = new Semaphore(0);
    /** Pod port to local port. */
    public final Map<Integer, Integer> ports = new ConcurrentHashMap<>();
    /** The command attach runs (the "container's main process"). */
    public volatile List<String> attachCommand = List.of("cat");

    public FakeKubelet(String node) {
        this.node = node;
    }

    @Override
    public String nodeName() {
        return node;
    }

    @Override
    public void logs(String namespace, String pod, String container, boolean previous, LogOptions options,
                     OutputStream out) throws IOException {
        logCalls.add(new LogCall(namespace, pod, container, previous, options));
        if (previous) {
            throw ApiException.badRequest("previous terminated container \"" + container + "\" in pod \"" + pod
                    + "\" not found");
        }
        List<Line> lines = new ArrayList<>(logs.getOrDefault(container, List.of()));
        if (options.since() != null) {
            lines.removeIf(l -> l.time().isBefore(options.since()));
        }
        if (options.tailLines() != null && lines.size() > options.tailLines()) {
            lines = lines.subList(lines.size() - options.tailLines().intValue(), lines.size());
        }
        long[] budget = {options.limitBytes() == null ? Long.MAX_VALUE : options.limitBytes()};
        for (Line l : lines) {
            if (!write(out, l, options, budget)) {
                return;
            }
        }
        out.flush();
        if (options.follow()) {
            CountDownLatch hold = holdFollow;
            try {
                for (String text : followLines) {
                    try {
                        Thread.sleep(followIntervalMillis);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.io.InterruptedIOException();
                    }
                    if (!write(out, new Line(Instant.now(), text), options, budget)) {
                        return;
                    }
                }
                if (hold != null) {
                    try {
                        hold.await(60, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt(); // the client went away
                    }
                }
            } finally {
                if (hold != null) {
                    followsEnded.release();
                }
            }
        }
    }

    private static boolean write(OutputStream out, Line l, LogOptions options, long[] budget) throws IOException {
        String s = (options.timestamps() ? NANOS.format(l.time()) + " " : "") + l.text() + "\n";
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        int n = (int) Math.min(b.length, budget[0]);
        out.write(b, 0, n);
        budget[0] -= n;
        return budget[0] > 0;
    }

    @Override
    public StreamSession exec(String namespace, String pod, String container, List<String> command, boolean stdin,
                              boolean tty) {
        execCalls.add(List.copyOf(command));
        if (command.isEmpty()) {
            throw ApiException.badRequest("command must not be empty");
        }
        return start(command, stdin, tty);
    }

    @Override
    public StreamSession attach(String namespace, String pod, String container, boolean stdin, boolean tty) {
        return start(attachCommand, stdin, tty);
    }

    private StreamSession start(List<String> command, boolean stdin, boolean tty) {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(tty).start();
        } catch (IOException e) {
            throw ApiException.internal("failed to start " + command + ": " + e.getMessage());
        }
        if (!stdin) {
            try {
                p.getOutputStream().close();
            } catch (IOException e) {
                // nothing to close
            }
        }
        return new StreamSession() {
            @Override
            public OutputStream stdin() {
                return stdin ? p.getOutputStream() : null;
            }

            @Override
            public InputStream stdout() {
                return p.getInputStream();
            }

            @Override
            public InputStream stderr() {
                return tty ? null : p.getErrorStream();
            }

            @Override
            public void resize(int width, int height) {
                resizes.add(new int[] {width, height});
            }

            @Override
            public int waitFor() throws InterruptedException {
                return p.waitFor();
            }

            @Override
            public void close() {
                p.destroy();
            }
        };
    }

    @Override
    public Socket portForward(String namespace, String pod, int port) throws IOException {
        Integer local = ports.get(port);
        if (local == null) {
            throw new IOException("dial tcp4 127.0.0.1:" + port + ": connect: connection refused");
        }
        Socket s = new Socket();
        s.connect(new InetSocketAddress("127.0.0.1", local), 5000);
        return s;
    }
}
