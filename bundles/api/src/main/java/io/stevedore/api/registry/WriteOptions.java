package io.stevedore.api.registry;

import java.util.function.Consumer;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun          validate and answer, but store nothing
 * @param fieldManager    the manager recorded in managedFields (required for apply patches)
 * @param fieldValidation "Strict", "Warn" or "Ignore" (unknown and duplicate fields)
 * @param force           apply patches: take ownership of conflicting fields
 * @param warnings        receives the write's warnings (e.g. unknown fields dropped under "Warn"), which the
 *                        HTTP API returns as {@code Warning} headers
 */
public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation, boolean force,
                           Consumer<String> warnings) {

    private static final Consumer<String> IGNORE = w -> { };

    public static final WriteOptions DEFAULT = new WriteOptions(false, null, "Warn", false);

    public WriteOptions {
        warnings = warnings == null ? IGNORE : warnings;
    }

    /** Options whose warnings are dropped. */
    public WriteOptions(boolean dryRun, String fieldManager, String fieldValidation, boolean force) {
        this(dryRun, fieldManager, fieldValidation, force, IGNORE);
    }

    public static WriteOptions manager(String fieldManager) {
        return new WriteOptions(false, fieldManager, "Warn", false);
    }
}
