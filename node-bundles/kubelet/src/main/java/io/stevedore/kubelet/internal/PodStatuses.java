package io.stevedore.kubelet.internal;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.ContainerState;
import io.fabric8.kubernetes.api.model.ContainerStateBuilder;
import io.fabric8.kubernetes.api.model.ContainerStatusBuilder;
import io.fabric8.kubernetes.api.model.HostIP;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodCondition;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodIP;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.stevedore.api.runtime.ContainerStatus;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;

/**
 * A pod's status as the kubelet reports it, computed from what the runtime says and what the sync
 * decided (a pure function): container states and last states, restart counts, readiness, the
 * phase by Kubernetes' rules (getPhase), and the conditions with their transition times kept.
 */
final class PodStatuses {

    /** What the sync knows about one container beyond the runtime: why it waits, whether it is ready. */
    record Waiting(String reason, String message) {
    }

    /** The inputs for one container. */
    record Observed(Container spec, ContainerStatus latest, ContainerStatus previous, Waiting waiting, boolean ready,
                    boolean started, String scheme) {
    }

    private PodStatuses() {
    }

    static PodStatus compute(Pod pod, List<Observed> init, List<Observed> app, String podIp, String hostIp,
                             boolean sandboxReady, Instant startTime, boolean terminal, Instant now) {
        PodStatus old = pod.getStatus() == null ? new PodStatus() : pod.getStatus();
        PodStatus st = new PodStatus();
        st.setQosClass(old.getQosClass());
        st.setNominatedNodeName(old.getNominatedNodeName());
        st.setHostIP(hostIp);
        st.setHostIPs(List.of(new HostIP(hostIp)));
        if (podIp != null && !podIp.isEmpty()) {
            st.setPodIP(podIp);
            st.setPodIPs(List.of(new PodIP(podIp)));
        } else if (old.getPodIP() != null && terminal) {
            st.setPodIP(old.getPodIP());
            st.setPodIPs(old.getPodIPs());
        }
        st.setStartTime(time(startTime));
        List<io.fabric8.kubernetes.api.model.ContainerStatus> initStatuses = new ArrayList<>();
        for (Observed o : init) {
            initStatuses.add(containerStatus(o, true));
        }
        List<io.fabric8.kubernetes.api.model.ContainerStatus> appStatuses = new ArrayList<>();
        for (Observed o : app) {
            appStatuses.add(containerStatus(o, false));
        }
        if (!initStatuses.isEmpty()) {
            st.setInitContainerStatuses(initStatuses);
        }
        st.setContainerStatuses(appStatuses);
        boolean initialized = true;
        List<String> incomplete = new ArrayList<>();
        for (Observed o : init) {
            ContainerStatus l = o.latest();
            if (l == null || l.state() != ContainerStatus.State.EXITED || l.exitCode() != 0) {
                initialized = false;
                incomplete.add(o.spec().getName());
            }
        }
        String restartPolicy = pod.getSpec().getRestartPolicy() == null ? "Always" : pod.getSpec().getRestartPolicy();
        String phase = phase(restartPolicy, init, app, initialized);
        if (terminal && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            phase = old.getPhase() != null && (old.getPhase().equals("Succeeded") || old.getPhase().equals("Failed"))
                    ? old.getPhase() : "Failed";
        }
        st.setPhase(phase);
        List<String> unready = new ArrayList<>();
        for (Observed o : app) {
            if (!o.ready()) {
                unready.add(o.spec().getName());
            }
        }
        String nowS = time(now);
        List<PodCondition> conds = new ArrayList<>();
        conds.add(cond(old, "PodReadyToStartContainers", sandboxReady, null, null, nowS));
        boolean completed = phase.equals("Succeeded") || phase.equals("Failed");
        conds.add(initialized ? cond(old, "Initialized", true, completed && !init.isEmpty() ? "PodCompleted" : null,
                null, nowS) : cond(old, "Initialized", false, "ContainersNotInitialized",
                "containers with incomplete status: " + incomplete, nowS));
        boolean ready = unready.isEmpty() && initialized && !completed;
        String notReadyReason = completed ? "PodCompleted" : !initialized ? "ContainersNotInitialized"
                : "ContainersNotReady";
        String notReadyMessage = completed || !initialized && unready.isEmpty() ? null
                : "containers with unready status: " + unready;
        if (!initialized && !completed) {
            notReadyMessage = "containers with incomplete status: " + incomplete;
        }
        conds.add(ready ? cond(old, "Ready", true, null, null, nowS)
                : cond(old, "Ready", false, notReadyReason, notReadyMessage, nowS));
        conds.add(ready ? cond(old, "ContainersReady", true, null, null, nowS)
                : cond(old, "ContainersReady", false, notReadyReason, notReadyMessage, nowS));
        PodCondition scheduled = find(old, "PodScheduled");
        conds.add(scheduled != null ? scheduled : cond(old, "PodScheduled", true, null, null, nowS));
        st.setConditions(conds);
        return st;
    }

    /** Kubernetes' getPhase. */
    static String phase(String restartPolicy, List<Observed> init, List<Observed> app, boolean initialized) {
        int running = 0;
        int waiting = 0;
        int stopped = 0;
        int succeeded = 0;
        int failed = 0;
        for (Observed o : app) {
            ContainerStatus l = o.latest();
            boolean waitingNow = o.waiting() != null || l == null || l.state() == ContainerStatus.State.CREATED;
            if (!waitingNow && l.state() == ContainerStatus.State.RUNNING) {
                running++;
            } else if (!waitingNow && l.state() == ContainerStatus.State.EXITED) {
                stopped++;
                if (l.exitCode() == 0) {
                    succeeded++;
                } else {
                    failed++;
                }
            } else if (l != null && l.state() == ContainerStatus.State.EXITED) {
                // waiting to restart: its last run counts as stopped
                stopped++;
                if (l.exitCode() == 0) {
                    succeeded++;
                } else {
                    failed++;
                }
            } else {
                waiting++;
            }
        }
        if (!initialized) {
            for (Observed o : init) {
                ContainerStatus l = o.latest();
                if (restartPolicy.equals("Never") && l != null && l.state() == ContainerStatus.State.EXITED
                        && l.exitCode() != 0) {
                    return "Failed";
                }
            }
            return "Pending";
        }
        if (waiting > 0) {
            return "Pending";
        }
        if (running > 0) {
            return "Running";
        }
        if (stopped > 0) {
            return switch (restartPolicy) {
                case "Always" -> "Running";
                case "OnFailure" -> stopped == succeeded ? "Succeeded" : "Running";
                default -> failed > 0 ? "Failed" : "Succeeded";
            };
        }
        return "Pending";
    }

    private static io.fabric8.kubernetes.api.model.ContainerStatus containerStatus(Observed o, boolean initContainer) {
        ContainerStatus l = o.latest();
        ContainerStatusBuilder b = new ContainerStatusBuilder().withName(o.spec().getName())
                .withImage(o.spec().getImage())
                .withImageID(l == null || l.imageId() == null ? "" : l.imageId())
                .withRestartCount(l == null ? 0 : l.attempt())
                .withReady(o.ready() && l != null && l.state() == ContainerStatus.State.RUNNING)
                .withStarted(l != null && l.state() == ContainerStatus.State.RUNNING && o.started());
        if (l != null) {
            b.withContainerID(o.scheme() + "://" + l.id());
        }
        ContainerState state;
        ContainerState last = new ContainerState();
        if (o.waiting() != null) {
            state = new ContainerStateBuilder().withNewWaiting().withReason(o.waiting().reason())
                    .withMessage(o.waiting().message()).endWaiting().build();
            if (l != null && l.state() == ContainerStatus.State.EXITED) {
                last = terminated(l, o.scheme());
            }
        } else if (l == null || l.state() == ContainerStatus.State.CREATED) {
            state = new ContainerStateBuilder().withNewWaiting().withReason(initContainer ? "PodInitializing"
                    : "ContainerCreating").endWaiting().build();
        } else if (l.state() == ContainerStatus.State.RUNNING) {
            state = new ContainerStateBuilder().withNewRunning().withStartedAt(time(l.startedAt())).endRunning().build();
            if (o.previous() != null && o.previous().state() == ContainerStatus.State.EXITED) {
                last = terminated(o.previous(), o.scheme());
            }
        } else if (l.state() == ContainerStatus.State.EXITED) {
            state = terminated(l, o.scheme());
            if (o.previous() != null && o.previous().state() == ContainerStatus.State.EXITED) {
                last = terminated(o.previous(), o.scheme());
            }
        } else {
            state = new ContainerStateBuilder().withNewTerminated().withExitCode(137).withReason("ContainerStatusUnknown")
                    .withMessage("The container could not be located when the pod was terminated").endTerminated()
                    .build();
        }
        b.withState(state).withLastState(last);
        return b.build();
    }

    private static ContainerState terminated(ContainerStatus c, String scheme) {
        return new ContainerStateBuilder().withNewTerminated().withExitCode(c.exitCode()).withReason(c.reason())
                .withMessage(c.message()).withStartedAt(time(c.startedAt())).withFinishedAt(time(c.finishedAt()))
                .withContainerID(scheme + "://" + c.id())
                .endTerminated().build();
    }

    private static PodCondition find(PodStatus st, String type) {
        if (st.getConditions() == null) {
            return null;
        }
        for (PodCondition c : st.getConditions()) {
            if (type.equals(c.getType())) {
                return c;
            }
        }
        return null;
    }

    private static PodCondition cond(PodStatus old, String type, boolean status, String reason, String message,
                                     String now) {
        String s = status ? "True" : "False";
        PodCondition prev = find(old, type);
        String since = prev != null && s.equals(prev.getStatus()) && prev.getLastTransitionTime() != null
                ? prev.getLastTransitionTime() : now;
        return new PodConditionBuilder().withType(type).withStatus(s).withReason(reason).withMessage(message)
                .withLastTransitionTime(since).withLastProbeTime(null).build();
    }

    static String time(Instant t) {
        return t == null ? null : DateTimeFormatter.ISO_INSTANT.format(t.truncatedTo(ChronoUnit.SECONDS));
    }
}
