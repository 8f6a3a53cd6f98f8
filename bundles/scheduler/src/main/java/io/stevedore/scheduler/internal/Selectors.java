package io.stevedore.scheduler.internal;

import io.fabric8.kubernetes.api.model.NodeSelectorRequirement;
import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Toleration;
import io.stevedore.api.LabelSelectors;
import io.stevedore.api.Tolerations;
import io.stevedore.api.LabelSelectors.Requirement;
import java.util.List;
import java.util.Map;

/** Matching of label selectors, node selector terms and tolerations, as Kubernetes' helpers do it. */
public final class Selectors {

    private Selectors() {
    }

    /** Whether a node selector term (its expressions on labels and its fields, ANDed) matches a node. */
    public static boolean matches(NodeSelectorTerm term, String nodeName, Map<String, String> labels) {
        boolean any = false;
        if (term.getMatchExpressions() != null) {
            for (NodeSelectorRequirement r : term.getMatchExpressions()) {
                any = true;
                if (!requirement(r).matches(labels)) {
                    return false;
                }
            }
        }
        if (term.getMatchFields() != null) {
            for (NodeSelectorRequirement r : term.getMatchFields()) {
                any = true;
                if (!"metadata.name".equals(r.getKey())
                        || !requirement(r).matches(Map.of("metadata.name", nodeName))) {
                    return false;
                }
            }
        }
        // A term with no requirements matches nothing (nodeSelectorTerms are ORed; an empty one is ignored).
        return any;
    }

    private static Requirement requirement(NodeSelectorRequirement r) {
        return new Requirement(r.getKey(), LabelSelectors.op(r.getOperator()), r.getValues() == null ? List.of() : r.getValues());
    }

    /** Whether any of the pod's tolerations tolerates the taint. */
    public static boolean tolerated(Pod pod, String key, String value, String effect) {
        List<Toleration> tolerations = pod.getSpec() == null ? null : pod.getSpec().getTolerations();
        if (tolerations == null) {
            return false;
        }
        for (Toleration t : tolerations) {
            if (Tolerations.tolerates(t, key, value, effect)) {
                return true;
            }
        }
        return false;
    }

    public static Map<String, String> labels(Pod pod) {
        Map<String, String> l = pod.getMetadata().getLabels();
        return l == null ? Map.of() : l;
    }
}
