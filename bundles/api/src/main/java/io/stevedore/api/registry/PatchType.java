package io.stevedore.api.registry;

import java.util.Optional;

/** The four patch formats of the Kubernetes API, by their content types. */
public enum PatchType {
    JSON("application/json-patch+json"),
    MERGE("application/merge-patch+json"),
    STRATEGIC_MERGE("application/strategic-merge-patch+json"),
    APPLY("application/apply-patch+yaml");

    private final String mediaType;

    PatchType(String mediaType) {
        this.mediaType = mediaType;
    }

    public String mediaType() {
        return mediaType;
    }

    public static Optional<PatchType> forMediaType(String mediaType) {
        if (mediaType == null) {
            return Optional.empty();
        }
        String base = mediaType.split(";", 2)[0].trim().toLowerCase(java.util.Locale.ROOT);
        for (PatchType t : values()) {
            if (t.mediaType.equals(base)) {
                return Optional.of(t);
            }
        }
        return Optional.empty();
    }
}
