package io.stevedore.apiserver.internal.kinds;

import io.stevedore.api.Names;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import io.stevedore.api.ApiException.Cause;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Defaulting and validation of a pod spec, shared by pods and by the pod templates of
 * deployments, replica sets and replication controllers ({@code SetDefaults_PodSpec},
 * {@code SetDefaults_Container}, {@code ValidatePodSpec}).
 */
public final class PodSpecs {

    static final List<String> PROTOCOLS = List.of("SCTP", "TCP", "UDP");
    static final List<String> RESTART_POLICIES = List.of("Always", "OnFailure", "Never");
    static final List<String> DNS_POLICIES = List.of("ClusterFirstWithHostNet", "ClusterFirst", "Default", "None");
    static final List<String> PULL_POLICIES = List.of("Always", "IfNotPresent", "Never");
    static final List<String> TAINT_EFFECTS = List.of("NoSchedule", "PreferNoSchedule", "NoExecute");
    private static final Set<String> VOLUME_DEFAULT_MODE = Set.of("secret", "configMap", "projected", "downwardAPI");

    private PodSpecs() {
    }

    /** Applies the pod spec defaults; {@code pod} adds the defaults only real pods get (not templates). */
    public static void applyDefaults(ObjectNode spec, boolean pod) {
        Nodes.defaultText(spec, "dnsPolicy", "ClusterFirst");
        Nodes.defaultText(spec, "restartPolicy", "Always");
        Nodes.defaultLong(spec, "terminationGracePeriodSeconds", 30);
        Nodes.defaultText(spec, "schedulerName", "default-scheduler");
        Nodes.child(spec, "securityContext");
        if (pod) {
            Nodes.defaultBool(spec, "enableServiceLinks", true);
        }
        if (!Nodes.isBlank(spec, "serviceAccountName") && Nodes.isBlank(spec, "serviceAccount")) {
            spec.put("serviceAccount", spec.get("serviceAccountName").asString());
        } else if (Nodes.isBlank(spec, "serviceAccountName") && !Nodes.isBlank(spec, "serviceAccount")) {
            spec.put("serviceAccountName", spec.get("serviceAccount").asString());
        }
        if (pod && Nodes.isBlank(spec, "serviceAccountName")) {
            // the ServiceAccount admission plugin: a pod runs as its namespace's default account
            spec.put("serviceAccountName", "default");
            spec.put("serviceAccount", "default");
        }
        boolean hostNetwork = Nodes.isTrue(spec, "hostNetwork");
        for (String list : List.of("containers", "initContainers")) {
            for (JsonNode c : Nodes.list(spec, list)) {
                if (c.isObject()) {
                    containerDefaults((ObjectNode) c, pod, hostNetwork);
                }
            }
        }
        for (JsonNode v : Nodes.list(spec, "volumes")) {
            if (!v.isObject()) {
                continue;
            }
            ObjectNode vol = (ObjectNode) v;
            boolean hasSource = false;
            for (String f : vol.propertyNames()) {
                if (!f.equals("name")) {
                    hasSource = true;
                    if (VOLUME_DEFAULT_MODE.contains(f) && vol.get(f).isObject()) {
                        Nodes.defaultLong((ObjectNode) vol.get(f), "defaultMode", 420);
                    }
                }
            }
            if (!hasSource) {
                vol.putObject("emptyDir");
            }
        }
    }

    private static void containerDefaults(ObjectNode c, boolean pod, boolean hostNetwork) {
        if (Nodes.isBlank(c, "imagePullPolicy")) {
            c.put("imagePullPolicy", "latest".equals(imageTag(Nodes.textOr(c, "image"))) ? "Always" : "IfNotPresent");
        }
        Nodes.defaultText(c, "terminationMessagePath", "/dev/termination-log");
        Nodes.defaultText(c, "terminationMessagePolicy", "File");
        for (JsonNode p : Nodes.list(c, "ports")) {
            if (p.isObject()) {
                Nodes.defaultText((ObjectNode) p, "protocol", "TCP");
                if (hostNetwork && Nodes.longAt(p, 0, "hostPort") == 0 && p.has("containerPort")) {
                    ((ObjectNode) p).set("hostPort", p.get("containerPort").deepCopy());
                }
            }
        }
        for (String probe : List.of("livenessProbe", "readinessProbe", "startupProbe")) {
            ObjectNode pr = Nodes.obj(c, probe);
            if (pr != null) {
                Nodes.defaultLong(pr, "timeoutSeconds", 1);
                Nodes.defaultLong(pr, "periodSeconds", 10);
                Nodes.defaultLong(pr, "successThreshold", 1);
                Nodes.defaultLong(pr, "failureThreshold", 3);
                ObjectNode http = Nodes.obj(pr, "httpGet");
                if (http != null) {
                    Nodes.defaultText(http, "path", "/");
                    Nodes.defaultText(http, "scheme", "HTTP");
                }
            }
        }
        for (JsonNode e : Nodes.list(c, "env")) {
            ObjectNode ref = Nodes.obj(e, "valueFrom", "fieldRef");
            if (ref != null) {
                Nodes.defaultText(ref, "apiVersion", "v1");
            }
        }
        if (pod) {
            ObjectNode limits = Nodes.obj(c, "resources", "limits");
            if (limits != null && !limits.isEmpty()) {
                ObjectNode requests = Nodes.ensure(c, "resources", "requests");
                for (Map.Entry<String, JsonNode> l : limits.properties()) {
                    if (!requests.has(l.getKey())) {
                        requests.set(l.getKey(), l.getValue().deepCopy());
                    }
                }
            }
        }
    }

    /** The tag of an image reference: "latest" when it has neither tag nor digest, "" with only a digest. */
    static String imageTag(String image) {
        String ref = image;
        int at = ref.indexOf('@');
        boolean digest = at >= 0;
        if (digest) {
            ref = ref.substring(0, at);
        }
        int slash = ref.lastIndexOf('/');
        int colon = ref.lastIndexOf(':');
        if (colon > slash) {
            return ref.substring(colon + 1);
        }
        return digest ? "" : "latest";
    }

    /** Validates a pod spec at {@code path} ("spec" or "spec.template.spec"). */
    public static List<Cause> validate(JsonNode spec, String path, boolean pod) {
        List<Cause> errs = new ArrayList<>();
        Set<String> volumes = new HashSet<>();
        List<JsonNode> vols = Nodes.list(spec, "volumes");
        for (int i = 0; i < vols.size(); i++) {
            String p = path + ".volumes[" + i + "]";
            String name = Nodes.textOr(vols.get(i), "name");
            if (name.isEmpty()) {
                errs.add(FieldErrors.required(p + ".name", ""));
            } else {
                for (String m : Names.dns1123Label(name)) {
                    errs.add(FieldErrors.invalid(p + ".name", name, m));
                }
                if (!volumes.add(name)) {
                    errs.add(FieldErrors.duplicate(p + ".name", name));
                }
            }
        }
        Set<String> containerNames = new HashSet<>();
        List<JsonNode> containers = Nodes.list(spec, "containers");
        if (containers.isEmpty()) {
            errs.add(FieldErrors.required(path + ".containers", ""));
        }
        List<JsonNode> inits = Nodes.list(spec, "initContainers");
        for (int i = 0; i < inits.size(); i++) {
            errs.addAll(validateContainer(inits.get(i), path + ".initContainers[" + i + "]", volumes, containerNames, pod, true));
        }
        for (int i = 0; i < containers.size(); i++) {
            errs.addAll(validateContainer(containers.get(i), path + ".containers[" + i + "]", volumes, containerNames, pod, false));
        }
        String restart = Nodes.textOr(spec, "restartPolicy");
        if (restart.isEmpty()) {
            errs.add(FieldErrors.required(path + ".restartPolicy", ""));
        } else if (!RESTART_POLICIES.contains(restart)) {
            errs.add(FieldErrors.notSupported(path + ".restartPolicy", restart, RESTART_POLICIES));
        }
        String dns = Nodes.textOr(spec, "dnsPolicy");
        if (dns.isEmpty()) {
            errs.add(FieldErrors.required(path + ".dnsPolicy", ""));
        } else if (!DNS_POLICIES.contains(dns)) {
            errs.add(FieldErrors.notSupported(path + ".dnsPolicy", dns, DNS_POLICIES));
        }
        if (dns.equals("None") && Nodes.at(spec, "dnsConfig") == null) {
            errs.add(FieldErrors.required(path + ".dnsConfig", "must provide `dnsConfig` when `dnsPolicy` is None"));
        }
        JsonNode ads = Nodes.at(spec, "activeDeadlineSeconds");
        if (ads != null) {
            long v = ads.asLong();
            if (v < 1 || v > Integer.MAX_VALUE) {
                errs.add(FieldErrors.invalid(path + ".activeDeadlineSeconds", v, "must be between 1 and 2147483647, inclusive"));
            }
        }
        String nodeName = Nodes.textOr(spec, "nodeName");
        if (!nodeName.isEmpty()) {
            for (String m : Names.dns1123Subdomain(nodeName)) {
                errs.add(FieldErrors.invalid(path + ".nodeName", nodeName, m));
            }
        }
        String sa = Nodes.textOr(spec, "serviceAccountName");
        if (!sa.isEmpty()) {
            for (String m : Names.dns1123Subdomain(sa)) {
                errs.add(FieldErrors.invalid(path + ".serviceAccountName", sa, m));
            }
        }
        for (String f : List.of("hostname", "subdomain")) {
            String v = Nodes.textOr(spec, f);
            if (!v.isEmpty()) {
                for (String m : Names.dns1123Label(v)) {
                    errs.add(FieldErrors.invalid(path + "." + f, v, m));
                }
            }
        }
        errs.addAll(ObjectMetaValidation.validateLabels(Nodes.stringMap(spec, "nodeSelector"), path + ".nodeSelector"));
        errs.addAll(validateTolerations(Nodes.list(spec, "tolerations"), path + ".tolerations"));
        return errs;
    }

    private static List<Cause> validateContainer(JsonNode c, String p, Set<String> volumes, Set<String> names,
                                                 boolean pod, boolean init) {
        List<Cause> errs = new ArrayList<>();
        String name = Nodes.textOr(c, "name");
        if (name.isEmpty()) {
            errs.add(FieldErrors.required(p + ".name", ""));
        } else {
            for (String m : Names.dns1123Label(name)) {
                errs.add(FieldErrors.invalid(p + ".name", name, m));
            }
            if (!names.add(name)) {
                errs.add(FieldErrors.duplicate(p + ".name", name));
            }
        }
        String image = Nodes.textOr(c, "image");
        if (image.isEmpty()) {
            errs.add(FieldErrors.required(p + ".image", ""));
        } else if (pod && !image.equals(image.strip())) {
            errs.add(FieldErrors.invalid(p + ".image", image, "must not have leading or trailing whitespace"));
        }
        String pull = Nodes.textOr(c, "imagePullPolicy");
        if (pull.isEmpty()) {
            errs.add(FieldErrors.required(p + ".imagePullPolicy", ""));
        } else if (!PULL_POLICIES.contains(pull)) {
            errs.add(FieldErrors.notSupported(p + ".imagePullPolicy", pull, PULL_POLICIES));
        }
        if (init && Nodes.at(c, "restartPolicy") != null && !"Always".equals(Nodes.text(c, "restartPolicy"))) {
            errs.add(FieldErrors.notSupported(p + ".restartPolicy", Nodes.text(c, "restartPolicy"), List.of("Always")));
        } else if (!init && Nodes.at(c, "restartPolicy") != null) {
            errs.add(FieldErrors.forbidden(p + ".restartPolicy", "may not be set for non-init containers"));
        }
        errs.addAll(validatePorts(Nodes.list(c, "ports"), p + ".ports"));
        errs.addAll(validateEnv(Nodes.list(c, "env"), p + ".env"));
        errs.addAll(validateMounts(Nodes.list(c, "volumeMounts"), p + ".volumeMounts", volumes));
        errs.addAll(validateResources(Nodes.at(c, "resources"), p + ".resources"));
        return errs;
    }

    private static List<Cause> validatePorts(List<JsonNode> ports, String path) {
        List<Cause> errs = new ArrayList<>();
        Set<String> names = new HashSet<>();
        for (int i = 0; i < ports.size(); i++) {
            JsonNode port = ports.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.textOr(port, "name");
            if (!name.isEmpty()) {
                List<String> msgs = Names.portName(name);
                for (String m : msgs) {
                    errs.add(FieldErrors.invalid(p + ".name", name, m));
                }
                if (msgs.isEmpty() && !names.add(name)) {
                    errs.add(FieldErrors.duplicate(p + ".name", name));
                }
            }
            long cp = Nodes.longAt(port, 0, "containerPort");
            if (cp == 0) {
                errs.add(FieldErrors.required(p + ".containerPort", ""));
            } else {
                for (String m : Names.portNumber(cp)) {
                    errs.add(FieldErrors.invalid(p + ".containerPort", cp, m));
                }
            }
            long hp = Nodes.longAt(port, 0, "hostPort");
            if (hp != 0) {
                for (String m : Names.portNumber(hp)) {
                    errs.add(FieldErrors.invalid(p + ".hostPort", hp, m));
                }
            }
            errs.addAll(validateProtocol(Nodes.textOr(port, "protocol"), p + ".protocol"));
        }
        return errs;
    }

    static List<Cause> validateProtocol(String protocol, String path) {
        if (protocol.isEmpty()) {
            return List.of(FieldErrors.required(path, ""));
        }
        if (!PROTOCOLS.contains(protocol)) {
            return List.of(FieldErrors.notSupported(path, protocol, PROTOCOLS));
        }
        return List.of();
    }

    private static List<Cause> validateEnv(List<JsonNode> env, String path) {
        List<Cause> errs = new ArrayList<>();
        for (int i = 0; i < env.size(); i++) {
            JsonNode e = env.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.textOr(e, "name");
            if (name.isEmpty()) {
                errs.add(FieldErrors.required(p + ".name", ""));
            } else {
                for (String m : Names.envVarName(name)) {
                    errs.add(FieldErrors.invalid(p + ".name", name, m));
                }
            }
            if (!Nodes.textOr(e, "value").isEmpty() && Nodes.at(e, "valueFrom") != null) {
                errs.add(FieldErrors.invalid(p + ".valueFrom", "", "may not be specified when `value` is not empty"));
            }
        }
        return errs;
    }

    private static List<Cause> validateMounts(List<JsonNode> mounts, String path, Set<String> volumes) {
        List<Cause> errs = new ArrayList<>();
        Set<String> paths = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            JsonNode m = mounts.get(i);
            String p = path + "[" + i + "]";
            String name = Nodes.textOr(m, "name");
            if (name.isEmpty()) {
                errs.add(FieldErrors.required(p + ".name", ""));
            } else if (!volumes.contains(name)) {
                errs.add(FieldErrors.notFound(p + ".name", name));
            }
            String mountPath = Nodes.textOr(m, "mountPath");
            if (mountPath.isEmpty()) {
                errs.add(FieldErrors.required(p + ".mountPath", ""));
            } else if (!paths.add(mountPath)) {
                errs.add(FieldErrors.invalid(p + ".mountPath", mountPath, "must be unique"));
            }
        }
        return errs;
    }

    /** {@code ValidateResourceRequirements}: quantities valid and non-negative, requests at most limits. */
    static List<Cause> validateResources(JsonNode resources, String path) {
        List<Cause> errs = new ArrayList<>();
        Map<String, Quantity> limits = new HashMap<>();
        ObjectNode lim = Nodes.obj(resources, "limits");
        if (lim != null) {
            for (Map.Entry<String, JsonNode> e : lim.properties()) {
                Quantity q = quantity(e.getValue(), path + ".limits[" + e.getKey() + "]", e.getKey(), errs);
                if (q != null) {
                    limits.put(e.getKey(), q);
                }
            }
        }
        ObjectNode req = Nodes.obj(resources, "requests");
        if (req != null) {
            for (Map.Entry<String, JsonNode> e : req.properties()) {
                Quantity q = quantity(e.getValue(), path + ".requests[" + e.getKey() + "]", e.getKey(), errs);
                Quantity l = limits.get(e.getKey());
                if (q == null || l == null) {
                    continue;
                }
                boolean overcommit = !e.getKey().startsWith("hugepages-");
                if (!overcommit && q.compareTo(l) != 0) {
                    errs.add(FieldErrors.invalid(path + ".requests", q.toString(),
                            "must be equal to " + e.getKey() + " limit of " + l));
                } else if (q.compareTo(l) > 0) {
                    errs.add(FieldErrors.invalid(path + ".requests", q.toString(),
                            "must be less than or equal to " + e.getKey() + " limit of " + l));
                }
            }
        }
        return errs;
    }

    private static Quantity quantity(JsonNode n, String path, String resource, List<Cause> errs) {
        if (!isContainerResource(resource)) {
            errs.add(FieldErrors.invalid(path, resource, "must be a standard resource for containers"));
        }
        try {
            Quantity q = Quantity.parse(n);
            if (q.isNegative()) {
                errs.add(FieldErrors.invalid(path, q.text(), "must be greater than or equal to 0"));
                return null;
            }
            return q;
        } catch (IllegalArgumentException e) {
            errs.add(FieldErrors.invalid(path, Nodes.str(n) == null ? "" : Nodes.str(n), e.getMessage()));
            return null;
        }
    }

    private static boolean isContainerResource(String name) {
        return name.equals("cpu") || name.equals("memory") || name.equals("ephemeral-storage")
                || name.startsWith("hugepages-") || (name.contains("/") && !name.startsWith("kubernetes.io/")
                && !name.startsWith("requests."));
    }

    static List<Cause> validateTolerations(List<JsonNode> tolerations, String path) {
        List<Cause> errs = new ArrayList<>();
        for (int i = 0; i < tolerations.size(); i++) {
            JsonNode t = tolerations.get(i);
            String p = path + "[" + i + "]";
            String key = Nodes.textOr(t, "key");
            String op = Nodes.textOr(t, "operator");
            String value = Nodes.textOr(t, "value");
            String effect = Nodes.textOr(t, "effect");
            if (!key.isEmpty()) {
                for (String m : Names.qualifiedName(key)) {
                    errs.add(FieldErrors.invalid(p + ".key", key, m));
                }
            }
            if (key.isEmpty() && !op.equals("Exists")) {
                errs.add(FieldErrors.invalid(p + ".operator", op,
                        "operator must be Exists when `key` is empty, which means \"match all values and all keys\""));
            }
            if (Nodes.at(t, "tolerationSeconds") != null && !effect.equals("NoExecute")) {
                errs.add(FieldErrors.invalid(p + ".effect", effect,
                        "effect must be 'NoExecute' when `tolerationSeconds` is set"));
            }
            switch (op) {
                case "", "Equal" -> {
                    List<String> msgs = Names.labelValue(value);
                    if (!msgs.isEmpty()) {
                        errs.add(FieldErrors.invalid(p + ".operator", value, String.join(";", msgs)));
                    }
                }
                case "Exists" -> {
                    if (!value.isEmpty()) {
                        errs.add(FieldErrors.invalid(p + ".operator", internalToleration(t),
                                "value must be empty when `operator` is 'Exists'"));
                    }
                }
                default -> errs.add(FieldErrors.notSupported(p + ".operator", op, List.of("Equal", "Exists")));
            }
            if (!effect.isEmpty() && !TAINT_EFFECTS.contains(effect)) {
                errs.add(FieldErrors.notSupported(p + ".effect", effect, TAINT_EFFECTS));
            }
        }
        return errs;
    }

    /** The internal core.Toleration as json.Marshal renders it (Go field names). */
    private static FieldErrors.GoValue internalToleration(JsonNode t) {
        JsonNode seconds = Nodes.at(t, "tolerationSeconds");
        return new FieldErrors.GoValue("{\"Key\":" + FieldErrors.quote(Nodes.textOr(t, "key"))
                + ",\"Operator\":" + FieldErrors.quote(Nodes.textOr(t, "operator"))
                + ",\"Value\":" + FieldErrors.quote(Nodes.textOr(t, "value"))
                + ",\"Effect\":" + FieldErrors.quote(Nodes.textOr(t, "effect"))
                + ",\"TolerationSeconds\":" + (seconds == null ? "null" : String.valueOf(seconds.asLong())) + "}");
    }

    /** The QoS class of a pod ({@code qos.GetPodQOS}). */
    public static String qosClass(JsonNode spec) {
        Map<String, java.math.BigDecimal> requests = new HashMap<>();
        Map<String, java.math.BigDecimal> limits = new HashMap<>();
        boolean guaranteed = true;
        List<JsonNode> all = new ArrayList<>(Nodes.list(spec, "containers"));
        all.addAll(Nodes.list(spec, "initContainers"));
        for (JsonNode c : all) {
            sum(Nodes.obj(c, "resources", "requests"), requests, null);
            Set<String> found = new HashSet<>();
            sum(Nodes.obj(c, "resources", "limits"), limits, found);
            if (!found.contains("cpu") || !found.contains("memory")) {
                guaranteed = false;
            }
        }
        if (requests.isEmpty() && limits.isEmpty()) {
            return "BestEffort";
        }
        if (guaranteed) {
            for (Map.Entry<String, java.math.BigDecimal> r : requests.entrySet()) {
                java.math.BigDecimal l = limits.get(r.getKey());
                if (l == null || l.compareTo(r.getValue()) != 0) {
                    guaranteed = false;
                    break;
                }
            }
        }
        return guaranteed && requests.size() == limits.size() ? "Guaranteed" : "Burstable";
    }

    private static void sum(ObjectNode list, Map<String, java.math.BigDecimal> into, Set<String> found) {
        if (list == null) {
            return;
        }
        for (Map.Entry<String, JsonNode> e : list.properties()) {
            if (!e.getKey().equals("cpu") && !e.getKey().equals("memory")) {
                continue;
            }
            try {
                Quantity q = Quantity.parse(e.getValue());
                if (q.value().signum() > 0) {
                    into.merge(e.getKey(), q.value(), java.math.BigDecimal::add);
                    if (found != null) {
                        found.add(e.getKey());
                    }
                }
            } catch (IllegalArgumentException ignored) {
                // reported by validation
            }
        }
    }
}
