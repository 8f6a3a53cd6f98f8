package io.stevedore.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class AgesTest {

    @ParameterizedTest
    @CsvSource({
            "-5, <invalid>", "-1, 0s", "0, 0s", "5, 5s", "119, 119s", "120, 2m", "200, 3m20s", "599, 9m59s",
            "600, 10m", "10799, 179m", "10800, 3h", "11100, 3h5m", "28799, 7h59m", "28800, 8h", "172799, 47h",
            "172800, 2d", "183600, 2d3h", "691199, 7d23h", "691200, 8d", "3888000, 45d", "63071999, 729d",
            "63072000, 2y", "105004800, 3y120d", "252288000, 8y", "315360000, 10y"})
    void humanDuration(long seconds, String expected) {
        assertThat(Ages.human(Duration.ofSeconds(seconds))).isEqualTo(expected);
    }

    @Test
    void sinceUsesTheCreationTimestamp() {
        Instant now = Instant.parse("2026-01-10T12:00:00Z");
        assertThat(Ages.since("2026-01-10T11:56:40Z", now)).isEqualTo("3m20s");
        assertThat(Ages.since(null, now)).isEqualTo("<unknown>");
        assertThat(Ages.since("garbage", now)).isEqualTo("<unknown>");
    }
}
