package io.stevedore.apiserver.internal.spdy;

import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server end of a SPDY/3.1 session whose client opens the streams, as Kubernetes' clients (moby/spdystream)
 * do for port-forward: each SYN_STREAM is offered to a {@link Handler}, answered with an empty SYN_REPLY (or reset
 * when refused), then carries data both ways until each side sends FIN or one resets it. Client pings are echoed;
 * GOAWAY ends the session.
 *
 * <p>Flow control: spdystream neither sends WINDOW_UPDATE nor honours windows, so enforcing the default 64 KiB send
 * window would stall every transfer after 64 KiB. Send windows are therefore tracked but only enforced once the
 * peer shows it does flow control (it sent a WINDOW_UPDATE or an initial window SETTING). Received data is
 * acknowledged with WINDOW_UPDATE as the stream's reader consumes it; a stream buffers at most
 * {@link #MAX_BUFFERED} bytes, beyond which {@link #receive} blocks until its reader catches up (as spdystream
 * does), which pushes back on the transport.
 *
 * <p>Container-neutral: bytes come in through {@link #receive} (from one thread at a time) and frames go out through
 * an {@link Output}.
 */
public final class SpdySession {

    private static final Logger LOG = LoggerFactory.getLogger(SpdySession.class);
    static final int CHUNK = 32 * 1024;
    static final int MAX_BUFFERED = 1024 * 1024;

    /** Where the session's frames go: the tunnel to the client. */
    public interface Output {
        /** Writes whole frames, in order; returns once written or queued within a bound. */
        void write(byte[] frames) throws IOException;

        /** Ends the tunnel. */
        void close();
    }

    /** What serves the client's streams. */
    public interface Handler {
        /** Null to accept a new stream, else why it is refused (it is reset). */
        String accept(Stream stream);

        /** An accepted stream, after its SYN_REPLY went out. */
        void opened(Stream stream);

        /** The session ended (either side); every stream is closed by then. */
        default void ended() {
        }
    }

    private final SpdyFramer framer = new SpdyFramer();
    private final Object writeLock = new Object();
    private final Output output;
    private final Handler handler;
    private final Map<Integer, Stream> streams = new ConcurrentHashMap<>();
    private volatile boolean closed;
    private volatile boolean peerFlowControl;
    private volatile int peerInitialWindow = SpdyFrame.DEFAULT_WINDOW;
    private int lastClientStream;

    public SpdySession(Output output, Handler handler) {
        this.output = output;
        this.handler = handler;
    }

    /** Bytes from the client, as they arrive; frames may span calls. One caller at a time. */
    public void receive(byte[] data, int off, int len) {
        if (closed) {
            return;
        }
        framer.feed(data, off, len);
        try {
            SpdyFrame f;
            while (!closed && (f = framer.next()) != null) {
                dispatch(f);
            }
        } catch (SpdyFramer.ProtocolException e) {
            LOG.debug("SPDY protocol error: {}", e.getMessage());
            goAway(SpdyFrame.GOAWAY_PROTOCOL_ERROR);
        } catch (IOException e) {
            LOG.debug("SPDY session write failed: {}", e.toString());
            end();
        }
    }

    private void dispatch(SpdyFrame f) throws IOException {
        if (f instanceof SpdyFrame.SynStream s) {
            synStream(s);
        } else if (f instanceof SpdyFrame.Data d) {
            Stream s = streams.get(d.streamId());
            if (s != null) {
                s.received(d.data(), d.fin());
            }
        } else if (f instanceof SpdyFrame.RstStream r) {
            Stream s = streams.remove(r.streamId());
            if (s != null) {
                s.resetByPeer();
            }
        } else if (f instanceof SpdyFrame.Ping p) {
            if ((p.id() & 1) == 1) {
                send(p); // the client's ping: echo it
            }
        } else if (f instanceof SpdyFrame.GoAway) {
            end();
        } else if (f instanceof SpdyFrame.WindowUpdate w) {
            peerFlowControl = true;
            Stream s = streams.get(w.streamId());
            if (s != null) {
                s.window(w.delta());
            }
        } else if (f instanceof SpdyFrame.Settings s) {
            for (SpdyFrame.Setting e : s.settings()) {
                if (e.id() == SpdyFrame.SETTINGS_INITIAL_WINDOW_SIZE) {
                    int delta = e.value() - peerInitialWindow;
                    peerInitialWindow = e.value();
                    peerFlowControl = true;
                    streams.values().forEach(st -> st.window(delta));
                }
            }
        }
        // SYN_REPLY and HEADERS (a server opens no streams here) and unknown control frames are ignored
    }

    private void synStream(SpdyFrame.SynStream s) throws IOException {
        if ((s.streamId() & 1) == 0 || s.streamId() <= lastClientStream) {
            send(new SpdyFrame.RstStream(s.streamId(), SpdyFrame.PROTOCOL_ERROR));
            return;
        }
        lastClientStream = s.streamId();
        Stream stream = new Stream(s.streamId(), s.headers(), peerInitialWindow);
        if (s.fin()) {
            stream.remoteFin = true;
        }
        String refused = handler.accept(stream);
        if (refused != null) {
            LOG.debug("SPDY stream {} refused: {}", s.streamId(), refused);
            send(new SpdyFrame.RstStream(s.streamId(), SpdyFrame.CANCEL));
            return;
        }
        streams.put(stream.id, stream);
        send(new SpdyFrame.SynReply(stream.id, false, Map.of()));
        handler.opened(stream);
    }

    void send(SpdyFrame f) throws IOException {
        synchronized (writeLock) {
            if (closed) {
                throw new IOException("SPDY session closed");
            }
            output.write(framer.encode(f));
        }
    }

    /** Ends the session: GOAWAY, then the tunnel closes. */
    public void close() {
        goAway(SpdyFrame.GOAWAY_OK);
    }

    private void goAway(int status) {
        try {
            synchronized (writeLock) {
                if (!closed) {
                    output.write(framer.encode(new SpdyFrame.GoAway(lastClientStream, status)));
                }
            }
        } catch (IOException e) {
            LOG.debug("SPDY GOAWAY not sent: {}", e.toString());
        }
        end();
    }

    /** The tunnel is gone (or the session ended): every stream ends. */
    public void end() {
        synchronized (writeLock) {
            if (closed) {
                return;
            }
            closed = true;
            framer.close();
        }
        for (Stream s : streams.values()) {
            s.resetByPeer();
        }
        streams.clear();
        output.close();
        handler.ended();
    }

    public boolean isClosed() {
        return closed;
    }

    /** One stream of the session. Its input is read by one thread; writes may come from several. */
    public final class Stream {
        private final int id;
        private final Map<String, List<String>> headers;
        private final ArrayDeque<byte[]> inbound = new ArrayDeque<>();
        private final InputStream input = new Input();
        private int buffered;
        private int unacknowledged;
        private boolean remoteFin;
        private boolean localFin;
        private boolean reset;
        private long sendWindow;

        Stream(int id, Map<String, List<String>> headers, int window) {
            this.id = id;
            this.headers = headers;
            this.sendWindow = window;
        }

        public int id() {
            return id;
        }

        /** The first value of a header (names are lower case on the wire), or null. */
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(java.util.Locale.ROOT));
            return v == null || v.isEmpty() ? null : v.get(0);
        }

        /** What the client sends on this stream; ends at its FIN or a reset. */
        public InputStream input() {
            return input;
        }

        /** Sends data (in frames of at most 32 KiB), honouring the window if the peer does flow control. */
        public void write(byte[] b, int off, int len) throws IOException {
            while (len > 0) {
                int n = Math.min(len, CHUNK);
                synchronized (this) {
                    while (peerFlowControl && sendWindow <= 0 && !reset && !closed) {
                        try {
                            wait(1000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    if (reset || closed || localFin) {
                        throw new IOException("SPDY stream " + id + (reset ? " was reset" : " is closed"));
                    }
                    if (peerFlowControl) {
                        n = (int) Math.min(n, sendWindow);
                    }
                    sendWindow -= n;
                }
                send(new SpdyFrame.Data(id, false, java.util.Arrays.copyOfRange(b, off, off + n)));
                off += n;
                len -= n;
            }
        }

        /** Half-closes: an empty DATA frame with FIN (once). */
        public void finish() {
            synchronized (this) {
                if (localFin || reset) {
                    return;
                }
                localFin = true;
                if (remoteFin) {
                    streams.remove(id);
                }
            }
            try {
                send(new SpdyFrame.Data(id, true, new byte[0]));
            } catch (IOException e) {
                LOG.debug("SPDY FIN on {} not sent: {}", id, e.toString());
            }
        }

        /** Aborts the stream both ways (RST_STREAM CANCEL). */
        public void reset() {
            synchronized (this) {
                if (reset) {
                    return;
                }
                reset = true;
                inbound.clear();
                notifyAll();
            }
            streams.remove(id);
            try {
                send(new SpdyFrame.RstStream(id, SpdyFrame.CANCEL));
            } catch (IOException e) {
                LOG.debug("SPDY RST on {} not sent: {}", id, e.toString());
            }
        }

        public synchronized boolean isReset() {
            return reset;
        }

        synchronized void received(byte[] data, boolean fin) {
            if (reset || remoteFin) {
                return;
            }
            if (data.length > 0) {
                while (buffered >= MAX_BUFFERED && !reset && !closed) {
                    try {
                        wait(1000);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return;
                    }
                }
                if (reset) {
                    return;
                }
                inbound.add(data);
                buffered += data.length;
            }
            if (fin) {
                remoteFin = true;
                if (localFin) {
                    streams.remove(id);
                }
            }
            notifyAll();
        }

        synchronized void resetByPeer() {
            reset = true;
            inbound.clear();
            notifyAll();
        }

        synchronized void window(int delta) {
            sendWindow += delta;
            notifyAll();
        }

        private final class Input extends InputStream {
            private byte[] current;
            private int pos;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                int n = read(one, 0, 1);
                return n < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (len == 0) {
                    return 0;
                }
                int n;
                int ack = 0;
                synchronized (Stream.this) {
                    while (current == null) {
                        current = inbound.poll();
                        pos = 0;
                        if (current != null) {
                            break;
                        }
                        if (reset || remoteFin || closed) {
                            return -1;
                        }
                        try {
                            Stream.this.wait(1000);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                            throw new java.io.InterruptedIOException();
                        }
                    }
                    n = Math.min(len, current.length - pos);
                    System.arraycopy(current, pos, b, off, n);
                    pos += n;
                    if (pos == current.length) {
                        current = null;
                    }
                    buffered -= n;
                    unacknowledged += n;
                    if (unacknowledged >= SpdyFrame.DEFAULT_WINDOW / 2 && !remoteFin && !reset) {
                        ack = unacknowledged;
                        unacknowledged = 0;
                    }
                    Stream.this.notifyAll();
                }
                if (ack > 0) {
                    try {
                        send(new SpdyFrame.WindowUpdate(id, ack));
                    } catch (IOException e) {
                        LOG.debug("SPDY WINDOW_UPDATE on {} not sent: {}", id, e.toString());
                    }
                }
                return n;
            }
        }
    }
}
