package io.stevedore.apiserver.internal.patch;

import io.stevedore.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The 409 of an apply that would change fields other managers own, worded as Kubernetes words it
 * ({@code managedfields/internal/conflict.go}, {@code NewApplyConflict}): details carry only the causes.
 */
final class ApplyConflicts {

    private ApplyConflicts() {
    }

    /** The error for conflicting paths, grouped by the entry that owns them. */
    static ApiException error(Map<ManagedFields.Entry, List<List<String>>> conflicts) {
        List<ApiException.Cause> causes = new ArrayList<>();
        Map<String, List<String>> byManager = new TreeMap<>();
        conflicts.forEach((e, paths) -> {
            String who = printManager(e);
            for (List<String> p : paths) {
                String field = FieldSets.render(p);
                causes.add(new ApiException.Cause("FieldManagerConflict", "conflict with " + who, field));
                byManager.computeIfAbsent(who, k -> new ArrayList<>()).add(field);
            }
        });
        String message;
        if (causes.size() == 1) {
            message = "Apply failed with 1 conflict: " + causes.get(0).message() + ": " + causes.get(0).field();
        } else {
            List<String> lines = new ArrayList<>();
            byManager.forEach((who, fields) -> {
                lines.add("conflicts with " + who + ":");
                fields.forEach(f -> lines.add("- " + f));
            });
            message = "Apply failed with " + causes.size() + " conflicts: " + String.join("\n", lines);
        }
        return new ApiException(409, "Conflict", message,
                new ApiException.Details(null, null, null, null, causes, null));
    }

    /** How Kubernetes names a manager in conflicts: appliers by name, updaters by name and version. */
    private static String printManager(ManagedFields.Entry e) {
        String name = "\"" + e.manager.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
        return e.isApply() ? name : name + " using " + e.apiVersion;
    }
}
