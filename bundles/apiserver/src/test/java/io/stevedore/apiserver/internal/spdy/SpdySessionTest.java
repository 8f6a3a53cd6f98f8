package io.stevedore.apiserver.internal.spdy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The server session against a client that speaks like moby/spdystream, frame by frame. */
class SpdySessionTest {

    private final SpdyFramer client = new SpdyFramer();
    private final SpdyFramer fromServer = new SpdyFramer();
    private final BlockingQueue<SpdyFrame> received = new LinkedBlockingQueue<>();
    private final List<SpdySession.Stream> opened = new CopyOnWriteArrayList<>();
    private volatile boolean outputClosed;
    private volatile boolean ended;
    private volatile String refuse;
    private final SpdySession session = new SpdySession(new SpdySession.Output() {
        @Override
        public synchronized void write(byte[] frames) throws IOException {
            fromServer.feed(frames, 0, frames.length);
            try {
                SpdyFrame f;
                while ((f = fromServer.next()) != null) {
                    received.add(f);
                }
            } catch (SpdyFramer.ProtocolException e) {
                throw new IOException(e);
            }
        }

        @Override
        public void close() {
            outputClosed = true;
        }
    }, new SpdySession.Handler() {
        @Override
        public String accept(SpdySession.Stream stream) {
            return refuse;
        }

        @Override
        public void opened(SpdySession.Stream stream) {
            opened.add(stream);
        }

        @Override
        public void ended() {
            ended = true;
        }
    });

    @AfterEach
    void end() {
        session.end();
    }

    private void send(SpdyFrame f) {
        byte[] b = client.encode(f);
        session.receive(b, 0, b.length);
    }

    private SpdyFrame next() throws InterruptedException {
        SpdyFrame f = received.poll(10, TimeUnit.SECONDS);
        assertThat(f).as("a frame from the server within 10 s").isNotNull();
        return f;
    }

    private SpdySession.Stream open(int id) throws InterruptedException {
        send(new SpdyFrame.SynStream(id, 0, 0, 0, Map.of("streamtype", List.of("data"), "port", List.of("80"))));
        assertThat(next()).isEqualTo(new SpdyFrame.SynReply(id, false, Map.of()));
        return opened.get(opened.size() - 1);
    }

    @Test
    void repliesToStreamsAndCarriesDataBothWays() throws Exception {
        SpdySession.Stream s = open(1);
        assertThat(s.header("streamType")).isEqualTo("data");
        assertThat(s.header("port")).isEqualTo("80");
        send(new SpdyFrame.Data(1, false, "hello ".getBytes(StandardCharsets.UTF_8)));
        send(new SpdyFrame.Data(1, true, "world".getBytes(StandardCharsets.UTF_8)));
        assertThat(new String(s.input().readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("hello world");

        byte[] big = new byte[100_000];
        s.write(big, 0, big.length);
        int total = 0;
        while (total < big.length) {
            SpdyFrame.Data d = (SpdyFrame.Data) next();
            assertThat(d.streamId()).isEqualTo(1);
            assertThat(d.data().length).isLessThanOrEqualTo(32 * 1024);
            total += d.data().length;
        }
        assertThat(total).isEqualTo(big.length);
        s.finish();
        assertThat(next()).isInstanceOfSatisfying(SpdyFrame.Data.class, d -> assertThat(d.fin()).isTrue());
    }

    @Test
    void echoesClientPingsOnly() throws Exception {
        send(new SpdyFrame.Ping(1));
        send(new SpdyFrame.Ping(2)); // an answer to a ping of ours: not echoed
        send(new SpdyFrame.Ping(3));
        assertThat(next()).isEqualTo(new SpdyFrame.Ping(1));
        assertThat(next()).isEqualTo(new SpdyFrame.Ping(3));
        assertThat(received.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void resetsRefusedAndOutOfOrderStreams() throws Exception {
        refuse = "\"port\" header is required";
        send(new SpdyFrame.SynStream(1, 0, 0, 0, Map.of()));
        assertThat(next()).isEqualTo(new SpdyFrame.RstStream(1, SpdyFrame.CANCEL));
        refuse = null;
        open(5);
        send(new SpdyFrame.SynStream(3, 0, 0, 0, Map.of()));
        assertThat(next()).isEqualTo(new SpdyFrame.RstStream(3, SpdyFrame.PROTOCOL_ERROR));
        send(new SpdyFrame.SynStream(6, 0, 0, 0, Map.of()));
        assertThat(next()).isEqualTo(new SpdyFrame.RstStream(6, SpdyFrame.PROTOCOL_ERROR));
    }

    @Test
    void aResetEndsTheStreamBothWays() throws Exception {
        SpdySession.Stream s = open(1);
        CompletableFuture<Integer> read = CompletableFuture.supplyAsync(() -> {
            try {
                return s.input().read();
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        send(new SpdyFrame.RstStream(1, SpdyFrame.CANCEL));
        assertThat(read.get(10, TimeUnit.SECONDS)).isEqualTo(-1);
        assertThat(s.isReset()).isTrue();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> s.write(new byte[1], 0, 1))
                .isInstanceOf(IOException.class).hasMessageContaining("reset");
        send(new SpdyFrame.Data(1, false, new byte[] {1})); // data after the reset is dropped
        s.finish();
        assertThat(received.poll(100, TimeUnit.MILLISECONDS)).isNull();
    }

    @Test
    void goAwayEndsTheSession() throws Exception {
        SpdySession.Stream s = open(1);
        send(new SpdyFrame.GoAway(0, SpdyFrame.GOAWAY_OK));
        assertThat(ended).isTrue();
        assertThat(outputClosed).isTrue();
        assertThat(s.input().read()).isEqualTo(-1);
    }

    @Test
    void closeSaysGoAway() throws Exception {
        open(1);
        session.close();
        assertThat(next()).isEqualTo(new SpdyFrame.GoAway(1, SpdyFrame.GOAWAY_OK));
        assertThat(outputClosed).isTrue();
    }

    @Test
    void protocolErrorsEndTheSessionWithGoAway() throws Exception {
        byte[] junk = java.util.HexFormat.of().parseHex("8002000100000000");
        session.receive(junk, 0, junk.length);
        assertThat(next()).isEqualTo(new SpdyFrame.GoAway(0, SpdyFrame.GOAWAY_PROTOCOL_ERROR));
        assertThat(ended).isTrue();
    }

    @Test
    void sendsPastTheDefaultWindowToPeersWithoutFlowControl() throws Exception {
        SpdySession.Stream s = open(1);
        byte[] big = new byte[SpdyFrame.DEFAULT_WINDOW * 4];
        CompletableFuture.runAsync(() -> {
            try {
                s.write(big, 0, big.length);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }).get(10, TimeUnit.SECONDS);
    }

    @Test
    void honoursWindowsOncePeerDoesFlowControl() throws Exception {
        SpdySession.Stream s = open(1);
        send(new SpdyFrame.WindowUpdate(1, 0)); // the peer does flow control: 64 KiB to go
        byte[] big = new byte[SpdyFrame.DEFAULT_WINDOW + 1000];
        CompletableFuture<Void> write = CompletableFuture.runAsync(() -> {
            try {
                s.write(big, 0, big.length);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        });
        int total = 0;
        while (total < SpdyFrame.DEFAULT_WINDOW) {
            total += ((SpdyFrame.Data) next()).data().length;
        }
        assertThat(total).isEqualTo(SpdyFrame.DEFAULT_WINDOW);
        assertThat(received.poll(200, TimeUnit.MILLISECONDS)).as("blocked on the window").isNull();
        assertThat(write).isNotDone();
        send(new SpdyFrame.WindowUpdate(1, 1000));
        assertThat(((SpdyFrame.Data) next()).data()).hasSize(1000);
        write.get(10, TimeUnit.SECONDS);
    }

    @Test
    void acknowledgesWhatItsReaderConsumed() throws Exception {
        SpdySession.Stream s = open(1);
        byte[] chunk = new byte[16 * 1024];
        for (int i = 0; i < 4; i++) {
            send(new SpdyFrame.Data(1, false, chunk));
        }
        InputStream in = s.input();
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        while (got.size() < 4 * chunk.length) {
            got.write(buf, 0, in.read(buf));
        }
        assertThat(next()).isEqualTo(new SpdyFrame.WindowUpdate(1, 32 * 1024));
        assertThat(next()).isEqualTo(new SpdyFrame.WindowUpdate(1, 32 * 1024));
    }
}
