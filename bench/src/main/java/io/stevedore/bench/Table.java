package io.stevedore.bench;

import java.util.ArrayList;
import java.util.List;

/** A plain-text table with aligned columns, for the benchmarks' output. */
public final class Table {

    private final List<String> header;
    private final List<List<String>> rows = new ArrayList<>();

    public Table(String... header) {
        this.header = List.of(header);
    }

    public Table row(Object... cells) {
        List<String> r = new ArrayList<>();
        for (Object c : cells) {
            r.add(c instanceof Double d ? format(d) : String.valueOf(c));
        }
        rows.add(r);
        return this;
    }

    /** Adds a row of run figures after {@code leading} cells: ops/s, p50, p99, p99.9, max (ms), errors. */
    public Table stats(LatencyRecorder.Stats s, Object... leading) {
        List<Object> cells = new ArrayList<>(List.of(leading));
        cells.add(String.format("%.0f", s.throughput()));
        cells.add(s.p50());
        cells.add(s.p99());
        cells.add(s.p999());
        cells.add(s.max());
        cells.add(s.errors());
        return row(cells.toArray());
    }

    static String format(double d) {
        return d >= 100 ? String.format("%.0f", d) : d >= 10 ? String.format("%.1f", d) : String.format("%.2f", d);
    }

    @Override
    public String toString() {
        int[] width = new int[header.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = header.get(i).length();
            for (List<String> r : rows) {
                if (i < r.size()) {
                    width[i] = Math.max(width[i], r.get(i).length());
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        line(sb, header, width);
        StringBuilder rule = new StringBuilder();
        for (int w : width) {
            rule.append("|").append("-".repeat(w + 2));
        }
        sb.append(rule).append("|\n");
        rows.forEach(r -> line(sb, r, width));
        return sb.toString();
    }

    private static void line(StringBuilder sb, List<String> cells, int[] width) {
        for (int i = 0; i < width.length; i++) {
            String c = i < cells.size() ? cells.get(i) : "";
            sb.append("| ").append(c).append(" ".repeat(width[i] - c.length() + 1));
        }
        sb.append("|\n");
    }
}
