package io.stevedore.shell.internal;

import io.stevedore.api.ResourceType;
import io.stevedore.api.registry.Table;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.karaf.shell.support.table.ShellTable;

/**
 * Prints a server-side {@link Table} as kubectl does: upper-case headers, no borders, columns three
 * spaces apart (at least six wide, like kubectl's tabwriter), dates as ages.
 */
public final class TablePrinter {

    /** Separator between columns: kubectl's tabwriter padding. */
    static final String GAP = "   ";
    /** kubectl's minimum cell width (6) less its padding. */
    private static final int MIN_TEXT_WIDTH = 3;

    /**
     * How to print.
     *
     * @param wide          also the priority-1 columns ({@code -o wide})
     * @param allNamespaces a NAMESPACE column first, for namespaced kinds ({@code -A})
     * @param showLabels    a LABELS column last ({@code --show-labels})
     * @param withKind      names as "kind/name", when several kinds are printed
     * @param now           the time ages are computed at
     */
    public record Options(boolean wide, boolean allNamespaces, boolean showLabels, boolean withKind, Instant now) {
    }

    private TablePrinter() {
    }

    public static void print(PrintStream out, ResourceType type, Table table, Options o) {
        List<Integer> shown = new ArrayList<>();
        List<String> headers = new ArrayList<>();
        boolean namespaceColumn = o.allNamespaces() && type.namespaced();
        if (namespaceColumn) {
            headers.add("NAMESPACE");
        }
        for (int i = 0; i < table.columns().size(); i++) {
            Table.Column c = table.columns().get(i);
            if (c.priority() == 0 || o.wide()) {
                shown.add(i);
                headers.add(c.name().toUpperCase(Locale.ROOT));
            }
        }
        if (o.showLabels()) {
            headers.add("LABELS");
        }
        int nameColumn = nameColumn(table);

        ShellTable shell = new ShellTable().noHeaders().separator(GAP);
        List<Object> headerRow = new ArrayList<>();
        for (String h : headers) {
            shell.column(h);
            headerRow.add(pad(h));
        }
        shell.addRow().addContent(headerRow);
        for (Table.Row row : table.rows()) {
            List<Object> cells = new ArrayList<>();
            if (namespaceColumn) {
                cells.add(orNone(row.object() == null ? null : KubeObjects.namespace(row.object())));
            }
            for (int i : shown) {
                Object cell = i < row.cells().size() ? row.cells().get(i) : null;
                String text = cell(table.columns().get(i), cell, o.now());
                if (i == nameColumn && o.withKind()) {
                    text = KubeObjects.kindName(type) + "/" + text;
                }
                cells.add(text);
            }
            if (o.showLabels()) {
                cells.add(row.object() == null ? "<none>" : KubeObjects.labelsCell(row.object()));
            }
            shell.addRow().addContent(cells);
        }
        shell.print(out, StandardCharsets.UTF_8, true);
    }

    private static int nameColumn(Table table) {
        for (int i = 0; i < table.columns().size(); i++) {
            if ("name".equals(table.columns().get(i).format())) {
                return i;
            }
        }
        for (int i = 0; i < table.columns().size(); i++) {
            if ("name".equalsIgnoreCase(table.columns().get(i).name())) {
                return i;
            }
        }
        return 0;
    }

    /** One cell's text: dates as ages, the first line of multi-line text, "&lt;none&gt;" for nothing. */
    static String cell(Table.Column column, Object value, Instant now) {
        if (value == null) {
            return "<none>";
        }
        if ("date".equals(column.type()) && value instanceof String s) {
            return io.stevedore.api.Ages.since(s, now);
        }
        String s = String.valueOf(value);
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\n' || ch == '\r' || ch == '\f') {
                return s.substring(0, i) + "...";
            }
        }
        return s;
    }

    private static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }

    private static String pad(String header) {
        StringBuilder sb = new StringBuilder(header);
        while (sb.length() < MIN_TEXT_WIDTH) {
            sb.append(' ');
        }
        return sb.toString();
    }
}
