package io.stevedore.apiserver.internal.kinds;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stevedore.api.ApiException.Cause;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** Pods: defaults, validation, the narrow set of updatable spec fields, and {@code printPod}. */
final class PodStrategy extends BaseStrategy {

    static final String UPDATE_FORBIDDEN = "pod updates may not change fields other than "
            + "`spec.containers[*].image`,`spec.initContainers[*].image`,`spec.activeDeadlineSeconds`,"
            + "`spec.tolerations` (only additions to existing tolerations),"
            + "`spec.terminationGracePeriodSeconds` (allow it to be set to 1 if it was previously negative)";

    PodStrategy() {
        super(ResourceTypes.PODS);
    }

    @Override
    public void applyDefaults(ObjectNode obj) {
        PodSpecs.applyDefaults(Nodes.child(obj, "spec"), true);
    }

    @Override
    protected List<Cause> validateObject(ObjectNode obj) {
        return PodSpecs.validate(obj.get("spec"), "spec", true);
    }

    @Override
    protected List<Cause> validateObjectUpdate(ObjectNode obj, ObjectNode old) {
        List<Cause> errs = new ArrayList<>();
        JsonNode spec = obj.get("spec");
        ObjectNode oldSpec = old.get("spec") == null ? Nodes.F.objectNode() : ((ObjectNode) old.get("spec")).deepCopy();
        for (String list : List.of("containers", "initContainers")) {
            List<JsonNode> now = Nodes.list(spec, list);
            List<JsonNode> before = Nodes.list(oldSpec, list);
            if (now.size() == before.size()) {
                for (int i = 0; i < now.size(); i++) {
                    if (before.get(i).isObject() && now.get(i).get("image") != null) {
                        ((ObjectNode) before.get(i)).set("image", now.get(i).get("image").deepCopy());
                    }
                }
            }
        }
        copy(spec, oldSpec, "activeDeadlineSeconds");
        List<JsonNode> oldTolerations = Nodes.list(old, "spec", "tolerations");
        List<JsonNode> newTolerations = Nodes.list(spec, "tolerations");
        for (int i = 0; i < oldTolerations.size(); i++) {
            JsonNode t = oldTolerations.get(i);
            boolean kept = newTolerations.stream().anyMatch(n -> sameToleration(n, t));
            if (!kept) {
                errs.add(FieldErrors.forbidden("spec.tolerations[" + i + "]",
                        "existing toleration can not be modified except its tolerationSeconds"));
            }
        }
        copy(spec, oldSpec, "tolerations");
        if (Nodes.longAt(old, 0, "spec", "terminationGracePeriodSeconds") < 0
                && Nodes.longAt(spec, 0, "terminationGracePeriodSeconds") == 1) {
            copy(spec, oldSpec, "terminationGracePeriodSeconds");
        }
        if (errs.isEmpty() && !Nodes.semanticEquals(spec, oldSpec)) {
            errs.add(FieldErrors.forbidden("spec", UPDATE_FORBIDDEN));
        }
        return errs;
    }

    private static boolean sameToleration(JsonNode a, JsonNode b) {
        for (String f : List.of("key", "operator", "value", "effect")) {
            if (!Nodes.textOr(a, f).equals(Nodes.textOr(b, f))) {
                return false;
            }
        }
        return true;
    }

    private static void copy(JsonNode from, ObjectNode to, String field) {
        JsonNode v = Nodes.at(from, field);
        if (v == null) {
            to.remove(field);
        } else {
            to.set(field, v.deepCopy());
        }
    }

    @Override
    public void prepareForCreate(ObjectNode obj) {
        super.prepareForCreate(obj);
        ObjectNode status = obj.putObject("status");
        status.put("phase", "Pending");
        status.put("qosClass", PodSpecs.qosClass(obj.get("spec")));
        if (!Nodes.list(obj, "spec", "schedulingGates").isEmpty()) {
            ArrayNode conds = status.putArray("conditions");
            ObjectNode c = conds.addObject();
            c.put("type", "PodScheduled");
            c.put("status", "False");
            c.putNull("lastProbeTime");
            String created = Nodes.text(obj, "metadata", "creationTimestamp");
            c.put("lastTransitionTime", created != null ? created : java.time.format.DateTimeFormatter.ISO_INSTANT
                    .format(Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS)));
            c.put("reason", "SchedulingGated");
            c.put("message", "Scheduling is blocked due to non-empty scheduling gates");
        }
    }

    @Override
    public Map<String, String> selectableFields(ObjectNode obj) {
        Map<String, String> f = super.selectableFields(obj);
        f.put("spec.nodeName", Nodes.textOr(obj, "spec", "nodeName"));
        f.put("spec.restartPolicy", Nodes.textOr(obj, "spec", "restartPolicy"));
        f.put("spec.schedulerName", Nodes.textOr(obj, "spec", "schedulerName"));
        f.put("spec.serviceAccountName", Nodes.textOr(obj, "spec", "serviceAccountName"));
        f.put("spec.hostNetwork", String.valueOf(Nodes.isTrue(obj, "spec", "hostNetwork")));
        f.put("status.phase", Nodes.textOr(obj, "status", "phase"));
        f.put("status.podIP", podIp(obj));
        f.put("status.nominatedNodeName", Nodes.textOr(obj, "status", "nominatedNodeName"));
        return f;
    }

    private static String podIp(JsonNode pod) {
        List<JsonNode> ips = Nodes.list(pod, "status", "podIPs");
        if (!ips.isEmpty()) {
            return Nodes.textOr(ips.get(0), "ip");
        }
        return Nodes.textOr(pod, "status", "podIP");
    }

    @Override
    public List<Table.Column> columns() {
        return List.of(Columns.name(),
                Columns.string("Ready", "The aggregate readiness state of this pod for accepting traffic."),
                Columns.string("Status", "The aggregate status of the containers in this pod."),
                Columns.string("Restarts", "The number of times the containers in this pod have been restarted "
                        + "and when the last container in this pod has restarted."),
                Columns.age(),
                Columns.wide("IP", Descriptions.POD_IP),
                Columns.wide("Node", Descriptions.POD_NODE_NAME),
                Columns.wide("Nominated Node", Descriptions.POD_NOMINATED_NODE),
                Columns.wide("Readiness Gates", Descriptions.POD_READINESS_GATES));
    }

    @Override
    public List<Object> cells(ObjectNode pod, Instant now) {
        JsonNode spec = pod.get("spec");
        JsonNode status = pod.get("status");
        int total = Nodes.list(spec, "containers").size();
        int ready = 0;
        long restarts = 0;
        long sidecarRestarts = 0;
        Instant lastRestart = null;
        Instant lastSidecarRestart = null;
        String phase = Nodes.textOr(status, "phase");
        String reason = Nodes.textOr(status, "reason").isEmpty() ? phase : Nodes.textOr(status, "reason");
        for (JsonNode c : Nodes.list(status, "conditions")) {
            if ("PodScheduled".equals(Nodes.text(c, "type")) && "SchedulingGated".equals(Nodes.text(c, "reason"))) {
                reason = "SchedulingGated";
            }
        }
        Set<String> sidecars = new HashSet<>();
        for (JsonNode ic : Nodes.list(spec, "initContainers")) {
            if ("Always".equals(Nodes.text(ic, "restartPolicy"))) {
                sidecars.add(Nodes.textOr(ic, "name"));
                total++;
            }
        }
        boolean initializing = false;
        List<JsonNode> initStatuses = Nodes.list(status, "initContainerStatuses");
        for (int i = 0; i < initStatuses.size(); i++) {
            JsonNode cs = initStatuses.get(i);
            restarts += Nodes.longAt(cs, 0, "restartCount");
            Instant finished = io.stevedore.api.Ages.parse(Nodes.text(cs, "lastState", "terminated", "finishedAt"));
            lastRestart = later(lastRestart, finished);
            boolean sidecar = sidecars.contains(Nodes.textOr(cs, "name"));
            if (sidecar) {
                sidecarRestarts += Nodes.longAt(cs, 0, "restartCount");
                lastSidecarRestart = later(lastSidecarRestart, finished);
            }
            JsonNode terminated = Nodes.at(cs, "state", "terminated");
            JsonNode waiting = Nodes.at(cs, "state", "waiting");
            if (terminated != null && Nodes.longAt(terminated, 0, "exitCode") == 0) {
                continue;
            }
            if (sidecar && Nodes.isTrue(cs, "started")) {
                if (Nodes.isTrue(cs, "ready")) {
                    ready++;
                }
                continue;
            }
            if (terminated != null) {
                String r = Nodes.textOr(terminated, "reason");
                if (r.isEmpty()) {
                    long signal = Nodes.longAt(terminated, 0, "signal");
                    reason = signal != 0 ? "Init:Signal:" + signal : "Init:ExitCode:" + Nodes.longAt(terminated, 0, "exitCode");
                } else {
                    reason = "Init:" + r;
                }
            } else if (waiting != null && !Nodes.textOr(waiting, "reason").isEmpty()
                    && !"PodInitializing".equals(Nodes.text(waiting, "reason"))) {
                reason = "Init:" + Nodes.text(waiting, "reason");
            } else {
                reason = "Init:" + i + "/" + Nodes.list(spec, "initContainers").size();
            }
            initializing = true;
            break;
        }
        if (!initializing || initializedConditionTrue(status)) {
            restarts = sidecarRestarts;
            lastRestart = lastSidecarRestart;
            boolean hasRunning = false;
            List<JsonNode> statuses = Nodes.list(status, "containerStatuses");
            for (int i = statuses.size() - 1; i >= 0; i--) {
                JsonNode cs = statuses.get(i);
                restarts += Nodes.longAt(cs, 0, "restartCount");
                lastRestart = later(lastRestart, io.stevedore.api.Ages.parse(Nodes.text(cs, "lastState", "terminated", "finishedAt")));
                JsonNode waiting = Nodes.at(cs, "state", "waiting");
                JsonNode terminated = Nodes.at(cs, "state", "terminated");
                if (waiting != null && !Nodes.textOr(waiting, "reason").isEmpty()) {
                    reason = Nodes.text(waiting, "reason");
                } else if (terminated != null && !Nodes.textOr(terminated, "reason").isEmpty()) {
                    reason = Nodes.text(terminated, "reason");
                } else if (terminated != null) {
                    long signal = Nodes.longAt(terminated, 0, "signal");
                    reason = signal != 0 ? "Signal:" + signal : "ExitCode:" + Nodes.longAt(terminated, 0, "exitCode");
                } else if (Nodes.isTrue(cs, "ready") && Nodes.at(cs, "state", "running") != null) {
                    hasRunning = true;
                    ready++;
                }
            }
            if ("Completed".equals(reason) && hasRunning) {
                reason = hasReadyCondition(status) ? "Running" : "NotReady";
            }
        }
        boolean deleting = Nodes.at(pod, "metadata", "deletionTimestamp") != null;
        if (deleting && "NodeLost".equals(Nodes.text(status, "reason"))) {
            reason = "Unknown";
        } else if (deleting && !phase.equals("Succeeded") && !phase.equals("Failed")) {
            reason = "Terminating";
        }
        String restartsCell = lastRestart == null ? String.valueOf(restarts)
                : restarts + " (" + io.stevedore.api.Ages.human(java.time.Duration.between(lastRestart, now)) + " ago)";
        String readinessGates = "<none>";
        List<JsonNode> gates = Nodes.list(spec, "readinessGates");
        if (!gates.isEmpty()) {
            int trueCount = 0;
            for (JsonNode g : gates) {
                String t = Nodes.textOr(g, "conditionType");
                for (JsonNode c : Nodes.list(status, "conditions")) {
                    if (t.equals(Nodes.text(c, "type"))) {
                        if ("True".equals(Nodes.text(c, "status"))) {
                            trueCount++;
                        }
                        break;
                    }
                }
            }
            readinessGates = trueCount + "/" + gates.size();
        }
        List<Object> cells = new ArrayList<>();
        cells.add(Nodes.name(pod));
        cells.add(ready + "/" + total);
        cells.add(reason);
        cells.add(restartsCell);
        cells.add(age(pod, now));
        cells.add(orNone(podIp(pod)));
        cells.add(orNone(Nodes.textOr(spec, "nodeName")));
        cells.add(orNone(Nodes.textOr(status, "nominatedNodeName")));
        cells.add(readinessGates);
        return cells;
    }

    private static boolean initializedConditionTrue(JsonNode status) {
        for (JsonNode c : Nodes.list(status, "conditions")) {
            if ("Initialized".equals(Nodes.text(c, "type"))) {
                return "True".equals(Nodes.text(c, "status"));
            }
        }
        return false;
    }

    private static boolean hasReadyCondition(JsonNode status) {
        for (JsonNode c : Nodes.list(status, "conditions")) {
            if ("Ready".equals(Nodes.text(c, "type")) && "True".equals(Nodes.text(c, "status"))) {
                return true;
            }
        }
        return false;
    }

    private static Instant later(Instant a, Instant b) {
        if (b == null) {
            return a;
        }
        return a == null || b.isAfter(a) ? b : a;
    }

    static String orNone(String s) {
        return s == null || s.isEmpty() ? "<none>" : s;
    }
}
