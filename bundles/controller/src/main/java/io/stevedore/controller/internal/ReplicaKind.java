package io.stevedore.controller.internal;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.PodTemplateSpec;
import io.fabric8.kubernetes.api.model.ReplicationController;
import io.fabric8.kubernetes.api.model.ReplicationControllerStatus;
import io.fabric8.kubernetes.api.model.apps.ReplicaSet;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetCondition;
import io.fabric8.kubernetes.api.model.apps.ReplicaSetStatus;
import io.stevedore.api.LabelSelectors;
import java.util.List;
import tools.jackson.databind.json.JsonMapper;

/**
 * What the replica controller needs of the two kinds it runs: apps/v1 ReplicaSet and core/v1
 * ReplicationController (the same loop in Kubernetes, behind a conversion).
 */
abstract class ReplicaKind<T extends HasMetadata> {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** The status the controller writes; {@code failure} is the ReplicaFailure condition, or null. */
    record Status(int replicas, int fullyLabeledReplicas, int readyReplicas, int availableReplicas,
                  long observedGeneration, Failure failure) {
    }

    /** A ReplicaFailure condition. */
    record Failure(String reason, String message, String lastTransitionTime) {
    }

    abstract Class<T> type();

    /** The controller's name in events and logs. */
    abstract String component();

    abstract LabelSelectors.Selector selector(T owner);

    abstract int replicas(T owner);

    abstract int minReadySeconds(T owner);

    abstract PodTemplateSpec template(T owner);

    abstract Status status(T owner);

    abstract void setStatus(T owner, Status status);

    static int orZero(Integer i) {
        return i == null ? 0 : i;
    }

    static final ReplicaKind<ReplicaSet> REPLICA_SETS = new ReplicaKind<>() {
        @Override
        Class<ReplicaSet> type() {
            return ReplicaSet.class;
        }

        @Override
        String component() {
            return "replicaset-controller";
        }

        @Override
        LabelSelectors.Selector selector(ReplicaSet rs) {
            return rs.getSpec() == null ? LabelSelectors.NOTHING : LabelSelectors.of(rs.getSpec().getSelector());
        }

        @Override
        int replicas(ReplicaSet rs) {
            return rs.getSpec() == null || rs.getSpec().getReplicas() == null ? 1 : rs.getSpec().getReplicas();
        }

        @Override
        int minReadySeconds(ReplicaSet rs) {
            return rs.getSpec() == null ? 0 : orZero(rs.getSpec().getMinReadySeconds());
        }

        @Override
        PodTemplateSpec template(ReplicaSet rs) {
            return rs.getSpec() == null ? null : rs.getSpec().getTemplate();
        }

        @Override
        Status status(ReplicaSet rs) {
            ReplicaSetStatus s = rs.getStatus() == null ? new ReplicaSetStatus() : rs.getStatus();
            Failure f = s.getConditions() == null ? null : s.getConditions().stream()
                    .filter(c -> "ReplicaFailure".equals(c.getType()) && "True".equals(c.getStatus()))
                    .findFirst().map(c -> new Failure(c.getReason(), c.getMessage(), c.getLastTransitionTime()))
                    .orElse(null);
            return new Status(orZero(s.getReplicas()), orZero(s.getFullyLabeledReplicas()),
                    orZero(s.getReadyReplicas()), orZero(s.getAvailableReplicas()),
                    s.getObservedGeneration() == null ? 0 : s.getObservedGeneration(), f);
        }

        @Override
        void setStatus(ReplicaSet rs, Status st) {
            ReplicaSetStatus s = new ReplicaSetStatus();
            s.setReplicas(st.replicas());
            s.setFullyLabeledReplicas(st.fullyLabeledReplicas());
            s.setReadyReplicas(st.readyReplicas());
            s.setAvailableReplicas(st.availableReplicas());
            s.setObservedGeneration(st.observedGeneration());
            if (st.failure() != null) {
                s.setConditions(List.of(new ReplicaSetCondition(st.failure().lastTransitionTime(),
                        st.failure().message(), st.failure().reason(), "True", "ReplicaFailure")));
            }
            rs.setStatus(s);
        }
    };

    static final ReplicaKind<ReplicationController> REPLICATION_CONTROLLERS = new ReplicaKind<>() {
        @Override
        Class<ReplicationController> type() {
            return ReplicationController.class;
        }

        @Override
        String component() {
            return "replication-controller";
        }

        @Override
        LabelSelectors.Selector selector(ReplicationController rc) {
            if (rc.getSpec() == null || rc.getSpec().getSelector() == null || rc.getSpec().getSelector().isEmpty()) {
                return LabelSelectors.NOTHING;
            }
            return LabelSelectors.ofMap(rc.getSpec().getSelector());
        }

        @Override
        int replicas(ReplicationController rc) {
            return rc.getSpec() == null || rc.getSpec().getReplicas() == null ? 1 : rc.getSpec().getReplicas();
        }

        @Override
        int minReadySeconds(ReplicationController rc) {
            return rc.getSpec() == null ? 0 : orZero(rc.getSpec().getMinReadySeconds());
        }

        @Override
        PodTemplateSpec template(ReplicationController rc) {
            return rc.getSpec() == null ? null : rc.getSpec().getTemplate();
        }

        // A ReplicationController's status has a ReplicaSet's shape on the wire: one mapping serves both.
        @Override
        Status status(ReplicationController rc) {
            return REPLICA_SETS.status(new ReplicaSet(null, null, null, null,
                    JSON.convertValue(rc.getStatus() == null ? new ReplicationControllerStatus() : rc.getStatus(),
                            ReplicaSetStatus.class)));
        }

        @Override
        void setStatus(ReplicationController rc, Status st) {
            ReplicaSet holder = new ReplicaSet();
            REPLICA_SETS.setStatus(holder, st);
            rc.setStatus(JSON.convertValue(holder.getStatus(), ReplicationControllerStatus.class));
        }
    };
}
