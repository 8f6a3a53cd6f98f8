package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.registry.Table;

/** Builders of printer column definitions. */
final class Columns {

    private Columns() {
    }

    /** The first column: Name, format "name". */
    static Table.Column name() {
        return new Table.Column("Name", "string", "name", Descriptions.NAME, 0);
    }

    /** The Age column. */
    static Table.Column age() {
        return new Table.Column("Age", "string", "", Descriptions.CREATION_TIMESTAMP, 0);
    }

    static Table.Column string(String name, String description) {
        return new Table.Column(name, "string", "", description, 0);
    }

    static Table.Column integer(String name, String description) {
        return new Table.Column(name, "integer", "", description, 0);
    }

    /** A {@code -o wide} string column (priority 1). */
    static Table.Column wide(String name, String description) {
        return new Table.Column(name, "string", "", description, 1);
    }

    static final String CONTAINERS = "Names of each container in the template.";
    static final String IMAGES = "Images referenced by each container in the template.";
}
