package io.stevedore.kubelet.internal;

import io.stevedore.api.runtime.ContainerRuntime;
import io.stevedore.api.runtime.ContainerStatus;
import io.stevedore.api.runtime.Sandbox;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The kubelet's view of the runtime, as its pod lifecycle event generator keeps it: relisted every
 * second and after every action, grouped by pod UID; {@link #relist()} says which pods changed.
 */
final class RuntimeCache {

    private final ContainerRuntime runtime;
    private Map<String, List<Sandbox>> sandboxes = Map.of();
    private Map<String, List<ContainerStatus>> containers = Map.of();
    private Map<String, String> fingerprints = Map.of();
    /** Pods that changed since the last {@link #drainChanged()}, whoever relisted. */
    private final Set<String> pending = new HashSet<>();

    RuntimeCache(ContainerRuntime runtime) {
        this.runtime = runtime;
    }

    /** Lists the runtime again; returns the UIDs of pods whose sandboxes or containers changed. */
    synchronized Set<String> relist() {
        Map<String, List<Sandbox>> sb = new HashMap<>();
        for (Sandbox s : runtime.sandboxes()) {
            if (s.podUid() != null) {
                sb.computeIfAbsent(s.podUid(), k -> new ArrayList<>()).add(s);
            }
        }
        Map<String, List<ContainerStatus>> cs = new HashMap<>();
        for (ContainerStatus c : runtime.containers()) {
            if (c.podUid() != null) {
                cs.computeIfAbsent(c.podUid(), k -> new ArrayList<>()).add(c);
            }
        }
        sb.values().forEach(l -> l.sort(Comparator.comparingInt(Sandbox::attempt).reversed()));
        Comparator<ContainerStatus> newest = Comparator.comparingInt(ContainerStatus::attempt)
                .thenComparing(c -> c.createdAt() == null ? java.time.Instant.EPOCH : c.createdAt());
        cs.values().forEach(l -> l.sort(newest.reversed()));
        Map<String, String> prints = new HashMap<>();
        Set<String> uids = new HashSet<>(sb.keySet());
        uids.addAll(cs.keySet());
        for (String uid : uids) {
            StringBuilder b = new StringBuilder();
            for (Sandbox s : sb.getOrDefault(uid, List.of())) {
                b.append(s.id()).append(s.ready()).append(s.ip()).append(';');
            }
            for (ContainerStatus c : cs.getOrDefault(uid, List.of())) {
                b.append(c.id()).append(c.state()).append(c.exitCode()).append(';');
            }
            prints.put(uid, b.toString());
        }
        Set<String> changed = new HashSet<>();
        Set<String> all = new HashSet<>(prints.keySet());
        all.addAll(fingerprints.keySet());
        for (String uid : all) {
            if (!Objects.equals(prints.get(uid), fingerprints.get(uid))) {
                changed.add(uid);
            }
        }
        sandboxes = sb;
        containers = cs;
        fingerprints = prints;
        pending.addAll(changed);
        return changed;
    }

    /** The pods that changed since the last call (relists by pod syncs included), for the event generator. */
    synchronized Set<String> drainChanged() {
        Set<String> out = new HashSet<>(pending);
        pending.clear();
        return out;
    }

    /** The pod's sandboxes, newest first. */
    synchronized List<Sandbox> sandboxes(String uid) {
        return sandboxes.getOrDefault(uid, List.of());
    }

    /** The pod's containers, newest attempt first. */
    synchronized List<ContainerStatus> containers(String uid) {
        return containers.getOrDefault(uid, List.of());
    }

    /** Every pod UID the runtime has anything of. */
    synchronized Set<String> podUids() {
        Set<String> s = new HashSet<>(sandboxes.keySet());
        s.addAll(containers.keySet());
        return s;
    }

    /** The newest container of a name in the pod, or null. */
    ContainerStatus latest(String uid, String name) {
        for (ContainerStatus c : containers(uid)) {
            if (name.equals(c.name())) {
                return c;
            }
        }
        return null;
    }

    /** The instance before the newest one, or null. */
    ContainerStatus previous(String uid, String name) {
        boolean seen = false;
        for (ContainerStatus c : containers(uid)) {
            if (name.equals(c.name())) {
                if (seen) {
                    return c;
                }
                seen = true;
            }
        }
        return null;
    }
}
