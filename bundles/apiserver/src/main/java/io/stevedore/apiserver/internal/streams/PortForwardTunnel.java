package io.stevedore.apiserver.internal.streams;

import io.stevedore.apiserver.internal.spdy.SpdySession;
import io.stevedore.apiserver.internal.spdy.SpdySession.Stream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Port-forward over a SPDY session, as the kubelet serves it: the client opens an {@code error} and a {@code data}
 * stream per connection (headers {@code streamtype}, {@code port}, {@code requestid}); once both are there the pod's
 * port is dialled through the kubelet and bytes flow both ways. A failure to connect is written on the error
 * stream ("error forwarding port ..."), and both streams are reset; otherwise each direction ends with its FIN and
 * the error stream is closed empty once the connection is done.
 */
public final class PortForwardTunnel implements SpdySession.Handler {

    private static final Logger LOG = LoggerFactory.getLogger(PortForwardTunnel.class);
    /** The WebSocket subprotocol that tunnels this SPDY session in binary messages (kubectl 1.31+). */
    public static final String WEBSOCKET_PROTOCOL = "SPDY/3.1+portforward.k8s.io";
    /** How long a stream waits for its pair, as the kubelet's stream creation timeout. */
    static final long PAIR_TIMEOUT_SECONDS = 30;

    private final StreamTarget target;
    private final Executor executor;
    private final ScheduledExecutorService timer;
    private final Map<String, Pair> pairs = new ConcurrentHashMap<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    public PortForwardTunnel(StreamTarget target, Executor executor, ScheduledExecutorService timer) {
        this.target = target;
        this.executor = executor;
        this.timer = timer;
    }

    /** The two streams of one forwarded connection. */
    private static final class Pair {
        final String requestId;
        Stream data;
        Stream error;

        Pair(String requestId) {
            this.requestId = requestId;
        }

        synchronized boolean complete() {
            return data != null && error != null;
        }

        synchronized void printError(String message) {
            if (error != null) {
                try {
                    byte[] m = message.getBytes(StandardCharsets.UTF_8);
                    error.write(m, 0, m.length);
                } catch (IOException e) {
                    LOG.debug("port-forward error stream gone: {}", e.toString());
                }
            }
        }
    }

    @Override
    public String accept(Stream stream) {
        String port = stream.header("port");
        if (port == null || port.isEmpty()) {
            return "\"port\" header is required";
        }
        int p;
        try {
            p = Integer.parseInt(port);
        } catch (NumberFormatException e) {
            return "unable to parse \"" + port + "\" as a port";
        }
        if (p < 1 || p > 65535) {
            return "port \"" + port + "\" must be > 0";
        }
        String type = stream.header("streamtype");
        if (type == null || type.isEmpty()) {
            return "\"streamType\" header is required";
        }
        if (!type.equals("error") && !type.equals("data")) {
            return "invalid stream type \"" + type + "\"";
        }
        return null;
    }

    @Override
    public void opened(Stream stream) {
        String type = stream.header("streamtype");
        String requestId = stream.header("requestid");
        if (requestId == null || requestId.isEmpty()) {
            // old clients: the error stream's id names the request, its data stream follows it
            requestId = Integer.toString(type.equals("error") ? stream.id() : stream.id() - 2);
        }
        boolean[] created = {false};
        Pair pair = pairs.computeIfAbsent(requestId, id -> {
            created[0] = true;
            return new Pair(id);
        });
        String duplicate = null;
        synchronized (pair) {
            if (type.equals("error")) {
                if (pair.error != null) {
                    duplicate = "error stream already assigned";
                } else {
                    pair.error = stream;
                }
            } else if (pair.data != null) {
                duplicate = "data stream already assigned";
            } else {
                pair.data = stream;
            }
        }
        if (duplicate != null) {
            pair.printError("error processing stream for request " + requestId + ": " + duplicate);
            return;
        }
        if (created[0]) {
            timer.schedule(() -> {
                if (!pair.complete() && pairs.remove(pair.requestId, pair)) {
                    pair.printError("(request=" + pair.requestId + ") timed out waiting for streams");
                }
            }, PAIR_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        }
        if (pair.complete() && pairs.remove(requestId, pair)) {
            executor.execute(() -> forward(pair));
        }
    }

    private void forward(Pair pair) {
        Stream data = pair.data;
        Stream error = pair.error;
        int port = Integer.parseInt(data.header("port"));
        Socket socket;
        try {
            socket = target.kubelet().portForward(target.namespace(), target.name(), port);
        } catch (IOException | RuntimeException e) {
            pair.printError("error forwarding port " + port + " to pod " + target.name() + ", uid " + target.uid()
                    + ": " + e.getMessage());
            data.reset();
            error.reset();
            return;
        }
        sockets.add(socket);
        CountDownLatch toPod = new CountDownLatch(1);
        executor.execute(() -> {
            try {
                copy(data.input(), socket.getOutputStream());
                if (data.isReset()) {
                    closeQuietly(socket);
                } else {
                    socket.shutdownOutput();
                }
            } catch (IOException e) {
                LOG.debug("port-forward to pod port {} ended: {}", port, e.toString());
                closeQuietly(socket);
            } finally {
                toPod.countDown();
            }
        });
        try {
            InputStream in = socket.getInputStream();
            byte[] buf = new byte[32 * 1024];
            int n;
            while ((n = in.read(buf)) >= 0) {
                data.write(buf, 0, n);
            }
            data.finish();
        } catch (IOException e) {
            LOG.debug("port-forward from pod port {} ended: {}", port, e.toString());
            if (!data.isReset()) {
                data.reset();
            }
        }
        try {
            toPod.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        closeQuietly(socket);
        sockets.remove(socket);
        error.finish();
    }

    private static void copy(InputStream in, OutputStream out) throws IOException {
        byte[] buf = new byte[32 * 1024];
        int n;
        while ((n = in.read(buf)) >= 0) {
            out.write(buf, 0, n);
        }
        out.flush();
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            LOG.debug("closing port-forward socket: {}", e.toString());
        }
    }

    @Override
    public void ended() {
        for (Socket s : sockets) {
            closeQuietly(s);
        }
        for (Pair p : pairs.values()) {
            p.printError("port-forward session ended");
        }
        pairs.clear();
    }
}
