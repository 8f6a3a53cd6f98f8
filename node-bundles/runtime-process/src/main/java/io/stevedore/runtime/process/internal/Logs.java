package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.LogOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.function.BooleanSupplier;

/**
 * Writes a container's combined log file as the pods/log subresource asks for it.
 * <ul>
 *   <li>{@code tailLines}: from the start of the last N lines;</li>
 *   <li>{@code since}: the file keeps no time per line, so its last modification decides: when that
 *       is before {@code since} nothing written so far is shown, else everything;</li>
 *   <li>{@code timestamps}: every line is prefixed with one time, the container's start (an
 *       approximation, for the same reason);</li>
 *   <li>{@code limitBytes}: output (prefixes included) stops after that many bytes;</li>
 *   <li>{@code follow}: keeps writing what the container appends until it has exited and the file is
 *       drained, or writing to {@code out} fails.</li>
 * </ul>
 */
final class Logs {

    static final Duration POLL = Duration.ofMillis(150);

    private Logs() {
    }

    static void write(Path file, LogOptions options, Instant stamp, BooleanSupplier running, OutputStream out)
            throws IOException {
        long start = 0;
        if (Files.exists(file)) {
            long size = Files.size(file);
            if (options.since() != null
                    && Files.getLastModifiedTime(file).toInstant().isBefore(options.since())) {
                start = size;
            } else if (options.tailLines() != null) {
                start = tailOffset(file, options.tailLines());
            }
        }
        byte[] prefix = options.timestamps()
                ? (rfc3339Nano(stamp) + " ").getBytes(StandardCharsets.US_ASCII) : null;
        long limit = options.limitBytes() == null ? Long.MAX_VALUE : Math.max(0, options.limitBytes());
        LineWriter writer = new LineWriter(out, prefix, limit);
        if (limit == 0) {
            return;
        }
        try (InputStream in = new FileFollower(file, start, options.follow(), running, POLL)) {
            byte[] buf = new byte[8192];
            int n;
            while ((n = in.read(buf, 0, buf.length)) > 0) {
                boolean more = writer.write(buf, n);
                out.flush();
                if (!more) {
                    return;
                }
            }
        }
    }

    /** The offset where the last {@code lines} lines of the file begin (a last line may lack its newline). */
    static long tailOffset(Path file, long lines) throws IOException {
        try (RandomAccessFile raf = new RandomAccessFile(file.toFile(), "r")) {
            long size = raf.length();
            if (lines <= 0) {
                return size;
            }
            long end = size;
            if (end > 0) {
                raf.seek(end - 1);
                if (raf.read() == '\n') {
                    end--; // the final newline ends the last line; it does not start another
                }
            }
            byte[] buf = new byte[8192];
            long seen = 0;
            long pos = end;
            while (pos > 0) {
                int chunk = (int) Math.min(buf.length, pos);
                pos -= chunk;
                raf.seek(pos);
                raf.readFully(buf, 0, chunk);
                for (int i = chunk - 1; i >= 0; i--) {
                    if (buf[i] == '\n' && ++seen == lines) {
                        return pos + i + 1;
                    }
                }
            }
            return 0;
        }
    }

    /** Go's RFC3339Nano: UTC, nanoseconds without trailing zeros ({@code 2024-05-01T10:00:00.12Z}). */
    static String rfc3339Nano(Instant t) {
        LocalDateTime d = LocalDateTime.ofEpochSecond(t.getEpochSecond(), 0, ZoneOffset.UTC);
        StringBuilder s = new StringBuilder(String.format("%04d-%02d-%02dT%02d:%02d:%02d", d.getYear(),
                d.getMonthValue(), d.getDayOfMonth(), d.getHour(), d.getMinute(), d.getSecond()));
        if (t.getNano() != 0) {
            String nanos = String.format("%09d", t.getNano()).replaceAll("0+$", "");
            s.append('.').append(nanos);
        }
        return s.append('Z').toString();
    }

    /** Copies bytes, prefixing each line and stopping at a byte limit. */
    private static final class LineWriter {
        private final OutputStream out;
        private final byte[] prefix;
        private long remaining;
        private boolean lineStart = true;

        LineWriter(OutputStream out, byte[] prefix, long limit) {
            this.out = out;
            this.prefix = prefix;
            this.remaining = limit;
        }

        /** Writes {@code b[0..len)}; false once the limit is reached. */
        boolean write(byte[] b, int len) throws IOException {
            int i = 0;
            while (i < len) {
                if (lineStart && prefix != null && !emit(prefix, 0, prefix.length)) {
                    return false;
                }
                lineStart = false;
                int end = i;
                while (end < len && b[end] != '\n') {
                    end++;
                }
                if (end < len) {
                    end++;
                    lineStart = true;
                }
                if (!emit(b, i, end - i)) {
                    return false;
                }
                i = end;
            }
            return true;
        }

        private boolean emit(byte[] b, int off, int len) throws IOException {
            if (len >= remaining) {
                out.write(b, off, (int) remaining);
                remaining = 0;
                return false;
            }
            out.write(b, off, len);
            remaining -= len;
            return true;
        }
    }
}
