package io.stevedore.apiserver.internal.spdy;

import java.util.List;
import java.util.Map;

/**
 * The frames of SPDY/3.1 (draft-mbelshe-httpbis-spdy-00 with the 3.1 session flow control): a data frame, or a
 * control frame of version 3. Stream ids are 31 bits; header blocks are name to values (NUL-separated on the wire).
 */
public sealed interface SpdyFrame {

    int VERSION = 3;
    int FLAG_FIN = 0x01;
    int FLAG_UNIDIRECTIONAL = 0x02;

    /** RST_STREAM status codes. */
    int PROTOCOL_ERROR = 1;
    int INVALID_STREAM = 2;
    int REFUSED_STREAM = 3;
    int CANCEL = 5;
    int INTERNAL_ERROR = 6;
    int FLOW_CONTROL_ERROR = 7;

    /** GOAWAY status codes. */
    int GOAWAY_OK = 0;
    int GOAWAY_PROTOCOL_ERROR = 1;
    int GOAWAY_INTERNAL_ERROR = 2;

    /** SETTINGS id of the initial per-stream window. */
    int SETTINGS_INITIAL_WINDOW_SIZE = 7;
    /** The per-stream window a session starts with. */
    int DEFAULT_WINDOW = 64 * 1024;

    record Data(int streamId, boolean fin, byte[] data) implements SpdyFrame {
    }

    record SynStream(int streamId, int associatedTo, int priority, int flags, Map<String, List<String>> headers)
            implements SpdyFrame {
        public boolean fin() {
            return (flags & FLAG_FIN) != 0;
        }
    }

    record SynReply(int streamId, boolean fin, Map<String, List<String>> headers) implements SpdyFrame {
    }

    record RstStream(int streamId, int status) implements SpdyFrame {
    }

    record Setting(int flags, int id, int value) {
    }

    record Settings(int flags, List<Setting> settings) implements SpdyFrame {
    }

    record Ping(int id) implements SpdyFrame {
    }

    record GoAway(int lastGoodStreamId, int status) implements SpdyFrame {
    }

    record Headers(int streamId, boolean fin, Map<String, List<String>> headers) implements SpdyFrame {
    }

    record WindowUpdate(int streamId, int delta) implements SpdyFrame {
    }

    /** A control frame of a type this implementation does not know (skipped, as the spec asks). */
    record Unknown(int type, int flags, byte[] payload) implements SpdyFrame {
    }
}
