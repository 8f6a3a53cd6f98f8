package io.stevedore.apiserver.internal.patch;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.databind.JsonNode;

/**
 * Merge strategies of the fields of known kinds: what Kubernetes declares with the {@code patchStrategy} /
 * {@code patchMergeKey} struct tags (strategic merge patch) and the {@code +listType} / {@code +listMapKey} /
 * {@code +structType} markers (server-side apply) in {@code k8s.io/api} and {@code k8s.io/apimachinery}.
 *
 * <p>A field path is the dot-joined chain of member names from the object root; list items are transparent, so
 * {@code spec.containers.env} is the {@code env} list of every container. A field without a rule is a plain map
 * (merged member by member) or an atomic list (replaced whole). Rules are kept per API group and kind (the version
 * does not change them). {@code metadata.finalizers} and {@code metadata.ownerReferences} apply to every kind.
 */
public final class PatchSchema {

    /** How a field merges. */
    public enum Strategy {
        /** A list of objects merged by key ({@code patchStrategy:"merge"} with {@code patchMergeKey}; listType=map). */
        MERGE_BY_KEY,
        /** A list of scalars merged as a set ({@code patchStrategy:"merge"} without key; listType=set). */
        PRIMITIVE_SET,
        /** An object that server-side apply treats as one value ({@code +structType=atomic}); SMP still merges it. */
        ATOMIC_STRUCT
    }

    /**
     * The rule of one field.
     *
     * @param strategy    how the field merges
     * @param keys        for {@link Strategy#MERGE_BY_KEY}: the SMP merge key first, then further SSA list-map keys
     * @param retainKeys  whether the field also has the {@code retainKeys} patch strategy
     * @param keyDefaults default values of key fields that may be omitted (e.g. {@code protocol: TCP} of ports)
     */
    public record FieldRule(Strategy strategy, List<String> keys, boolean retainKeys, Map<String, String> keyDefaults) {

        public FieldRule {
            keys = List.copyOf(keys);
            keyDefaults = Map.copyOf(keyDefaults);
        }

        /** The SMP {@code patchMergeKey}, or null for sets and atomic structs. */
        public String mergeKey() {
            return keys.isEmpty() ? null : keys.get(0);
        }

        public boolean isMergeList() {
            return strategy == Strategy.MERGE_BY_KEY || strategy == Strategy.PRIMITIVE_SET;
        }
    }

    /** The rules of one kind. */
    public static final class KindSchema {
        private final Map<String, FieldRule> rules;
        private final boolean builtIn;

        KindSchema(Map<String, FieldRule> rules, boolean builtIn) {
            this.rules = Map.copyOf(rules);
            this.builtIn = builtIn;
        }

        /** The rule of a field path, or null for a plain map / atomic list / scalar. */
        public FieldRule rule(String path) {
            return rules.get(path);
        }

        /** Whether the kind is one Kubernetes has struct tags for (SMP is accepted); false for custom kinds. */
        public boolean builtIn() {
            return builtIn;
        }

        /** All rules, by path. */
        public Map<String, FieldRule> rules() {
            return rules;
        }
    }

    private final Map<String, KindSchema> kinds;
    private final KindSchema fallback;

    private PatchSchema(Map<String, KindSchema> kinds, KindSchema fallback) {
        this.kinds = Map.copyOf(kinds);
        this.fallback = fallback;
    }

    /** The rules for an object's apiVersion and kind; unknown kinds get the ObjectMeta rules only. */
    public KindSchema forKind(String apiVersion, String kind) {
        KindSchema k = kinds.get(key(group(apiVersion), kind));
        return k != null ? k : fallback;
    }

    /** Whether SMP is defined for the kind (built-in kinds); Kubernetes answers SMP on custom resources with 415. */
    public boolean isBuiltIn(String apiVersion, String kind) {
        return kinds.containsKey(key(group(apiVersion), kind));
    }

    private static String group(String apiVersion) {
        if (apiVersion == null) {
            return "";
        }
        int slash = apiVersion.indexOf('/');
        return slash < 0 ? "" : apiVersion.substring(0, slash);
    }

    private static String key(String group, String kind) {
        return group + "/" + kind;
    }

    // ------------------------------------------------------------------------------------------------------------
    // The built-in table, written from the struct tags of k8s.io/api core/v1, apps/v1, batch/v1, discovery/v1 and
    // k8s.io/apimachinery meta/v1 (release 1.32).

    private static final PatchSchema KUBERNETES = buildKubernetes();

    /** The table of the built-in kinds Stevedore serves. */
    public static PatchSchema kubernetes() {
        return KUBERNETES;
    }

    private static PatchSchema buildKubernetes() {
        Map<String, KindSchema> kinds = new HashMap<>();

        Table pod = new Table();
        pod.podSpec("spec");
        pod.podStatus("status");
        kinds.put(key("", "Pod"), pod.build());

        Table podTemplate = new Table();
        podTemplate.template("template");
        kinds.put(key("", "PodTemplate"), podTemplate.build());

        Table rc = new Table();
        rc.template("spec.template");
        rc.byKey("status.conditions", "type");
        kinds.put(key("", "ReplicationController"), rc.build());

        for (String kind : List.of("Deployment", "ReplicaSet", "StatefulSet", "DaemonSet")) {
            Table t = new Table();
            t.template("spec.template");
            t.atomicStruct("spec.selector");
            t.byKey("status.conditions", "type");
            // spec.strategy (Deployment) has patchStrategy retainKeys: it merges as a map, and the $retainKeys
            // directive kubectl sends is honoured wherever it appears, so it needs no rule.
            kinds.put(key("apps", kind), t.build());
        }

        Table job = new Table();
        job.template("spec.template");
        job.atomicStruct("spec.selector");
        job.byKey("status.conditions", "type");
        kinds.put(key("batch", "Job"), job.build());

        Table cronJob = new Table();
        cronJob.template("spec.jobTemplate.spec.template");
        cronJob.meta("spec.jobTemplate.metadata");
        cronJob.atomicStruct("spec.jobTemplate.spec.selector");
        kinds.put(key("batch", "CronJob"), cronJob.build());

        Table service = new Table();
        service.byKeys("spec.ports", List.of("port", "protocol"), Map.of("protocol", "TCP"));
        service.byKey("status.conditions", "type");
        kinds.put(key("", "Service"), service.build());

        Table node = new Table();
        node.set("spec.podCIDRs");
        node.byKey("status.addresses", "type");
        node.byKey("status.conditions", "type");
        kinds.put(key("", "Node"), node.build());

        Table pvc = new Table();
        pvc.byKey("status.conditions", "type");
        kinds.put(key("", "PersistentVolumeClaim"), pvc.build());

        Table ns = new Table();
        ns.byKey("status.conditions", "type");
        kinds.put(key("", "Namespace"), ns.build());

        Table sa = new Table();
        sa.byKey("secrets", "name");
        kinds.put(key("", "ServiceAccount"), sa.build());

        // Kinds whose lists are all atomic and maps plain: only the ObjectMeta rules.
        for (String kind : List.of("ConfigMap", "Secret", "Endpoints", "Event", "PersistentVolume", "LimitRange",
                "ResourceQuota")) {
            kinds.put(key("", kind), new Table().build());
        }
        kinds.put(key("discovery.k8s.io", "EndpointSlice"), new Table().build());
        kinds.put(key("coordination.k8s.io", "Lease"), new Table().build());
        kinds.put(key("scheduling.k8s.io", "PriorityClass"), new Table().build());
        kinds.put(key("policy", "PodDisruptionBudget"), new Table().build());

        Table fallback = new Table();
        return new PatchSchema(kinds, fallback.build(false));
    }

    /** Collects the rules of one kind; ObjectMeta rules at {@code metadata} are always present. */
    private static final class Table {
        private final Map<String, FieldRule> rules = new LinkedHashMap<>();

        Table() {
            meta("metadata");
        }

        KindSchema build() {
            return build(true);
        }

        KindSchema build(boolean builtIn) {
            return new KindSchema(rules, builtIn);
        }

        void byKey(String path, String key) {
            rules.put(path, new FieldRule(Strategy.MERGE_BY_KEY, List.of(key), false, Map.of()));
        }

        void byKeyRetain(String path, String key) {
            rules.put(path, new FieldRule(Strategy.MERGE_BY_KEY, List.of(key), true, Map.of()));
        }

        void byKeys(String path, List<String> keys, Map<String, String> defaults) {
            rules.put(path, new FieldRule(Strategy.MERGE_BY_KEY, keys, false, defaults));
        }

        void set(String path) {
            rules.put(path, new FieldRule(Strategy.PRIMITIVE_SET, List.of(), false, Map.of()));
        }

        void atomicStruct(String path) {
            rules.put(path, new FieldRule(Strategy.ATOMIC_STRUCT, List.of(), false, Map.of()));
        }

        void meta(String prefix) {
            set(prefix + ".finalizers");
            byKey(prefix + ".ownerReferences", "uid");
        }

        void template(String prefix) {
            meta(prefix + ".metadata");
            podSpec(prefix + ".spec");
        }

        void podSpec(String p) {
            byKeyRetain(p + ".volumes", "name");
            for (String c : List.of("initContainers", "containers", "ephemeralContainers")) {
                container(p + "." + c);
            }
            byKey(p + ".imagePullSecrets", "name");
            byKey(p + ".hostAliases", "ip");
            byKeys(p + ".topologySpreadConstraints", List.of("topologyKey", "whenUnsatisfiable"), Map.of());
            byKey(p + ".schedulingGates", "name");
            byKeyRetain(p + ".resourceClaims", "name");
            // tolerations, readinessGates, dnsConfig lists: atomic (no patch strategy).
        }

        void container(String c) {
            byKey(c, "name");
            byKeys(c + ".ports", List.of("containerPort", "protocol"), Map.of("protocol", "TCP"));
            byKey(c + ".env", "name");
            byKey(c + ".volumeMounts", "mountPath");
            byKey(c + ".volumeDevices", "devicePath");
        }

        void podStatus(String s) {
            byKey(s + ".conditions", "type");
            byKey(s + ".podIPs", "ip");
            byKey(s + ".hostIPs", "ip");
            byKeyRetain(s + ".resourceClaimStatuses", "name");
        }
    }

    /** Looks up the default of a key field, as a JSON string node, or null. */
    static JsonNode keyDefault(FieldRule rule, String key) {
        String d = rule.keyDefaults().get(key);
        return d == null ? null : Nodes.F.stringNode(d);
    }
}
