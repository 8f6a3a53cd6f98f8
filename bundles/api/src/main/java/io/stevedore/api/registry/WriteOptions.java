package io.stevedore.api.registry;

/**
 * Options of a create, update or patch.
 *
 * @param dryRun          validate and answer, but store nothing
 * @param fieldManager    the manager recorded in managedFields (required for apply patches)
 * @param fieldValidation "Strict", "Warn" or "Ignore" (unknown and duplicate fields)
 * @param force           apply patches: take ownership of conflicting fields
 */
public record WriteOptions(boolean dryRun, String fieldManager, String fieldValidation, boolean force) {

    public static final WriteOptions DEFAULT = new WriteOptions(false, null, "Warn", false);

    public static WriteOptions manager(String fieldManager) {
        return new WriteOptions(false, fieldManager, "Warn", false);
    }
}
