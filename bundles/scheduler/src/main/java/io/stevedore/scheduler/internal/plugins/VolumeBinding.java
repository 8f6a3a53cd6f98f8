package io.stevedore.scheduler.internal.plugins;

import io.fabric8.kubernetes.api.model.NodeSelectorTerm;
import io.fabric8.kubernetes.api.model.PersistentVolume;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.Volume;
import io.stevedore.scheduler.internal.ClusterSnapshot;
import io.stevedore.scheduler.internal.CycleState;
import io.stevedore.scheduler.internal.NodeInfo;
import io.stevedore.scheduler.internal.Plugin;
import io.stevedore.scheduler.internal.Selectors;
import io.stevedore.scheduler.internal.Status;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Kubernetes' VolumeBinding, for what exists so far: a pod's claims must exist and not be going away; a claim not yet
 * bound to a volume keeps the pod pending (every claim binds immediately until StorageClasses with
 * WaitForFirstConsumer and a provisioner arrive); a bound claim's volume must exist and its node affinity must admit
 * the node. Pods without claims are skipped.
 */
public final class VolumeBinding implements Plugin {

    static final String UNBOUND_IMMEDIATE = "pod has unbound immediate PersistentVolumeClaims";
    static final String PV_MISSING = "node(s) unavailable due to one or more pvc(s) bound to non-existent pv(s)";
    static final String NODE_CONFLICT = "node(s) had volume node affinity conflict";
    private static final String KEY = "PreFilterVolumeBinding";

    /** The bound claims' volumes (null for a claim whose volume is missing). */
    private record Bound(List<PersistentVolume> volumes, boolean missing) {
    }

    @Override
    public String name() {
        return "VolumeBinding";
    }

    @Override
    public boolean filters() {
        return true;
    }

    @Override
    public Status preFilter(CycleState state, Pod pod, ClusterSnapshot snapshot) {
        List<String> claims = claimNames(pod);
        if (claims.isEmpty()) {
            state.write(KEY, null);
            return Status.SUCCESS;
        }
        String ns = pod.getMetadata().getNamespace();
        List<PersistentVolume> volumes = new ArrayList<>();
        boolean missing = false;
        boolean unbound = false;
        for (String c : claims) {
            Optional<PersistentVolumeClaim> claim = snapshot.claim(ns, c);
            if (claim.isEmpty()) {
                return Status.unresolvable("persistentvolumeclaim \"" + c + "\" not found");
            }
            if (claim.get().getMetadata().getDeletionTimestamp() != null) {
                return Status.unresolvable("persistentvolumeclaim \"" + c + "\" is being deleted");
            }
            String volume = claim.get().getSpec() == null ? null : claim.get().getSpec().getVolumeName();
            if (volume == null || volume.isEmpty()) {
                unbound = true;
                continue;
            }
            Optional<PersistentVolume> pv = snapshot.volume(volume);
            if (pv.isEmpty()) {
                missing = true;
            } else {
                volumes.add(pv.get());
            }
        }
        if (unbound) {
            return Status.unresolvable(UNBOUND_IMMEDIATE);
        }
        state.write(KEY, new Bound(volumes, missing));
        return Status.SUCCESS;
    }

    @Override
    public Status filter(CycleState state, Pod pod, NodeInfo node) {
        Bound bound = state.read(KEY);
        if (bound == null) {
            return Status.SUCCESS;
        }
        if (bound.missing()) {
            return Status.unresolvable(PV_MISSING);
        }
        for (PersistentVolume pv : bound.volumes()) {
            if (!admits(pv, node)) {
                return Status.unresolvable(NODE_CONFLICT);
            }
        }
        return Status.SUCCESS;
    }

    /** A volume's required node affinity: any of its terms matches the node. */
    private static boolean admits(PersistentVolume pv, NodeInfo node) {
        if (pv.getSpec() == null || pv.getSpec().getNodeAffinity() == null
                || pv.getSpec().getNodeAffinity().getRequired() == null
                || pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms() == null) {
            return true;
        }
        for (NodeSelectorTerm term : pv.getSpec().getNodeAffinity().getRequired().getNodeSelectorTerms()) {
            if (Selectors.matches(term, node.name(), node.labels())) {
                return true;
            }
        }
        return false;
    }

    /** The claims a pod uses: its persistentVolumeClaim volumes and its generic ephemeral volumes' claims. */
    static List<String> claimNames(Pod pod) {
        List<String> out = new ArrayList<>();
        if (pod.getSpec() == null || pod.getSpec().getVolumes() == null) {
            return out;
        }
        for (Volume v : pod.getSpec().getVolumes()) {
            if (v.getPersistentVolumeClaim() != null && v.getPersistentVolumeClaim().getClaimName() != null) {
                out.add(v.getPersistentVolumeClaim().getClaimName());
            } else if (v.getEphemeral() != null) {
                out.add(pod.getMetadata().getName() + "-" + v.getName());
            }
        }
        return out;
    }
}
