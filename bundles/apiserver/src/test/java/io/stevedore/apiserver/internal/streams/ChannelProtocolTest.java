package io.stevedore.apiserver.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChannelProtocolTest {

    @Test
    void picksTheClientsFirstSupportedProtocol() {
        assertThat(ChannelProtocol.negotiate(List.of("v5.channel.k8s.io"))).isEqualTo(ChannelProtocol.V5);
        assertThat(ChannelProtocol.negotiate(List.of("v9.channel.k8s.io", "v4.channel.k8s.io", "v5.channel.k8s.io")))
                .isEqualTo(ChannelProtocol.V4);
        assertThat(ChannelProtocol.negotiate(List.of("base64.channel.k8s.io"))).isEqualTo(ChannelProtocol.V1_BASE64);
        assertThat(ChannelProtocol.negotiate(List.of())).isEqualTo(ChannelProtocol.NONE);
        assertThat(ChannelProtocol.negotiate(List.of("v3.channel.k8s.io", "SPDY/3.1+portforward.k8s.io"))).isNull();
    }

    @Test
    void binaryMessagesStartWithTheChannel() {
        byte[] m = (byte[]) ChannelProtocol.V5.frame(ChannelProtocol.STDERR, "xhiy".getBytes(StandardCharsets.UTF_8), 1, 2);
        assertThat(m).containsExactly(2, 'h', 'i');
        ChannelProtocol.Incoming in = ChannelProtocol.V4.decode(new byte[] {0, 'a', 'b'});
        assertThat(in.channel()).isZero();
        assertThat(in.data()).containsExactly('a', 'b');
        assertThat(in.close()).isFalse();
        assertThat(((byte[]) ChannelProtocol.V5.frame(1, new byte[0], 0, 0))).containsExactly(1);
    }

    @Test
    void onlyV5KnowsTheCloseSignal() {
        ChannelProtocol.Incoming close = ChannelProtocol.V5.decode(new byte[] {(byte) 255, 0});
        assertThat(close.channel()).isZero();
        assertThat(close.close()).isTrue();
        assertThat(ChannelProtocol.V5.decode(new byte[] {(byte) 255, 0, 1}).channel()).isEqualTo(-1);
        ChannelProtocol.Incoming v4 = ChannelProtocol.V4.decode(new byte[] {(byte) 255, 0});
        assertThat(v4.channel()).isEqualTo(255);
        assertThat(v4.close()).isFalse();
    }

    @Test
    void base64ProtocolsSendTextWithADigit() {
        assertThat(ChannelProtocol.V4_BASE64.frame(1, "hello".getBytes(StandardCharsets.UTF_8), 0, 5))
                .isEqualTo("1aGVsbG8=");
        ChannelProtocol.Incoming in = ChannelProtocol.V1_BASE64.decode("0aGk=");
        assertThat(in.channel()).isZero();
        assertThat(new String(in.data(), StandardCharsets.UTF_8)).isEqualTo("hi");
        assertThat(ChannelProtocol.V1_BASE64.decode("0!!").channel()).isEqualTo(-1);
    }
}
