package io.stevedore.apiserver.internal.registry;

/** The patcher the registry uses. */
public final class Patchers {
    private Patchers() {
    }

    public static Patcher create() {
        return new KubernetesPatcher();
    }
}
