package io.stevedore.apiserver.internal.streams;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;

/**
 * The WebSocket channel protocols of exec and attach, as Kubernetes' wsstream and its stream translator speak
 * them: every message starts with a channel byte (0 stdin, 1 stdout, 2 stderr, 3 error, 4 resize); the base64
 * variants send text messages with an ASCII channel digit and a base64 payload; from v4 the error channel carries a
 * JSON Status rather than a bare message; v5 adds the close signal {@code [255, channel]}.
 */
public enum ChannelProtocol {
    V5("v5.channel.k8s.io", false, true, true),
    V4("v4.channel.k8s.io", false, true, false),
    V4_BASE64("v4.base64.channel.k8s.io", true, true, false),
    V1("channel.k8s.io", false, false, false),
    V1_BASE64("base64.channel.k8s.io", true, false, false),
    /** No subprotocol offered: binary channels, version 1. */
    NONE("", false, false, false);

    public static final int STDIN = 0;
    public static final int STDOUT = 1;
    public static final int STDERR = 2;
    public static final int ERROR = 3;
    public static final int RESIZE = 4;
    /** v5: a client message {@code [255, channel]} half-closes that channel. */
    public static final int CLOSE = 255;

    private final String protocol;
    private final boolean base64;
    private final boolean jsonStatus;
    private final boolean streamClose;

    ChannelProtocol(String protocol, boolean base64, boolean jsonStatus, boolean streamClose) {
        this.protocol = protocol;
        this.base64 = base64;
        this.jsonStatus = jsonStatus;
        this.streamClose = streamClose;
    }

    /** The subprotocol name ("" for none). */
    public String protocol() {
        return protocol;
    }

    public boolean base64() {
        return base64;
    }

    public boolean jsonStatus() {
        return jsonStatus;
    }

    public boolean streamClose() {
        return streamClose;
    }

    /**
     * The protocol to answer with: the first one offered that is supported (the client's order, as wsstream picks),
     * {@link #NONE} when none is offered, null when none offered is supported.
     */
    public static ChannelProtocol negotiate(List<String> offered) {
        if (offered.isEmpty()) {
            return NONE;
        }
        for (String o : offered) {
            for (ChannelProtocol p : values()) {
                if (p != NONE && p.protocol.equals(o)) {
                    return p;
                }
            }
        }
        return null;
    }

    /** One message on a channel: binary, or text for the base64 protocols. */
    public Object frame(int channel, byte[] data, int off, int len) {
        if (base64) {
            return (char) ('0' + channel) + Base64.getEncoder().encodeToString(Arrays.copyOfRange(data, off, off + len));
        }
        byte[] m = new byte[len + 1];
        m[0] = (byte) channel;
        System.arraycopy(data, off, m, 1, len);
        return m;
    }

    /**
     * A message from the client.
     *
     * @param channel the channel, or -1 for a message to drop
     * @param data    its payload
     * @param close   a v5 close signal for {@code channel}
     */
    public record Incoming(int channel, byte[] data, boolean close) {
        static final Incoming DROP = new Incoming(-1, new byte[0], false);
    }

    public Incoming decode(byte[] message) {
        if (message.length == 0 || base64) {
            return base64 ? decode(new String(message, StandardCharsets.US_ASCII)) : Incoming.DROP;
        }
        int channel = message[0] & 0xff;
        if (streamClose && channel == CLOSE) {
            return message.length == 2 ? new Incoming(message[1] & 0xff, new byte[0], true) : Incoming.DROP;
        }
        return new Incoming(channel, Arrays.copyOfRange(message, 1, message.length), false);
    }

    public Incoming decode(String message) {
        if (message.isEmpty()) {
            return Incoming.DROP;
        }
        if (!base64) {
            return decode(message.getBytes(StandardCharsets.UTF_8));
        }
        int channel = message.charAt(0) - '0';
        try {
            return new Incoming(channel, Base64.getDecoder().decode(message.substring(1)), false);
        } catch (IllegalArgumentException e) {
            return Incoming.DROP;
        }
    }
}
