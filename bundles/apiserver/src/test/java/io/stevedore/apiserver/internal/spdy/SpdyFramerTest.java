package io.stevedore.apiserver.internal.spdy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.Adler32;
import org.junit.jupiter.api.Test;

class SpdyFramerTest {

    /**
     * What kubectl 1.32 sent through the WebSocket tunnel for one forwarded connection (captured with -v=7): the
     * error stream's SYN_STREAM, its half-close, and the data stream's SYN_STREAM, whose header block continues the
     * first one's zlib stream.
     */
    private static final String KUBECTL_FRAMES = "800300010000003d0000000100000000000078f9e3c6a7c202253a703a2b294a4dcc85"
            + "1625aca9a0808614cb45a024cc6461c0c0c0c0590489c44c50e2663400000000ffff"
            + "0000000101000000"
            + "800300010000001a00000003000000000000826a25a406d56850299508000000ffff";

    @Test
    void dictionaryIsSpdy3s() {
        byte[] d = HeaderDictionary.bytes();
        Adler32 a = new Adler32();
        a.update(d);
        assertThat(d).hasSize(1423);
        assertThat(a.getValue()).isEqualTo(0xe3c6a7c2L);
    }

    @Test
    void decodesWhatKubectlSendsByteByByte() throws Exception {
        byte[] wire = HexFormat.of().parseHex(KUBECTL_FRAMES);
        SpdyFramer server = new SpdyFramer();
        List<SpdyFrame> frames = new ArrayList<>();
        for (byte b : wire) {
            server.feed(new byte[] {b}, 0, 1);
            SpdyFrame f;
            while ((f = server.next()) != null) {
                frames.add(f);
            }
        }
        assertThat(frames).hasSize(3);
        SpdyFrame.SynStream error = (SpdyFrame.SynStream) frames.get(0);
        assertThat(error.streamId()).isEqualTo(1);
        assertThat(error.fin()).isFalse();
        assertThat(error.headers()).containsExactly(Map.entry("streamtype", List.of("error")),
                Map.entry("port", List.of("80")), Map.entry("requestid", List.of("0")));
        assertThat(frames.get(1)).isInstanceOfSatisfying(SpdyFrame.Data.class, d -> {
            assertThat(d.streamId()).isEqualTo(1);
            assertThat(d.fin()).isTrue();
            assertThat(d.data()).isEmpty();
        });
        SpdyFrame.SynStream data = (SpdyFrame.SynStream) frames.get(2);
        assertThat(data.streamId()).isEqualTo(3);
        assertThat(data.headers()).containsEntry("streamtype", List.of("data")).containsEntry("port", List.of("80"));
    }

    @Test
    void everyFrameRoundTripsThroughAnySplit() throws Exception {
        Map<String, List<String>> h1 = new LinkedHashMap<>();
        h1.put("streamtype", List.of("data"));
        h1.put("port", List.of("8080"));
        h1.put("x-multi", List.of("a", "b", ""));
        byte[] payload = new byte[70_000];
        new Random(7).nextBytes(payload);
        List<SpdyFrame> sent = List.of(
                new SpdyFrame.SynStream(1, 0, 3, SpdyFrame.FLAG_FIN, h1),
                new SpdyFrame.SynReply(1, false, Map.of()),
                new SpdyFrame.SynReply(3, true, Map.of("status", List.of("200 OK"))),
                new SpdyFrame.Data(1, false, payload),
                new SpdyFrame.Data(1, true, new byte[0]),
                new SpdyFrame.RstStream(5, SpdyFrame.CANCEL),
                new SpdyFrame.Settings(0, List.of(new SpdyFrame.Setting(1, SpdyFrame.SETTINGS_INITIAL_WINDOW_SIZE,
                        1 << 20))),
                new SpdyFrame.Ping(7),
                new SpdyFrame.Headers(1, false, Map.of("a", List.of("b"))),
                new SpdyFrame.WindowUpdate(1, 32768),
                new SpdyFrame.GoAway(9, SpdyFrame.GOAWAY_OK),
                new SpdyFrame.SynStream(11, 0, 0, 0, h1));
        SpdyFramer writer = new SpdyFramer();
        java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
        for (SpdyFrame f : sent) {
            wire.writeBytes(writer.encode(f));
        }
        byte[] bytes = wire.toByteArray();
        Random random = new Random(42);
        for (int round = 0; round < 20; round++) {
            SpdyFramer reader = new SpdyFramer();
            List<SpdyFrame> got = new ArrayList<>();
            int at = 0;
            while (at < bytes.length) {
                int n = Math.min(bytes.length - at, 1 + random.nextInt(round == 0 ? 1 : 5000));
                reader.feed(bytes, at, n);
                at += n;
                SpdyFrame f;
                while ((f = reader.next()) != null) {
                    got.add(f);
                }
            }
            assertThat(got).hasSameSizeAs(sent);
            for (int i = 0; i < sent.size(); i++) {
                assertSameFrame(got.get(i), sent.get(i));
            }
        }
    }

    private static void assertSameFrame(SpdyFrame got, SpdyFrame sent) {
        if (sent instanceof SpdyFrame.Data d) {
            SpdyFrame.Data g = (SpdyFrame.Data) got;
            assertThat(g.streamId()).isEqualTo(d.streamId());
            assertThat(g.fin()).isEqualTo(d.fin());
            assertThat(g.data()).isEqualTo(d.data());
        } else {
            assertThat(got).isEqualTo(sent);
        }
    }

    @Test
    void rejectsMalformedFrames() {
        assertThatThrownBy(() -> decode("80020001000000000000")).isInstanceOf(SpdyFramer.ProtocolException.class)
                .hasMessageContaining("version 2");
        assertThatThrownBy(() -> decode("0000000000000000")).isInstanceOf(SpdyFramer.ProtocolException.class)
                .hasMessageContaining("stream 0");
        // a SYN_STREAM whose header block is not zlib
        assertThatThrownBy(() -> decode("80030001000000100000000100000000000001020304ffff"))
                .isInstanceOf(SpdyFramer.ProtocolException.class).hasMessageContaining("compression");
    }

    private static SpdyFrame decode(String hex) throws SpdyFramer.ProtocolException {
        SpdyFramer f = new SpdyFramer();
        byte[] b = HexFormat.of().parseHex(hex);
        f.feed(b, 0, b.length);
        return f.next();
    }

    @Test
    void waitsForWholeFrames() throws Exception {
        byte[] ping = new SpdyFramer().encode(new SpdyFrame.Ping(3));
        assertThat(HexFormat.of().formatHex(ping)).isEqualTo("800300060000000400000003");
        SpdyFramer f = new SpdyFramer();
        f.feed(ping, 0, 11);
        assertThat(f.next()).isNull();
        f.feed(ping, 11, 1);
        assertThat(f.next()).isEqualTo(new SpdyFrame.Ping(3));
        assertThat(f.next()).isNull();
    }
}
