package io.stevedore.apiserver.internal.kinds;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

import io.stevedore.api.ApiException.Cause;
import tools.jackson.databind.JsonNode;

/** Rules shared by persistent volumes and claims (access modes, volume modes, printing helpers). */
final class PersistentVolumes {

    static final List<String> ACCESS_MODES = List.of("ReadOnlyMany", "ReadWriteMany", "ReadWriteOnce", "ReadWriteOncePod");
    static final List<String> VOLUME_MODES = List.of("Block", "Filesystem");
    static final String BETA_CLASS_ANNOTATION = "volume.beta.kubernetes.io/storage-class";

    private PersistentVolumes() {
    }

    static List<Cause> validateAccessModes(List<JsonNode> modes, String path) {
        List<Cause> errs = new ArrayList<>();
        for (JsonNode m : modes) {
            String mode = Nodes.str(m) == null ? "" : Nodes.str(m);
            if (!ACCESS_MODES.contains(mode)) {
                errs.add(FieldErrors.notSupported(path, mode, ACCESS_MODES));
            }
        }
        return errs;
    }

    static List<Cause> validateVolumeMode(JsonNode spec, String path) {
        String mode = Nodes.text(spec, "volumeMode");
        if (mode != null && !VOLUME_MODES.contains(mode)) {
            return List.of(FieldErrors.notSupported(path, mode, VOLUME_MODES));
        }
        return List.of();
    }

    /** {@code GetAccessModesAsString}: RWO, ROX, RWX, RWOP in that order. */
    static String accessModes(List<JsonNode> modes) {
        Set<String> set = new LinkedHashSet<>();
        modes.forEach(m -> set.add(Nodes.str(m)));
        List<String> out = new ArrayList<>();
        if (set.contains("ReadWriteOnce")) {
            out.add("RWO");
        }
        if (set.contains("ReadOnlyMany")) {
            out.add("ROX");
        }
        if (set.contains("ReadWriteMany")) {
            out.add("RWX");
        }
        if (set.contains("ReadWriteOncePod")) {
            out.add("RWOP");
        }
        return String.join(",", out);
    }

    /** The storage class: the beta annotation first, then {@code spec.storageClassName}. */
    static String storageClass(JsonNode obj) {
        String ann = Nodes.text(obj, "metadata", "annotations", BETA_CLASS_ANNOTATION);
        return ann != null ? ann : Nodes.textOr(obj, "spec", "storageClassName");
    }

    /** A capacity as Kubernetes prints a quantity (canonical form); the raw text when unparsable. */
    static String quantity(JsonNode n) {
        if (n == null) {
            return "0";
        }
        try {
            return Quantity.parse(n).toString();
        } catch (IllegalArgumentException e) {
            return Nodes.str(n) == null ? "" : Nodes.str(n);
        }
    }

    static String unset(String s) {
        return s == null ? "<unset>" : s;
    }
}
