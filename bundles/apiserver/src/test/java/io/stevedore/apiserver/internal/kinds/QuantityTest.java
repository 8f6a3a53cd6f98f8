package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class QuantityTest {

    @ParameterizedTest
    @CsvSource({"500m, 0.5", "1Gi, 1073741824", "2, 2", "1e3, 1000", "128974848, 128974848", "129e6, 129000000",
            "123Mi, 128974848", "1.5, 1.5", "100Ki, 102400", "1k, 1000", "10n, 0.00000001", "-1, -1", "2E-3, 0.002"})
    void parsesToExactValues(String text, String value) {
        Quantity q = Quantity.parse(text);
        assertThat(q.value()).isEqualByComparingTo(new BigDecimal(value));
        assertThat(q.text()).isEqualTo(text);
    }

    @ParameterizedTest
    @CsvSource({"1000m, 1", "500m, 500m", "1024Mi, 1Gi", "1536Mi, 1536Mi", "1Gi, 1Gi", "2000, 2k", "1500, 1500",
            "0.5, 500m", "1e3, 1e3", "1500e0, 1500", "100Ki, 100Ki", "512Ki, 512Ki", "1000Ki, 1000Ki", "0.1m, 100u",
            "1k, 1k", "128974848, 128974848", "129e6, 129e6", "123Mi, 123Mi", "0, 0", "-1, -1", "1.5Gi, 1536Mi",
            "100, 100", "10Gi, 10Gi"})
    void canonicalForm(String text, String canonical) {
        assertThat(Quantity.parse(text)).hasToString(canonical);
    }

    @Test
    void comparesByValue() {
        assertThat(Quantity.parse("1Gi").compareTo(Quantity.parse("1073741824"))).isZero();
        assertThat(Quantity.parse("500m").compareTo(Quantity.parse("1"))).isNegative();
        assertThat(Quantity.parse("-1").isNegative()).isTrue();
    }

    @Test
    void rejectsMalformedWithKubernetesMessage() {
        assertThatThrownBy(() -> Quantity.parse("abc")).hasMessage(
                "quantities must match the regular expression '^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$'");
        assertThatThrownBy(() -> Quantity.parse("")).hasMessageStartingWith("quantities must match");
        assertThatThrownBy(() -> Quantity.parse("1Gb")).hasMessageStartingWith("quantities must match");
        assertThatThrownBy(() -> Quantity.parse("1KM")).hasMessage("unable to parse quantity's suffix");
    }
}
