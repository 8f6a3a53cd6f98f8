package io.stevedore.api;

import io.fabric8.kubernetes.api.model.Taint;
import io.fabric8.kubernetes.api.model.Toleration;
import java.util.List;

/** Whether tolerations tolerate taints, as {@code Toleration.ToleratesTaint} decides it. */
public final class Tolerations {

    private Tolerations() {
    }

    /** Whether the toleration tolerates a taint with this key, value and effect. */
    public static boolean tolerates(Toleration t, String key, String value, String effect) {
        if (t.getEffect() != null && !t.getEffect().isEmpty() && !t.getEffect().equals(effect)) {
            return false;
        }
        if (t.getKey() != null && !t.getKey().isEmpty() && !t.getKey().equals(key)) {
            return false;
        }
        String operator = t.getOperator() == null || t.getOperator().isEmpty() ? "Equal" : t.getOperator();
        if ("Exists".equals(operator)) {
            return true;
        }
        if (t.getKey() == null || t.getKey().isEmpty()) {
            return false;
        }
        String tv = t.getValue() == null ? "" : t.getValue();
        return tv.equals(value == null ? "" : value);
    }

    public static boolean tolerates(Toleration t, Taint taint) {
        return tolerates(t, taint.getKey(), taint.getValue(), taint.getEffect());
    }

    /** The tolerations (null meaning none) that tolerate the taint. */
    public static List<Toleration> tolerating(List<Toleration> tolerations, Taint taint) {
        return tolerations == null ? List.of() : tolerations.stream().filter(t -> tolerates(t, taint)).toList();
    }
}
