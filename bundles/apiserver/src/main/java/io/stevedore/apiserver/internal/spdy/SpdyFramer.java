package io.stevedore.apiserver.internal.spdy;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * Encodes and decodes the frames of one SPDY/3 session direction pair. Header blocks are compressed with one zlib
 * stream per direction for the whole session, primed with the SPDY/3 dictionary and sync-flushed after every
 * block; so a framer must see every frame of its session, in order. Decoding is incremental: feed bytes as they
 * come (frames may span any number of reads), take frames while {@link #next()} has one. Not thread-safe.
 */
public final class SpdyFramer {

    /** Largest frame payload: a 24-bit length. */
    public static final int MAX_LENGTH = (1 << 24) - 1;
    private static final int MAX_HEADER_BYTES = 1 << 20;

    private static final int SYN_STREAM = 1;
    private static final int SYN_REPLY = 2;
    private static final int RST_STREAM = 3;
    private static final int SETTINGS = 4;
    private static final int PING = 6;
    private static final int GOAWAY = 7;
    private static final int HEADERS = 8;
    private static final int WINDOW_UPDATE = 9;

    private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
    private final Inflater inflater = new Inflater();
    private byte[] in = new byte[16 * 1024];
    private int start;
    private int end;

    public SpdyFramer() {
        deflater.setDictionary(HeaderDictionary.bytes());
    }

    /** A malformed frame or header block: the session is unusable (GOAWAY with PROTOCOL_ERROR). */
    public static final class ProtocolException extends Exception {
        private static final long serialVersionUID = 1L;

        public ProtocolException(String message) {
            super(message);
        }
    }

    // ------------------------------------------------------------------ encoding

    public byte[] encode(SpdyFrame frame) {
        if (frame instanceof SpdyFrame.Data d) {
            if (d.data().length > MAX_LENGTH) {
                throw new IllegalArgumentException("data frame too long: " + d.data().length);
            }
            ByteBuffer b = ByteBuffer.allocate(8 + d.data().length);
            b.putInt(d.streamId() & 0x7fffffff);
            b.putInt((d.fin() ? SpdyFrame.FLAG_FIN : 0) << 24 | d.data().length);
            b.put(d.data());
            return b.array();
        }
        if (frame instanceof SpdyFrame.SynStream s) {
            byte[] block = compress(s.headers());
            ByteBuffer b = control(SYN_STREAM, s.flags(), 10 + block.length);
            b.putInt(s.streamId() & 0x7fffffff);
            b.putInt(s.associatedTo() & 0x7fffffff);
            b.put((byte) ((s.priority() & 0x7) << 5));
            b.put((byte) 0);
            b.put(block);
            return b.array();
        }
        if (frame instanceof SpdyFrame.SynReply r) {
            byte[] block = compress(r.headers());
            ByteBuffer b = control(SYN_REPLY, r.fin() ? SpdyFrame.FLAG_FIN : 0, 4 + block.length);
            b.putInt(r.streamId() & 0x7fffffff);
            b.put(block);
            return b.array();
        }
        if (frame instanceof SpdyFrame.Headers h) {
            byte[] block = compress(h.headers());
            ByteBuffer b = control(HEADERS, h.fin() ? SpdyFrame.FLAG_FIN : 0, 4 + block.length);
            b.putInt(h.streamId() & 0x7fffffff);
            b.put(block);
            return b.array();
        }
        if (frame instanceof SpdyFrame.RstStream r) {
            return control(RST_STREAM, 0, 8).putInt(r.streamId() & 0x7fffffff).putInt(r.status()).array();
        }
        if (frame instanceof SpdyFrame.Settings s) {
            ByteBuffer b = control(SETTINGS, s.flags(), 4 + 8 * s.settings().size());
            b.putInt(s.settings().size());
            for (SpdyFrame.Setting e : s.settings()) {
                b.putInt((e.flags() & 0xff) << 24 | (e.id() & 0xffffff));
                b.putInt(e.value());
            }
            return b.array();
        }
        if (frame instanceof SpdyFrame.Ping p) {
            return control(PING, 0, 4).putInt(p.id()).array();
        }
        if (frame instanceof SpdyFrame.GoAway g) {
            return control(GOAWAY, 0, 8).putInt(g.lastGoodStreamId() & 0x7fffffff).putInt(g.status()).array();
        }
        if (frame instanceof SpdyFrame.WindowUpdate w) {
            return control(WINDOW_UPDATE, 0, 8).putInt(w.streamId() & 0x7fffffff).putInt(w.delta() & 0x7fffffff)
                    .array();
        }
        SpdyFrame.Unknown u = (SpdyFrame.Unknown) frame;
        ByteBuffer b = control(u.type(), u.flags(), u.payload().length);
        b.put(u.payload());
        return b.array();
    }

    private static ByteBuffer control(int type, int flags, int length) {
        ByteBuffer b = ByteBuffer.allocate(8 + length);
        b.putShort((short) (0x8000 | SpdyFrame.VERSION));
        b.putShort((short) type);
        b.putInt((flags & 0xff) << 24 | length);
        return b;
    }

    /** A header block: count, then each name and its values joined by NUL, all with 32-bit lengths; compressed. */
    private byte[] compress(Map<String, List<String>> headers) {
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        int32(raw, headers.size());
        for (Map.Entry<String, List<String>> h : headers.entrySet()) {
            byte[] name = h.getKey().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8);
            byte[] value = String.join("\0", h.getValue()).getBytes(StandardCharsets.UTF_8);
            int32(raw, name.length);
            raw.writeBytes(name);
            int32(raw, value.length);
            raw.writeBytes(value);
        }
        deflater.setInput(raw.toByteArray());
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        int n;
        do {
            n = deflater.deflate(buf, 0, buf.length, Deflater.SYNC_FLUSH);
            out.write(buf, 0, n);
        } while (n == buf.length);
        return out.toByteArray();
    }

    private static void int32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    // ------------------------------------------------------------------ decoding

    /** Appends received bytes. */
    public void feed(byte[] data, int off, int len) {
        if (end + len > in.length) {
            int live = end - start;
            if (live + len > in.length) {
                in = Arrays.copyOf(in, Math.max(in.length * 2, live + len));
            }
            System.arraycopy(in, start, in, 0, live);
            start = 0;
            end = live;
        }
        System.arraycopy(data, off, in, end, len);
        end += len;
    }

    /** The next whole frame received, or null until more bytes come. */
    public SpdyFrame next() throws ProtocolException {
        if (end - start < 8) {
            return null;
        }
        ByteBuffer b = ByteBuffer.wrap(in, start, end - start);
        int first = b.getInt();
        int flagsAndLength = b.getInt();
        int flags = flagsAndLength >>> 24;
        int length = flagsAndLength & 0xffffff;
        if (end - start < 8 + length) {
            return null;
        }
        byte[] payload = Arrays.copyOfRange(in, start + 8, start + 8 + length);
        start += 8 + length;
        if (start == end) {
            start = 0;
            end = 0;
        }
        if (first >= 0) {
            int streamId = first & 0x7fffffff;
            if (streamId == 0) {
                throw new ProtocolException("data frame on stream 0");
            }
            return new SpdyFrame.Data(streamId, (flags & SpdyFrame.FLAG_FIN) != 0, payload);
        }
        int version = (first >>> 16) & 0x7fff;
        int type = first & 0xffff;
        if (version != SpdyFrame.VERSION) {
            throw new ProtocolException("unsupported SPDY version " + version);
        }
        return control(type, flags, payload);
    }

    private SpdyFrame control(int type, int flags, byte[] payload) throws ProtocolException {
        ByteBuffer p = ByteBuffer.wrap(payload);
        switch (type) {
            case SYN_STREAM -> {
                need(payload, 10, "SYN_STREAM");
                int id = p.getInt() & 0x7fffffff;
                int assoc = p.getInt() & 0x7fffffff;
                int priority = (p.get() & 0xff) >>> 5;
                p.get(); // slot
                return new SpdyFrame.SynStream(nonZero(id), assoc, priority, flags, decompress(payload, 10));
            }
            case SYN_REPLY -> {
                need(payload, 4, "SYN_REPLY");
                int id = p.getInt() & 0x7fffffff;
                return new SpdyFrame.SynReply(nonZero(id), (flags & SpdyFrame.FLAG_FIN) != 0, decompress(payload, 4));
            }
            case HEADERS -> {
                need(payload, 4, "HEADERS");
                int id = p.getInt() & 0x7fffffff;
                return new SpdyFrame.Headers(nonZero(id), (flags & SpdyFrame.FLAG_FIN) != 0, decompress(payload, 4));
            }
            case RST_STREAM -> {
                need(payload, 8, "RST_STREAM");
                return new SpdyFrame.RstStream(nonZero(p.getInt() & 0x7fffffff), p.getInt());
            }
            case SETTINGS -> {
                need(payload, 4, "SETTINGS");
                int count = p.getInt();
                if (count < 0 || payload.length < 4 + 8L * count) {
                    throw new ProtocolException("SETTINGS frame too short");
                }
                List<SpdyFrame.Setting> settings = new ArrayList<>(count);
                for (int i = 0; i < count; i++) {
                    int flagsAndId = p.getInt();
                    settings.add(new SpdyFrame.Setting(flagsAndId >>> 24, flagsAndId & 0xffffff, p.getInt()));
                }
                return new SpdyFrame.Settings(flags, settings);
            }
            case PING -> {
                need(payload, 4, "PING");
                return new SpdyFrame.Ping(p.getInt());
            }
            case GOAWAY -> {
                need(payload, 4, "GOAWAY");
                int last = p.getInt() & 0x7fffffff;
                return new SpdyFrame.GoAway(last, payload.length >= 8 ? p.getInt() : SpdyFrame.GOAWAY_OK);
            }
            case WINDOW_UPDATE -> {
                need(payload, 8, "WINDOW_UPDATE");
                return new SpdyFrame.WindowUpdate(p.getInt() & 0x7fffffff, p.getInt() & 0x7fffffff);
            }
            default -> {
                return new SpdyFrame.Unknown(type, flags, payload);
            }
        }
    }

    private static void need(byte[] payload, int n, String what) throws ProtocolException {
        if (payload.length < n) {
            throw new ProtocolException(what + " frame too short");
        }
    }

    private static int nonZero(int id) throws ProtocolException {
        if (id == 0) {
            throw new ProtocolException("stream id 0");
        }
        return id;
    }

    private Map<String, List<String>> decompress(byte[] payload, int offset) throws ProtocolException {
        byte[] raw = inflate(payload, offset);
        ByteBuffer b = ByteBuffer.wrap(raw);
        try {
            int count = b.getInt();
            if (count < 0) {
                throw new ProtocolException("negative header count");
            }
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 0; i < count; i++) {
                String name = string(b).toLowerCase(Locale.ROOT);
                String value = string(b);
                if (name.isEmpty()) {
                    throw new ProtocolException("empty header name");
                }
                List<String> values = headers.computeIfAbsent(name, k -> new ArrayList<>());
                values.addAll(Arrays.asList(value.split("\0", -1)));
            }
            return headers;
        } catch (java.nio.BufferUnderflowException e) {
            throw new ProtocolException("truncated header block");
        }
    }

    private static String string(ByteBuffer b) throws ProtocolException {
        int len = b.getInt();
        if (len < 0 || len > b.remaining()) {
            throw new ProtocolException("header length out of range");
        }
        byte[] s = new byte[len];
        b.get(s);
        return new String(s, StandardCharsets.UTF_8);
    }

    private byte[] inflate(byte[] payload, int offset) throws ProtocolException {
        inflater.setInput(payload, offset, payload.length - offset);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            while (true) {
                int n = inflater.inflate(buf);
                if (n > 0) {
                    out.write(buf, 0, n);
                    if (out.size() > MAX_HEADER_BYTES) {
                        throw new ProtocolException("header block too large");
                    }
                } else if (inflater.needsDictionary()) {
                    inflater.setDictionary(HeaderDictionary.bytes());
                } else if (inflater.needsInput() || inflater.finished()) {
                    break;
                }
            }
        } catch (DataFormatException e) {
            throw new ProtocolException("bad header compression: " + e.getMessage());
        }
        if (inflater.getRemaining() > 0) {
            throw new ProtocolException("header block has trailing bytes");
        }
        return out.toByteArray();
    }

    /** Frees the compressors. */
    public void close() {
        deflater.end();
        inflater.end();
    }
}
