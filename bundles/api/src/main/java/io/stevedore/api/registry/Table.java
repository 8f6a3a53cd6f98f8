package io.stevedore.api.registry;

import java.util.List;

/**
 * Objects printed the way Kubernetes' server-side printers print them (kubectl's columns).
 *
 * @param columns the columns, the {@code -o wide} ones with priority 1
 * @param rows    one row per object, cells in column order (String, Long, Boolean or null)
 */
public record Table(List<Column> columns, List<Row> rows) {

    /** A column as in {@code metav1.TableColumnDefinition}. */
    public record Column(String name, String type, String format, String description, int priority) {
    }

    /** One object's cells. */
    public record Row(List<Object> cells, tools.jackson.databind.node.ObjectNode object) {
    }
}
