package io.stevedore.runtime.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.runtime.LogOptions;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LogsTest {

    @TempDir
    Path dir;

    @Test
    void findsTheStartOfTheLastLines() throws Exception {
        Path f = file("a\nbb\nccc\n");
        assertThat(Logs.tailOffset(f, 1)).isEqualTo(5);
        assertThat(Logs.tailOffset(f, 2)).isEqualTo(2);
        assertThat(Logs.tailOffset(f, 3)).isZero();
        assertThat(Logs.tailOffset(f, 10)).isZero();
        assertThat(Logs.tailOffset(f, 0)).isEqualTo(9);

        Path partial = file("a\nbb\nccc");
        assertThat(Logs.tailOffset(partial, 1)).isEqualTo(5);
        assertThat(Logs.tailOffset(file(""), 3)).isZero();
    }

    @Test
    void tailsLinesLongerThanOneBuffer() throws Exception {
        String longLine = "x".repeat(20_000);
        Path f = file("first\n" + longLine + "\nlast\n");
        assertThat(Logs.tailOffset(f, 2)).isEqualTo(6);
    }

    @Test
    void formatsTimesAsGoFormatsRfc3339Nano() {
        assertThat(Logs.rfc3339Nano(Instant.parse("2024-05-01T10:00:00Z"))).isEqualTo("2024-05-01T10:00:00Z");
        assertThat(Logs.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.120Z"))).isEqualTo("2024-05-01T10:00:00.12Z");
        assertThat(Logs.rfc3339Nano(Instant.parse("2024-05-01T10:00:00.000000001Z")))
                .isEqualTo("2024-05-01T10:00:00.000000001Z");
    }

    @Test
    void prefixesEveryLineAndCountsPrefixesInTheLimit() throws Exception {
        Path f = file("one\ntwo\nthree");
        Instant t = Instant.parse("2024-05-01T10:00:00Z");
        assertThat(write(f, new LogOptions(false, true, null, null, null), t))
                .isEqualTo("2024-05-01T10:00:00Z one\n2024-05-01T10:00:00Z two\n2024-05-01T10:00:00Z three");
        assertThat(write(f, new LogOptions(false, true, null, null, 25L), t))
                .isEqualTo("2024-05-01T10:00:00Z one\n");
        assertThat(write(f, new LogOptions(false, false, null, null, 0L), t)).isEmpty();
    }

    @Test
    void aMissingFileIsAnEmptyLog() throws Exception {
        assertThat(write(dir.resolve("none"), LogOptions.ALL, Instant.now())).isEmpty();
        assertThat(write(dir.resolve("none"), new LogOptions(true, false, 5L, Instant.now(), null), Instant.now()))
                .isEmpty();
    }

    private Path file(String content) throws Exception {
        Path f = Files.createTempFile(dir, "log", ".txt");
        Files.writeString(f, content);
        return f;
    }

    private static String write(Path f, LogOptions options, Instant stamp) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Logs.write(f, options, stamp, () -> false, out);
        return out.toString(StandardCharsets.UTF_8);
    }
}
