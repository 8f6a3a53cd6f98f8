package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreEvent;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInput;
import java.io.DataInputStream;
import java.io.DataOutput;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Explicit, versioned byte formats of what the store keeps in Hazelcast and on disk (no Java serialization).
 */
final class Codec {

    private static final byte EVENT_VERSION = 1;
    private static final StoreEvent.Type[] TYPES = StoreEvent.Type.values();

    private Codec() {
    }

    static byte[] encodeEvent(LogEvent e) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + e.key().length() + length(e.value())
                + length(e.prevValue()));
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            writeEvent(out, e);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static LogEvent decodeEvent(byte[] data) {
        try {
            return readEvent(new DataInputStream(new ByteArrayInputStream(data)));
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    static void writeEvent(DataOutput out, LogEvent e) throws IOException {
        out.writeByte(EVENT_VERSION);
        out.writeByte(e.type().ordinal());
        out.writeUTF(e.key());
        out.writeLong(e.revision());
        out.writeLong(e.createRevision());
        out.writeLong(e.prevModRevision());
        writeBytes(out, e.value());
        writeBytes(out, e.prevValue());
        if (e.requestId() == null) {
            out.writeBoolean(false);
        } else {
            out.writeBoolean(true);
            out.writeLong(e.requestId().getMostSignificantBits());
            out.writeLong(e.requestId().getLeastSignificantBits());
        }
    }

    static LogEvent readEvent(DataInput in) throws IOException {
        byte version = in.readByte();
        if (version != EVENT_VERSION) {
            throw new IOException("unknown event format " + version);
        }
        StoreEvent.Type type = TYPES[in.readByte()];
        String key = in.readUTF();
        long revision = in.readLong();
        long createRevision = in.readLong();
        long prevModRevision = in.readLong();
        byte[] value = readBytes(in);
        byte[] prevValue = readBytes(in);
        java.util.UUID requestId = in.readBoolean() ? new java.util.UUID(in.readLong(), in.readLong()) : null;
        return new LogEvent(type, key, revision, createRevision, prevModRevision, value, prevValue, requestId);
    }

    static byte[] encodeBatch(List<LogEvent> events) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256 * events.size());
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(events.size());
            for (LogEvent e : events) {
                writeEvent(out, e);
            }
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
        return bytes.toByteArray();
    }

    static List<LogEvent> decodeBatch(byte[] data) throws IOException {
        DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
        int n = in.readInt();
        List<LogEvent> events = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            events.add(readEvent(in));
        }
        return events;
    }

    /** The grid's per-key value: createRevision, modRevision, then the value bytes. */
    static byte[] encodeEntry(KeyValue kv) {
        byte[] v = kv.value();
        byte[] out = new byte[16 + v.length];
        putLong(out, 0, kv.createRevision());
        putLong(out, 8, kv.modRevision());
        System.arraycopy(v, 0, out, 16, v.length);
        return out;
    }

    static KeyValue decodeEntry(String key, byte[] data) {
        byte[] v = new byte[data.length - 16];
        System.arraycopy(data, 16, v, 0, v.length);
        return new KeyValue(key, v, getLong(data, 0), getLong(data, 8));
    }

    static void writeBytes(DataOutput out, byte[] b) throws IOException {
        if (b == null) {
            out.writeInt(-1);
        } else {
            out.writeInt(b.length);
            out.write(b);
        }
    }

    static byte[] readBytes(DataInput in) throws IOException {
        int n = in.readInt();
        if (n < 0) {
            return null;
        }
        byte[] b = new byte[n];
        in.readFully(b);
        return b;
    }

    private static int length(byte[] b) {
        return b == null ? 0 : b.length;
    }

    private static void putLong(byte[] b, int off, long v) {
        for (int i = 7; i >= 0; i--) {
            b[off + i] = (byte) v;
            v >>>= 8;
        }
    }

    private static long getLong(byte[] b, int off) {
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (b[off + i] & 0xff);
        }
        return v;
    }
}
