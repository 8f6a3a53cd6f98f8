package io.stevedore.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgesTest {

    @ParameterizedTest
    @CsvSource({
        "-5, <invalid>", "-1, 0s", "0, 0s", "59, 59s", "119, 119s", "120, 2m", "150, 2m30s", "599, 9m59s",
        "600, 10m", "10799, 179m", "10800, 3h", "11100, 3h5m", "28800, 8h", "172799, 47h", "172800, 2d",
        "187200, 2d4h", "691199, 7d23h", "691200, 8d", "63071999, 729d", "63072000, 2y", "63936000, 2y10d",
        "252288000, 8y"
    })
    void humanDurationLikeApimachinery(long seconds, String expected) {
        assertThat(Ages.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void sinceParsesTimestamps() {
        Instant now = Instant.parse("2026-11-25T12:05:00Z");
        assertThat(Ages.since("2026-11-25T12:00:00Z", now)).isEqualTo("5m");
        assertThat(Ages.since("", now)).isEqualTo("<unknown>");
        assertThat(Ages.since("yesterday", now)).isEqualTo("yesterday");
    }
}
