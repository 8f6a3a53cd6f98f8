package io.stevedore.kubelet.internal;

/** A container cannot be configured yet (a missing ConfigMap, Secret or key): CreateContainerConfigError. */
final class ConfigError extends Exception {
    private static final long serialVersionUID = 1L;

    ConfigError(String message) {
        super(message);
    }
}
