package io.stevedore.scheduler.internal;

import java.util.List;

/**
 * A plugin's verdict on a pod and a node. {@code UNSCHEDULABLE} may change if pods are preempted;
 * {@code UNRESOLVABLE} (Kubernetes' UnschedulableAndUnresolvable) will not, so preemption skips such nodes.
 *
 * @param reasons what the user reads in the FailedScheduling message, one per failed condition
 */
public record Status(Code code, List<String> reasons) {

    public enum Code { SUCCESS, UNSCHEDULABLE, UNRESOLVABLE, ERROR }

    public static final Status SUCCESS = new Status(Code.SUCCESS, List.of());

    public static Status unschedulable(String... reasons) {
        return new Status(Code.UNSCHEDULABLE, List.of(reasons));
    }

    public static Status unresolvable(String... reasons) {
        return new Status(Code.UNRESOLVABLE, List.of(reasons));
    }

    public static Status error(String reason) {
        return new Status(Code.ERROR, List.of(reason));
    }

    public boolean isSuccess() {
        return code == Code.SUCCESS;
    }
}
