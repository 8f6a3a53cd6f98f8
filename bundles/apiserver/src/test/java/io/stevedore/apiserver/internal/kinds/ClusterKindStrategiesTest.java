package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceTypes;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** Namespaces, nodes, persistent volumes and claims. */
class ClusterKindStrategiesTest {

    private final KindStrategy namespaces = KindStrategies.forType(ResourceTypes.NAMESPACES);
    private final KindStrategy nodes = KindStrategies.forType(ResourceTypes.NODES);
    private final KindStrategy pvs = KindStrategies.forType(ResourceTypes.PERSISTENTVOLUMES);
    private final KindStrategy pvcs = KindStrategies.forType(ResourceTypes.PERSISTENTVOLUMECLAIMS);

    @Test
    void namespaceLifecycle() {
        ObjectNode ns = Json.obj("{'metadata':{'name':'team-a','creationTimestamp':'2026-01-08T12:00:00Z'}}");
        namespaces.applyDefaults(ns);
        assertThat(namespaces.validate(ns)).isEmpty();
        assertThat(ns.at("/metadata/labels/kubernetes.io~1metadata.name").asString()).isEqualTo("team-a");
        namespaces.prepareForCreate(ns);
        assertThat(ns.at("/status/phase").asString()).isEqualTo("Active");
        assertThat(ns.at("/spec/finalizers").toString()).isEqualTo("[\"kubernetes\"]");
        assertThat(namespaces.cells(ns, Json.NOW)).containsExactly("team-a", "Active", "2d");
        assertThat(namespaces.selectableFields(ns)).containsOnlyKeys("metadata.name", "status.phase", "name");
        ObjectNode next = ns.deepCopy();
        next.withObject("/spec").putArray("finalizers");
        next.withObject("/status").put("phase", "Terminating");
        namespaces.prepareForUpdate(next, ns);
        assertThat(next.at("/spec/finalizers").toString()).isEqualTo("[\"kubernetes\"]");
        assertThat(next.at("/status/phase").asString()).isEqualTo("Active");
    }

    @Test
    void namespaceNameIsDnsLabel() {
        ObjectNode ns = Json.obj("{'metadata':{'name':'a.b'}}");
        assertThat(Json.rendered(namespaces.validate(ns))).singleElement().asString()
                .startsWith("metadata.name: Invalid value: \"a.b\": a lowercase RFC 1123 label must consist of");
        ObjectNode namespaced = Json.obj("{'metadata':{'name':'a','namespace':'x'}}");
        assertThat(Json.rendered(namespaces.validate(namespaced))).containsExactly(
                "metadata.namespace: Forbidden: not allowed on this type");
    }

    @Test
    void nodeRulesAndPrinter() {
        ObjectNode node = Json.obj("{'metadata':{'name':'node-1','creationTimestamp':'2026-01-10T10:00:00Z','labels':"
                + "{'node-role.kubernetes.io/control-plane':'','kubernetes.io/role':'worker'}},'spec':{'unschedulable':true,"
                + "'taints':[{'key':'k','effect':'Sometimes'}]},'status':{'capacity':{'cpu':'2'},'conditions':[{'type':'Ready',"
                + "'status':'True'}],'addresses':[{'type':'InternalIP','address':'10.0.0.5'}],'nodeInfo':{'kubeletVersion':"
                + "'v1.32.0','osImage':'Debian','kernelVersion':'6.1','containerRuntimeVersion':'docker://27'}}}");
        nodes.applyDefaults(node);
        assertThat(node.at("/status/allocatable/cpu").asString()).isEqualTo("2");
        assertThat(Json.rendered(nodes.validate(node))).containsExactly("spec.taints[0].effect: Unsupported value: "
                + "\"Sometimes\": supported values: \"NoSchedule\", \"PreferNoSchedule\", \"NoExecute\"");
        assertThat(nodes.cells(node, Json.NOW)).containsExactly("node-1", "Ready,SchedulingDisabled",
                "control-plane,worker", "120m", "v1.32.0", "10.0.0.5", "<none>", "Debian", "6.1", "docker://27");
        nodes.prepareForCreate(node);
        assertThat(node.at("/status/nodeInfo/kubeletVersion").asString()).isEqualTo("v1.32.0");
        assertThat(nodes.selectableFields(node)).containsEntry("spec.unschedulable", "true");
        ObjectNode bare = Json.obj("{'metadata':{'name':'n2'},'status':{'conditions':[{'type':'Ready','status':'Unknown'}]}}");
        assertThat(nodes.cells(bare, Json.NOW).subList(1, 3)).containsExactly("NotReady", "<none>");
        assertThat(nodes.cells(Json.obj("{'metadata':{'name':'n3'}}"), Json.NOW).get(1)).isEqualTo("Unknown");
    }

    @Test
    void persistentVolumes() {
        ObjectNode pv = Json.obj("{'metadata':{'name':'pv1','creationTimestamp':'2026-01-10T11:00:00Z'},'spec':{"
                + "'capacity':{'storage':'10Gi'},'accessModes':['ReadWriteMany','ReadWriteOnce'],'hostPath':{'path':'/x'},"
                + "'storageClassName':'standard','claimRef':{'namespace':'default','name':'data'}}}");
        pvs.applyDefaults(pv);
        assertThat(pvs.validate(pv)).isEmpty();
        pvs.prepareForCreate(pv);
        assertThat(pv.at("/status/phase").asString()).isEqualTo("Pending");
        assertThat(pvs.cells(pv, Json.NOW)).containsExactly("pv1", "10Gi", "RWO,RWX", "Retain", "Pending",
                "default/data", "standard", "<unset>", "", "60m", "Filesystem");
        ObjectNode bad = Json.obj("{'metadata':{'name':'pv2'},'spec':{'accessModes':['ReadSometimes'],"
                + "'persistentVolumeReclaimPolicy':'Keep'}}");
        pvs.applyDefaults(bad);
        assertThat(Json.rendered(pvs.validate(bad))).containsExactly(
                "spec.accessModes: Unsupported value: \"ReadSometimes\": supported values: \"ReadOnlyMany\", "
                        + "\"ReadWriteMany\", \"ReadWriteOnce\", \"ReadWriteOncePod\"",
                "spec.capacity: Required value",
                "spec.persistentVolumeReclaimPolicy: Unsupported value: \"Keep\": supported values: \"Delete\", "
                        + "\"Recycle\", \"Retain\"");
        assertThat(pvs.columns()).hasSize(11);
    }

    @Test
    void persistentVolumeClaims() {
        ObjectNode pvc = Json.obj("{'metadata':{'name':'data','namespace':'default','creationTimestamp':'2026-01-10T11:00:00Z'},"
                + "'spec':{'accessModes':['ReadWriteOnce'],'resources':{'requests':{'storage':'1Gi'}}}}");
        pvcs.applyDefaults(pvc);
        assertThat(pvcs.validate(pvc)).isEmpty();
        pvcs.prepareForCreate(pvc);
        assertThat(pvc.at("/status/phase").asString()).isEqualTo("Pending");
        assertThat(pvcs.cells(pvc, Json.NOW)).containsExactly("data", "Pending", "", "", "", "", "<unset>", "60m", "Filesystem");
        ObjectNode bound = pvc.deepCopy();
        bound.withObject("/spec").put("volumeName", "pv1");
        bound.set("status", Json.obj("{'phase':'Bound','accessModes':['ReadWriteOnce'],'capacity':{'storage':'10240Mi'}}"));
        assertThat(pvcs.validateUpdate(bound, pvc)).isEmpty();
        assertThat(pvcs.selectableFields(bound)).containsEntry("name", "data").containsEntry("metadata.namespace", "default");
        assertThat(pvcs.cells(bound, Json.NOW).subList(1, 5)).containsExactly("Bound", "pv1", "10Gi", "RWO");
        ObjectNode resized = bound.deepCopy();
        resized.withObject("/spec/resources/requests").put("storage", "2Gi");
        assertThat(pvcs.validateUpdate(resized, bound)).isEmpty();
        ObjectNode modes = bound.deepCopy();
        modes.withObject("/spec").putArray("accessModes").add("ReadWriteMany");
        assertThat(Json.rendered(pvcs.validateUpdate(modes, bound))).containsExactly("spec: Forbidden: spec is immutable "
                + "after creation except resources.requests and volumeAttributesClassName for bound claims");
        ObjectNode missing = Json.obj("{'metadata':{'name':'d','namespace':'default'},'spec':{}}");
        pvcs.applyDefaults(missing);
        assertThat(Json.rendered(pvcs.validate(missing))).containsExactly(
                "spec.accessModes: Required value: at least 1 access mode is required",
                "spec.resources[storage]: Required value");
    }
}
