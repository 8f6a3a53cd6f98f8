package io.stevedore.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TableTest {

    @Test
    void alignsColumns() {
        String t = new Table("a", "long header").row("wide cell", 1.5).toString();
        assertThat(t.lines()).containsExactly(
                "| a         | long header |",
                "|-----------|-------------|",
                "| wide cell | 1.50        |");
    }
}
