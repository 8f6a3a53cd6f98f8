package io.stevedore.apiserver.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.stevedore.api.ApiException;
import io.stevedore.api.runtime.StreamSession;
import io.stevedore.apiserver.internal.streams.StreamQueries.ExecQuery;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ExecSessionTest {

    private final ExecutorService executor = Executors.newCachedThreadPool();

    @AfterEach
    void stop() {
        executor.shutdownNow();
    }

    /** What the client received: channel and text per message; closed once the session closed the WebSocket. */
    static final class Socket implements MessageSocket {
        final List<String> messages = new CopyOnWriteArrayList<>();
        final CountDownLatch closed = new CountDownLatch(1);

        @Override
        public void sendBinary(byte[] m) {
            messages.add(m[0] + ":" + new String(m, 1, m.length - 1, StandardCharsets.UTF_8));
        }

        @Override
        public void sendText(String m) {
            messages.add("text:" + m);
        }

        @Override
        public void close() {
            closed.countDown();
        }

        List<String> awaitClosed() throws InterruptedException {
            assertThat(closed.await(10, TimeUnit.SECONDS)).as("closed within 10 s").isTrue();
            return messages;
        }
    }

    /** A process that wrote {@code out} and {@code err} and exits with {@code code} once its stdin closes (if any). */
    static final class Process implements StreamSession {
        final ByteArrayOutputStream in = new ByteArrayOutputStream();
        final CountDownLatch stdinClosed = new CountDownLatch(1);
        final List<int[]> sizes = new CopyOnWriteArrayList<>();
        final String out;
        final String err;
        final int code;
        final boolean waitForStdin;
        volatile boolean closed;

        Process(String out, String err, int code, boolean waitForStdin) {
            this.out = out;
            this.err = err;
            this.code = code;
            this.waitForStdin = waitForStdin;
        }

        @Override
        public OutputStream stdin() {
            return new OutputStream() {
                @Override
                public void write(int b) {
                    in.write(b);
                }

                @Override
                public void close() {
                    stdinClosed.countDown();
                }
            };
        }

        @Override
        public InputStream stdout() {
            return new ByteArrayInputStream(out.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public InputStream stderr() {
            return err == null ? null : new ByteArrayInputStream(err.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void resize(int width, int height) {
            sizes.add(new int[] {width, height});
        }

        @Override
        public int waitFor() throws InterruptedException {
            if (waitForStdin) {
                stdinClosed.await(10, TimeUnit.SECONDS);
            }
            return code;
        }

        @Override
        public void close() {
            closed = true;
        }
    }

    private static ExecQuery query(boolean stdin, boolean tty) {
        return new ExecQuery("c", List.of("sh", "-c", "echo out; echo err >&2; exit 3"), stdin, true, !tty, tty);
    }

    @Test
    void v5SendsOutputThenTheExitCodeTheWayTheTranslatorDoes() throws Exception {
        Socket socket = new Socket();
        Process p = new Process("out\n", "err\n", 3, false);
        new ExecSession(p, ChannelProtocol.V5, query(false, false), false, socket, executor).start();
        List<String> got = new ArrayList<>(socket.awaitClosed());
        assertThat(got.get(0)).isEqualTo("1:"); // ready: an empty message on stdout
        assertThat(got.subList(1, 3)).containsExactlyInAnyOrder("1:out\n", "2:err\n");
        assertThat(got.get(3)).isEqualTo("3:{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with "
                + "non-zero exit code: command terminated with exit code 3\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}");
        assertThat(got).hasSize(4);
        assertThat(p.closed).isTrue();
    }

    @Test
    void v4CarriesTheKubeletsMessageAndSuccessIsBare() throws Exception {
        Socket socket = new Socket();
        new ExecSession(new Process("", "", 3, false), ChannelProtocol.V4, query(false, false), false, socket, executor)
                .start();
        assertThat(socket.awaitClosed()).last().isEqualTo("3:{\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"command terminated with non-zero exit code: error executing command [sh -c echo out; echo err >&2; "
                + "exit 3], exit code 3\",\"reason\":\"NonZeroExitCode\",\"details\":{\"causes\":[{\"reason\":"
                + "\"ExitCode\",\"message\":\"3\"}]}}");
        Socket ok = new Socket();
        new ExecSession(new Process("x", "", 0, false), ChannelProtocol.V4, query(false, false), false, ok, executor)
                .start();
        assertThat(ok.awaitClosed()).containsExactly("1:", "1:x", "3:{\"metadata\":{},\"status\":\"Success\"}");
    }

    @Test
    void v1WritesOnlyFailuresAsText() throws Exception {
        Socket ok = new Socket();
        new ExecSession(new Process("", "", 0, false), ChannelProtocol.V1, query(false, false), false, ok, executor)
                .start();
        assertThat(ok.awaitClosed()).containsExactly("1:");
        Socket base64 = new Socket();
        new ExecSession(new Process("hi", "", 2, false), ChannelProtocol.V1_BASE64, query(false, false), false, base64,
                executor).start();
        List<String> got = base64.awaitClosed();
        assertThat(got).startsWith("text:1", "text:1aGk=");
        assertThat(got.get(2)).startsWith("text:3"); // the message, base64
        assertThat(new String(java.util.Base64.getDecoder().decode(got.get(2).substring(6)), StandardCharsets.UTF_8))
                .isEqualTo("command terminated with non-zero exit code: error executing command [sh -c echo out; "
                        + "echo err >&2; exit 3], exit code 2");
    }

    @Test
    void attachEndsWithSuccessWhateverTheCode() throws Exception {
        Socket socket = new Socket();
        new ExecSession(new Process("", "", 7, false), ChannelProtocol.V5, query(false, false), true, socket, executor)
                .start();
        assertThat(socket.awaitClosed()).last().isEqualTo("3:{\"metadata\":{},\"status\":\"Success\"}");
    }

    @Test
    void stdinFlowsUntilTheV5CloseSignal() throws Exception {
        Socket socket = new Socket();
        Process p = new Process("", "", 0, true);
        ExecSession s = new ExecSession(p, ChannelProtocol.V5, query(true, false), false, socket, executor);
        s.start();
        s.onMessage(new byte[] {0, 'a', 'b'});
        s.onMessage(new byte[] {0});
        s.onMessage(new byte[] {0, 'c'});
        assertThat(p.stdinClosed.getCount()).isOne();
        s.onMessage(new byte[] {(byte) 255, 0});
        socket.awaitClosed();
        assertThat(p.in.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
        s.onMessage(new byte[] {0, 'z'}); // after the close: dropped
        assertThat(p.in.toString(StandardCharsets.UTF_8)).isEqualTo("abc");
    }

    @Test
    void terminalSizesMaySpanMessages() throws Exception {
        Socket socket = new Socket();
        Process p = new Process("", null, 0, true);
        ExecSession s = new ExecSession(p, ChannelProtocol.V5, query(true, true), false, socket, executor);
        s.start();
        s.onMessage(("\u0004{\"Width\":80,\"Height\":24}{\"Wid").getBytes(StandardCharsets.UTF_8));
        s.onMessage(("\u0004th\":120,\"Height\":40}").getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(10)).until(() -> p.sizes.size() == 2);
        assertThat(p.sizes.get(0)).containsExactly(80, 24);
        assertThat(p.sizes.get(1)).containsExactly(120, 40);
        s.onMessage(new byte[] {(byte) 255, 0});
        socket.awaitClosed();
    }

    @Test
    void aRefusalIsTheStatus() throws Exception {
        Socket socket = new Socket();
        ExecSession.fail(socket, ChannelProtocol.V5, ApiException.badRequest("container c is not running"));
        assertThat(socket.awaitClosed()).containsExactly("3:{\"metadata\":{},\"status\":\"Failure\",\"message\":"
                + "\"container c is not running\",\"reason\":\"BadRequest\",\"code\":400}");
    }

    @Test
    void aClientThatLeavesGetsNoStatus() throws Exception {
        Socket socket = new Socket();
        Process p = new Process("", "", 0, true);
        ExecSession s = new ExecSession(p, ChannelProtocol.V5, query(true, false), false, socket, executor);
        s.start();
        s.abort();
        assertThat(p.closed).isTrue();
        p.stdinClosed.countDown();
        assertThat(socket.closed.await(300, TimeUnit.MILLISECONDS)).isFalse();
        assertThat(socket.messages).containsExactly("1:");
    }

    @Test
    void aClientGoneAtOnceEndsTheSession() {
        MessageSocket blocking = new MessageSocket() {
            @Override
            public void sendBinary(byte[] message) throws IOException {
                throw new IOException("client gone");
            }

            @Override
            public void sendText(String message) throws IOException {
                throw new IOException("client gone");
            }

            @Override
            public void close() {
            }
        };
        Process p = new Process("x", "y", 0, false);
        ExecSession s = new ExecSession(p, ChannelProtocol.V5, query(false, false), false, blocking, executor);
        s.start(); // the first send fails: the session ends at once
        assertThat(p.closed).isTrue();
    }
}
