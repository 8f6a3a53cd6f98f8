package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.CRC32;

/**
 * The write-ahead log and internal snapshots in one directory. A segment {@code wal-<firstRevision>.log} holds
 * records {@code [int length][long crc32][batch]}; one record per sequencer batch, forced once (group commit).
 * A checkpoint writes {@code snap-<revision>.bin} with the whole state, starts a new segment and deletes what it
 * supersedes. Recovery loads the newest snapshot and replays the segments; a torn tail record is cut off.
 */
final class Wal implements Closeable {

    private static final Logger LOG = LoggerFactory.getLogger(Wal.class);
    private static final String SEGMENT_PREFIX = "wal-";
    private static final String SNAPSHOT_PREFIX = "snap-";

    /** State recovered from disk. */
    record Recovered(long revision, Map<String, KeyValue> state) {
    }

    private final Path dir;
    private FileChannel segment;
    private Path segmentPath;

    Wal(Path dir) throws IOException {
        this.dir = dir;
        Files.createDirectories(dir);
    }

    Path directory() {
        return dir;
    }

    /** Loads the newest valid snapshot and replays every segment after it. */
    synchronized Recovered recover() throws IOException {
        Map<String, KeyValue> state = new HashMap<>();
        long revision = 0;
        List<Path> snapshots = list(SNAPSHOT_PREFIX, ".bin");
        for (int i = snapshots.size() - 1; i >= 0; i--) {
            try {
                SnapshotFile.Content c = SnapshotFile.read(snapshots.get(i));
                c.entries().forEach(kv -> state.put(kv.key(), kv));
                revision = c.revision();
                break;
            } catch (IOException e) {
                LOG.warn("Skipping unreadable snapshot {}: {}", snapshots.get(i), e.toString());
            }
        }
        for (Path seg : list(SEGMENT_PREFIX, ".log")) {
            revision = replay(seg, revision, state);
        }
        return new Recovered(revision, state);
    }

    private long replay(Path seg, long revision, Map<String, KeyValue> state) throws IOException {
        try (FileChannel ch = FileChannel.open(seg, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long pos = 0;
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(12);
            while (pos < size) {
                head.clear();
                if (readFully(ch, head, pos) < 12) {
                    break;
                }
                head.flip();
                int len = head.getInt();
                long crc = head.getLong();
                if (len <= 0 || pos + 12 + len > size) {
                    break;
                }
                ByteBuffer body = ByteBuffer.allocate(len);
                readFully(ch, body, pos + 12);
                CRC32 c = new CRC32();
                c.update(body.array());
                if (c.getValue() != crc) {
                    break;
                }
                for (LogEvent e : Codec.decodeBatch(body.array())) {
                    if (e.revision() > revision) {
                        KeyValue after = e.after();
                        if (after == null) {
                            state.remove(e.key());
                        } else {
                            state.put(e.key(), after);
                        }
                        revision = e.revision();
                    }
                }
                pos += 12 + len;
            }
            if (pos < size) {
                LOG.warn("Truncating torn tail of {} at {} (of {} bytes)", seg, pos, size);
                ch.truncate(pos);
                ch.force(true);
            }
        }
        return revision;
    }

    private static int readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        int total = 0;
        while (buf.hasRemaining()) {
            int n = ch.read(buf, pos + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    /** Appends one batch and forces it to disk before returning; returns where the batch starts. */
    synchronized long append(List<LogEvent> batch) throws IOException {
        if (segment == null) {
            throw new IOException("write-ahead log is not open");
        }
        long start = segment.position();
        byte[] body = Codec.encodeBatch(batch);
        CRC32 c = new CRC32();
        c.update(body);
        ByteBuffer buf = ByteBuffer.allocate(12 + body.length);
        buf.putInt(body.length).putLong(c.getValue()).put(body).flip();
        while (buf.hasRemaining()) {
            segment.write(buf);
        }
        segment.force(false);
        return start;
    }

    /** Cuts the current segment back to {@code position} (a batch whose revisions were not claimed). */
    synchronized void truncate(long position) throws IOException {
        if (segment != null) {
            segment.truncate(position);
            segment.position(position);
            segment.force(false);
        }
    }

    /**
     * Writes the whole state at {@code revision} as a snapshot, starts a new segment for the revisions after it,
     * and deletes the older snapshots and segments.
     */
    synchronized void checkpoint(long revision, Collection<KeyValue> state) throws IOException {
        Path snap = dir.resolve(String.format("%s%020d.bin", SNAPSHOT_PREFIX, revision));
        SnapshotFile.write(snap, revision, state);
        closeSegment();
        Path next = dir.resolve(String.format("%s%020d.log", SEGMENT_PREFIX, revision + 1));
        segment = FileChannel.open(next, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        segmentPath = next;
        forceDirectory(dir);
        for (Path p : list(SEGMENT_PREFIX, ".log")) {
            if (!p.equals(next)) {
                Files.deleteIfExists(p);
            }
        }
        for (Path p : list(SNAPSHOT_PREFIX, ".bin")) {
            if (!p.equals(snap)) {
                Files.deleteIfExists(p);
            }
        }
    }

    private List<Path> list(String prefix, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return new ArrayList<>(s.filter(p -> {
                String n = p.getFileName().toString();
                return n.startsWith(prefix) && n.endsWith(suffix);
            }).sorted().toList());
        }
    }

    private void closeSegment() throws IOException {
        if (segment != null) {
            segment.close();
            segment = null;
            segmentPath = null;
        }
    }

    static void forceDirectory(Path dir) {
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        } catch (IOException e) {
            // not supported on every platform; the rename is still atomic
        }
    }

    @Override
    public synchronized void close() throws IOException {
        closeSegment();
    }
}
