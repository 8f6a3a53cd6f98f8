package io.stevedore.api.registry;

/**
 * Options of a delete, as {@code metav1.DeleteOptions} carries them.
 *
 * @param gracePeriodSeconds   null for the kind's default
 * @param propagationPolicy    "Orphan", "Background", "Foreground" or null for the kind's default
 * @param preconditionUid      delete only if the uid matches, null for none
 * @param preconditionRv       delete only if the resourceVersion matches, null for none
 * @param dryRun               validate and answer, but delete nothing
 */
public record DeleteOptions(Long gracePeriodSeconds, String propagationPolicy, String preconditionUid,
                            String preconditionRv, boolean dryRun) {

    public static final DeleteOptions DEFAULT = new DeleteOptions(null, null, null, null, false);
}
