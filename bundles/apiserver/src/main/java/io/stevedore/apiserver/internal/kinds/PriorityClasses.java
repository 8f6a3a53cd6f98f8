package io.stevedore.apiserver.internal.kinds;

import java.util.List;
import java.util.Optional;

/** Facts about scheduling.k8s.io PriorityClasses shared by their strategy and the Priority admission. */
public final class PriorityClasses {

    /** Names with this prefix are reserved for the built-in classes. */
    public static final String SYSTEM_PREFIX = "system-";
    /** The highest value a user-defined class may have. */
    public static final long HIGHEST_USER_DEFINABLE = 1_000_000_000L;
    /** The priority of pods when no class is named and none is the global default. */
    public static final long DEFAULT_PRIORITY = 0;
    public static final String PREEMPT_LOWER_PRIORITY = "PreemptLowerPriority";
    public static final String NEVER = "Never";

    /** A built-in class, created at start-up in every cluster. */
    public record SystemClass(String name, long value, String description) {
    }

    public static final List<SystemClass> SYSTEM = List.of(
            new SystemClass("system-node-critical", 2_000_001_000L,
                    "Used for system critical pods that must not be moved from their current node."),
            new SystemClass("system-cluster-critical", 2_000_000_000L,
                    "Used for system critical pods that must run in the cluster, but can be moved to another node if necessary."));

    private PriorityClasses() {
    }

    public static Optional<SystemClass> system(String name) {
        return SYSTEM.stream().filter(c -> c.name().equals(name)).findFirst();
    }

    /**
     * Why a class named with the system prefix is not one of the built-ins as they are defined
     * (Kubernetes' {@code IsKnownSystemPriorityClass}), or empty when it is.
     */
    static Optional<String> notKnownSystemClass(String name, long value, boolean globalDefault) {
        Optional<SystemClass> known = system(name);
        if (known.isEmpty()) {
            return Optional.of(name + " is not a known system priority class");
        }
        if (known.get().value() != value) {
            return Optional.of("value of " + name + " PriorityClass must be " + known.get().value());
        }
        if (globalDefault) {
            return Optional.of("globalDefault of " + name + " PriorityClass must be false");
        }
        return Optional.empty();
    }
}
