package io.stevedore.apiserver.internal.streams;

import io.stevedore.api.ApiException;
import io.stevedore.api.runtime.StreamSession;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.streams.StreamQueries.ExecQuery;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * One exec or attach over a WebSocket channel protocol, as the kubelet (and the API server's v5 translator)
 * serve it: an empty message on the lowest writable channel once connected, the process's output on channels 1
 * and 2, stdin from channel 0 (closed by the v5 signal {@code [255, 0]}), terminal sizes from channel 4, and, once
 * the output is drained and the process has ended, the Status on channel 3 followed by a normal close.
 * Container-neutral: the WebSocket is a {@link MessageSocket}.
 */
public final class ExecSession {

    private static final Logger LOG = LoggerFactory.getLogger(ExecSession.class);
    private static final int CHUNK = 32 * 1024;

    private final StreamSession session;
    private final ChannelProtocol protocol;
    private final ExecQuery query;
    private final boolean attach;
    private final MessageSocket socket;
    private final Executor executor;
    private final AtomicBoolean ended = new AtomicBoolean();
    private final StringBuilder resizes = new StringBuilder();
    private volatile boolean stdinOpen;

    public ExecSession(StreamSession session, ChannelProtocol protocol, ExecQuery query, boolean attach,
                       MessageSocket socket, Executor executor) {
        this.session = session;
        this.protocol = protocol;
        this.query = query;
        this.attach = attach;
        this.socket = socket;
        this.executor = executor;
        this.stdinOpen = query.stdin() && session.stdin() != null;
    }

    /** Reports a failure to start (the kubelet refused) as the final Status, then closes. */
    public static void fail(MessageSocket socket, ChannelProtocol protocol, ApiException e) {
        finish(socket, protocol, StreamStatus.of(e));
    }

    /** Signals readiness and starts moving output; returns at once. */
    public void start() {
        int first = query.stdout() ? ChannelProtocol.STDOUT : query.stderr() ? ChannelProtocol.STDERR
                : ChannelProtocol.ERROR;
        try {
            send(socket, protocol, first, new byte[0], 0);
        } catch (IOException e) {
            abort();
            return;
        }
        CompletableFuture<Void> out = pump(query.stdout() ? session.stdout() : null, ChannelProtocol.STDOUT);
        CompletableFuture<Void> err = pump(query.stderr() ? session.stderr() : null, ChannelProtocol.STDERR);
        CompletableFuture.allOf(out, err).whenCompleteAsync((v, t) -> end(), executor);
    }

    private CompletableFuture<Void> pump(InputStream in, int channel) {
        if (in == null) {
            return CompletableFuture.completedFuture(null);
        }
        return CompletableFuture.runAsync(() -> {
            byte[] buf = new byte[CHUNK];
            try {
                int n;
                while ((n = in.read(buf)) >= 0) {
                    if (n > 0) {
                        send(socket, protocol, channel, buf, n);
                    }
                }
            } catch (IOException e) {
                if (!ended.get()) {
                    LOG.debug("exec output channel {} ended: {}", channel, e.toString());
                }
            }
        }, executor);
    }

    /** After the output: wait for the process, then the Status and the close. */
    private void end() {
        if (ended.get()) {
            return; // aborted: the process is not waited for (Kubernetes does not kill it either)
        }
        ObjectNode status;
        try {
            int code = session.waitFor();
            if (attach || code == 0) {
                status = StreamStatus.success();
            } else {
                String why = protocol == ChannelProtocol.V5 ? "command terminated with exit code " + code
                        : StreamStatus.runtimeExitText(query.command(), code);
                status = StreamStatus.nonZeroExit(code, why);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            status = StreamStatus.of(ApiException.internal("error executing command in container: interrupted"));
        } catch (RuntimeException e) {
            status = StreamStatus.of(e instanceof ApiException api ? api : ApiException.internal(
                    (attach ? "error attaching to container: " : "error executing command in container: ") + e.getMessage()));
        }
        if (ended.compareAndSet(false, true)) {
            session.close();
            finish(socket, protocol, status);
        }
    }

    private static void finish(MessageSocket socket, ChannelProtocol protocol, ObjectNode status) {
        try {
            if (protocol.jsonStatus()) {
                byte[] json = Json.write(status);
                send(socket, protocol, ChannelProtocol.ERROR, json, json.length);
            } else if (!"Success".equals(status.path("status").asString(""))) {
                byte[] text = StreamStatus.text(status).getBytes(StandardCharsets.UTF_8);
                send(socket, protocol, ChannelProtocol.ERROR, text, text.length);
            }
        } catch (IOException e) {
            LOG.debug("exec client went away before its status: {}", e.toString());
        }
        socket.close();
    }

    private static void send(MessageSocket socket, ChannelProtocol protocol, int channel, byte[] data, int len)
            throws IOException {
        Object frame = protocol.frame(channel, data, 0, len);
        if (frame instanceof String text) {
            socket.sendText(text);
        } else {
            socket.sendBinary((byte[]) frame);
        }
    }

    /** A whole message from the client (binary). */
    public void onMessage(byte[] message) {
        onIncoming(protocol.decode(message));
    }

    /** A whole message from the client (text: the base64 protocols). */
    public void onMessage(String message) {
        onIncoming(protocol.decode(message));
    }

    private void onIncoming(ChannelProtocol.Incoming m) {
        if (m.channel() == ChannelProtocol.STDIN) {
            if (m.close()) {
                closeStdin();
            } else if (stdinOpen && m.data().length > 0) {
                try {
                    OutputStream stdin = session.stdin();
                    stdin.write(m.data());
                    stdin.flush();
                } catch (IOException e) {
                    LOG.debug("exec stdin closed: {}", e.toString());
                    stdinOpen = false;
                }
            }
        } else if (m.channel() == ChannelProtocol.RESIZE && !m.close() && query.tty()) {
            resize(m.data());
        }
    }

    private void closeStdin() {
        if (stdinOpen) {
            stdinOpen = false;
            try {
                session.stdin().close();
            } catch (IOException e) {
                LOG.debug("closing exec stdin: {}", e.toString());
            }
        }
    }

    /** Terminal sizes: a stream of JSON objects {@code {"Width":..,"Height":..}}, split anyhow across messages. */
    private void resize(byte[] data) {
        resizes.append(new String(data, StandardCharsets.UTF_8));
        int depth = 0;
        boolean inString = false;
        int start = 0;
        for (int i = 0; i < resizes.length(); i++) {
            char c = resizes.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                applySize(resizes.substring(start, i + 1));
                start = i + 1;
            }
        }
        resizes.delete(0, start);
        if (resizes.length() > 4096) {
            resizes.setLength(0);
        }
    }

    private void applySize(String json) {
        try {
            JsonNode size = Json.MAPPER.readTree(json.trim());
            session.resize(size.path("Width").asInt(0), size.path("Height").asInt(0));
        } catch (RuntimeException e) {
            LOG.debug("ignoring terminal size {}: {}", json, e.toString());
        }
    }

    /** The client went away: end the session without a Status. */
    public void abort() {
        if (ended.compareAndSet(false, true)) {
            session.close();
        }
    }
}
