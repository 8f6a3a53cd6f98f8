package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * The snapshot file format (version 1): magic {@code STVDSNAP}, format version, revision, entry count, the entries
 * (key, createRevision, modRevision, value), then the CRC-32 of everything before it. Written to a temporary
 * file, forced and renamed, so a snapshot file is either whole or absent.
 */
final class SnapshotFile {

    private static final long MAGIC = 0x5354564453_4E4150L; // "STVDSNAP"
    private static final int VERSION = 1;

    /** A snapshot's content. */
    record Content(long revision, List<KeyValue> entries) {
    }

    private SnapshotFile() {
    }

    static void write(Path file, long revision, Collection<KeyValue> entries) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = dir.resolve(file.getFileName() + ".tmp");
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            CRC32 crc = new CRC32();
            OutputStream raw = java.nio.channels.Channels.newOutputStream(ch);
            DataOutputStream out = new DataOutputStream(new CheckedOutputStream(new BufferedOutputStream(raw, 1 << 16), crc));
            out.writeLong(MAGIC);
            out.writeInt(VERSION);
            out.writeLong(revision);
            out.writeLong(entries.size());
            for (KeyValue kv : entries) {
                out.writeUTF(kv.key());
                out.writeLong(kv.createRevision());
                out.writeLong(kv.modRevision());
                Codec.writeBytes(out, kv.value());
            }
            out.flush();
            DataOutputStream tail = new DataOutputStream(new BufferedOutputStream(raw));
            tail.writeLong(crc.getValue());
            tail.flush();
            ch.force(true);
        }
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        Wal.forceDirectory(dir);
    }

    static Content read(Path file) throws IOException {
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            CRC32 crc = new CRC32();
            DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
            if (in.readLong() != MAGIC) {
                throw new IOException(file + " is not a Stevedore snapshot");
            }
            int version = in.readInt();
            if (version != VERSION) {
                throw new IOException(file + ": unsupported snapshot version " + version);
            }
            long revision = in.readLong();
            long count = in.readLong();
            List<KeyValue> entries = new ArrayList<>((int) Math.min(count, 1 << 20));
            for (long i = 0; i < count; i++) {
                String key = in.readUTF();
                long create = in.readLong();
                long mod = in.readLong();
                entries.add(new KeyValue(key, Codec.readBytes(in), create, mod));
            }
            long expected = crc.getValue();
            long actual = new DataInputStream(raw).readLong();
            if (expected != actual) {
                throw new IOException(file + ": snapshot checksum mismatch");
            }
            return new Content(revision, entries);
        }
    }
}
