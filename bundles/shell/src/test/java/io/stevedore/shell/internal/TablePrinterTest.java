package io.stevedore.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TablePrinterTest {

    private static String print(Table t) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        TablePrinter.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), ResourceTypes.PODS, t,
                new TablePrinter.Options(false, false, false, false, Instant.EPOCH));
        return bytes.toString(StandardCharsets.UTF_8);
    }

    @Test
    void narrowColumnsAreSixWideLikeKubectlsTabwriterAndValuesPrintLikeKubectl() {
        Table t = new Table(List.of(
                new Table.Column("Name", "string", "name", "", 0),
                new Table.Column("Ok", "boolean", "", "", 0),
                new Table.Column("N", "integer", "", "", 0),
                new Table.Column("Note", "string", "", "", 0)),
                List.of(new Table.Row(Arrays.asList("a", true, 3L, "line one\nline two"), null),
                        new Table.Row(Arrays.asList("b", false, null, null), null)));
        assertThat(print(t)).isEqualTo("""
                NAME   OK      N        NOTE
                a      true    3        line one...
                b      false   <none>   <none>
                """);
    }
}
