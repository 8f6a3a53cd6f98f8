package io.stevedore.apiserver.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class GoDurationTest {

    @ParameterizedTest
    @CsvSource({
            "0, 0s",
            "1, 1ns",
            "1500, 1.5µs",
            "2000000, 2ms",
            "1000000000, 1s",
            "1500000000, 1.5s",
            "90000000000, 1m30s",
            "3600000000000, 1h0m0s",
            "3723000000000, 1h2m3s",
            "-5000000000, -5s"})
    void formatsAndParsesLikeGo(long nanos, String text) {
        assertThat(GoDuration.format(nanos)).isEqualTo(text);
        assertThat(GoDuration.parse(text)).isEqualTo(nanos);
    }

    @Test
    void parsesOtherSpellings() {
        assertThat(GoDuration.parse("1h30m")).isEqualTo(5_400_000_000_000L);
        assertThat(GoDuration.parse("300ms")).isEqualTo(300_000_000L);
        assertThat(GoDuration.parse("2us")).isEqualTo(2_000L);
        assertThat(GoDuration.parse("0")).isZero();
        assertThatThrownBy(() -> GoDuration.parse("5 parsecs")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GoDuration.parse("")).isInstanceOf(IllegalArgumentException.class);
    }
}
