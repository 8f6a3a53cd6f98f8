package io.stevedore.apiserver.internal.patch;

import static io.stevedore.apiserver.internal.patch.T.json;
import static io.stevedore.apiserver.internal.patch.T.obj;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stevedore.api.ApiException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

class ServerSideApplyTest {

    private static final Instant T0 = Instant.parse("2026-01-01T10:00:00.123Z");
    private static final Instant T1 = Instant.parse("2026-01-01T10:05:00Z");
    private static final Instant T2 = Instant.parse("2026-01-01T10:10:00Z");

    private final ServerSideApply ssa = new ServerSideApply();

    private static ObjectNode deployment(String image, int replicas, String env) {
        return obj("{'apiVersion':'apps/v1','kind':'Deployment','metadata':{'name':'web','namespace':'default',"
                + "'labels':{'app':'web'}},'spec':{'replicas':" + replicas + ",'selector':{'matchLabels':{'app':'web'}},"
                + "'template':{'metadata':{'labels':{'app':'web'}},'spec':{'containers':[{'name':'web','image':'" + image
                + "','ports':[{'containerPort':80}],'env':[" + env + "]}]}}}}");
    }

    /** Simulates what the server adds on create (system metadata, defaults, status). */
    private static ObjectNode stored(ObjectNode obj) {
        ObjectNode s = obj.deepCopy();
        ObjectNode meta = (ObjectNode) s.get("metadata");
        meta.put("uid", "u-1").put("resourceVersion", "1").put("generation", 1);
        ((ObjectNode) s.at("/spec/template/spec/containers/0")).put("imagePullPolicy", "IfNotPresent");
        if (s.has("spec") && s.get("spec").has("replicas")) {
            s.set("status", json("{'replicas':1}"));
        }
        return s;
    }

    private static JsonNode entry(ObjectNode obj, String manager, String operation) {
        for (JsonNode e : obj.at("/metadata/managedFields").values()) {
            if (e.get("manager").stringValue().equals(manager) && e.get("operation").stringValue().equals(operation)) {
                return e;
            }
        }
        return null;
    }

    @Test
    void applyCreatesWithAnApplyEntry() {
        ObjectNode out = ssa.apply(null, deployment("nginx:1.25", 2, "{'name':'A','value':'1'}"), "kubectl", false,
                "apps/v1", T0);
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(2);
        assertThat(out.at("/metadata/name").stringValue()).isEqualTo("web");
        JsonNode e = entry(out, "kubectl", "Apply");
        assertThat(e.get("apiVersion").stringValue()).isEqualTo("apps/v1");
        assertThat(e.get("time").stringValue()).isEqualTo("2026-01-01T10:00:00Z");
        assertThat(e.get("fieldsType").stringValue()).isEqualTo("FieldsV1");
        assertThat(e.get("fieldsV1")).isEqualTo(json("{'f:metadata':{'f:labels':{'f:app':{}}},"
                + "'f:spec':{'f:replicas':{},'f:selector':{},'f:template':{'f:metadata':{'f:labels':{'f:app':{}}},"
                + "'f:spec':{'f:containers':{'k:{\\'name\\':\\'web\\'}':{'.':{},'f:env':{'k:{\\'name\\':\\'A\\'}':{'.':{},"
                + "'f:name':{},'f:value':{}}},'f:image':{},'f:name':{},"
                + "'f:ports':{'k:{\\'containerPort\\':80,\\'protocol\\':\\'TCP\\'}':{'.':{},'f:containerPort':{}}}}}}}}}"
                .replace("\\'", "\\\"")));
    }

    @Test
    void deploymentAppliedTwiceWithAChange() {
        ObjectNode live = stored(ssa.apply(null, deployment("nginx:1.25", 2,
                "{'name':'A','value':'1'},{'name':'B','value':'2'}"), "kubectl", false, "apps/v1", T0));
        ObjectNode out = ssa.apply(live, deployment("nginx:1.26", 2, "{'name':'A','value':'1'}"), "kubectl", false,
                "apps/v1", T1);
        assertThat(out.at("/spec/template/spec/containers/0/image").stringValue()).isEqualTo("nginx:1.26");
        assertThat(out.at("/spec/template/spec/containers/0/env")).isEqualTo(json("[{'name':'A','value':'1'}]"));
        assertThat(out.at("/spec/template/spec/containers/0/imagePullPolicy").stringValue())
                .as("server defaults nobody applied stay").isEqualTo("IfNotPresent");
        assertThat(out.at("/metadata/uid").stringValue()).isEqualTo("u-1");
        assertThat(out.at("/status/replicas").intValue()).isEqualTo(1);
        assertThat(out.at("/metadata/managedFields")).hasSize(1);
        assertThat(entry(out, "kubectl", "Apply").get("time").stringValue()).isEqualTo("2026-01-01T10:05:00Z");
        assertThat(entry(out, "kubectl", "Apply").toString()).doesNotContain("\\\"B\\\"");
    }

    @Test
    void configMapAppliedTwice() {
        ObjectNode cm1 = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c','annotations':{'a':'1'}},"
                + "'data':{'a':'1','b':'2'}}");
        ObjectNode cm2 = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1','c':'3'}}");
        ObjectNode live = ssa.apply(null, cm1, "kubectl", false, "v1", T0);
        ObjectNode out = ssa.apply(live, cm2, "kubectl", false, "v1", T1);
        assertThat(out.get("data")).isEqualTo(json("{'a':'1','c':'3'}"));
        assertThat(out.at("/metadata/annotations").isMissingNode()).as("emptied, unowned map is pruned").isTrue();
        assertThat(entry(out, "kubectl", "Apply").get("fieldsV1"))
                .isEqualTo(json("{'f:data':{'f:a':{},'f:c':{}}}"));
    }

    @Test
    void unchangedReapplyKeepsTheObjectAndTheTime() {
        ObjectNode cm = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'1'}}");
        ObjectNode live = ssa.apply(null, cm, "kubectl", false, "v1", T0);
        ObjectNode again = ssa.apply(live, cm, "kubectl", false, "v1", T1);
        assertThat(again).isEqualTo(live);
        assertThat(entry(again, "kubectl", "Apply").get("time").stringValue()).isEqualTo("2026-01-01T10:00:00Z");
    }

    @Test
    void serviceAppliedTwiceKeepsPortsByPortAndProtocol() {
        ObjectNode s1 = obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'s'},'spec':{'selector':{'app':'web'},"
                + "'ports':[{'port':80,'targetPort':8080},{'port':443,'targetPort':8443}]}}");
        ObjectNode s2 = obj("{'apiVersion':'v1','kind':'Service','metadata':{'name':'s'},'spec':{'selector':{'app':'web'},"
                + "'ports':[{'port':80,'targetPort':9090}]}}");
        ObjectNode live = ssa.apply(null, s1, "kubectl", false, "v1", T0);
        live.withObjectProperty("spec").put("clusterIP", "10.96.0.10");
        ObjectNode out = ssa.apply(live, s2, "kubectl", false, "v1", T1);
        assertThat(out.at("/spec/ports")).isEqualTo(json("[{'port':80,'targetPort':9090}]"));
        assertThat(out.at("/spec/clusterIP").stringValue()).isEqualTo("10.96.0.10");
        assertThat(entry(out, "kubectl", "Apply").at("/fieldsV1/f:spec/f:ports").propertyNames())
                .containsExactly("k:{\"port\":80,\"protocol\":\"TCP\"}");
    }

    @Test
    void anotherManagersReplicasConflict() {
        ObjectNode live = stored(ssa.apply(null, deployment("nginx", 2, ""), "kubectl", false, "apps/v1", T0));
        ObjectNode scaled = live.deepCopy();
        scaled.withObjectProperty("spec").put("replicas", 5);
        ObjectNode afterScale = ssa.recordUpdate(live, scaled, "other", "Update", "apps/v1", T1);
        assertThat(entry(afterScale, "other", "Update").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
        assertThat(entry(afterScale, "kubectl", "Apply").toString()).doesNotContain("f:replicas");

        ApiException e = catchThrowableOfType(ApiException.class, () -> ssa.apply(afterScale,
                deployment("nginx", 3, ""), "kubectl", false, "apps/v1", T2));
        assertThat(e.code()).isEqualTo(409);
        assertThat(e.reason()).isEqualTo("Conflict");
        assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"other\" using apps/v1: .spec.replicas");
        assertThat(e.details().causes()).containsExactly(new ApiException.Cause("FieldManagerConflict",
                "conflict with \"other\" using apps/v1", ".spec.replicas"));

        // Applying the value the other manager set is no conflict: ownership is shared.
        ObjectNode shared = ssa.apply(afterScale, deployment("nginx", 5, ""), "kubectl", false, "apps/v1", T2);
        assertThat(entry(shared, "other", "Update").get("fieldsV1")).isEqualTo(json("{'f:spec':{'f:replicas':{}}}"));
        assertThat(entry(shared, "kubectl", "Apply").toString()).contains("f:replicas");
    }

    @Test
    void forceTakesOwnership() {
        ObjectNode live = stored(ssa.apply(null, deployment("nginx", 2, ""), "kubectl", false, "apps/v1", T0));
        ObjectNode scaled = live.deepCopy();
        scaled.withObjectProperty("spec").put("replicas", 5);
        ObjectNode afterScale = ssa.recordUpdate(live, scaled, "other", "Update", "apps/v1", T1);
        ObjectNode out = ssa.apply(afterScale, deployment("nginx", 3, ""), "kubectl", true, "apps/v1", T2);
        assertThat(out.at("/spec/replicas").intValue()).isEqualTo(3);
        assertThat(entry(out, "other", "Update")).as("the other manager owned nothing else").isNull();
        assertThat(entry(out, "kubectl", "Apply").toString()).contains("f:replicas");
    }

    @Test
    void conflictsWithSeveralFieldsAndAnotherApplier() {
        ObjectNode live = ssa.apply(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'a':'1','b':'2'}}"), "alice", false, "v1", T0);
        ApiException e = catchThrowableOfType(ApiException.class, () -> ssa.apply(live, obj("{'apiVersion':'v1',"
                + "'kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'x','b':'y'}}"), "bob", false, "v1", T1));
        assertThat(e.getMessage()).isEqualTo("Apply failed with 2 conflicts: conflicts with \"alice\":\n- .data.a\n- .data.b");
        assertThat(e.details().causes()).extracting(ApiException.Cause::field).containsExactly(".data.a", ".data.b");
        assertThat(e.details().causes()).extracting(ApiException.Cause::message).containsOnly("conflict with \"alice\"");
    }

    @Test
    void omittedFieldStaysWhenAnotherManagerOwnsIt() {
        ObjectNode live = ssa.apply(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'a':'1','b':'2'}}"), "alice", false, "v1", T0);
        ObjectNode bob = ssa.apply(live, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'b':'2'}}"), "bob", false, "v1", T1);
        ObjectNode out = ssa.apply(bob, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'a':'1'}}"), "alice", false, "v1", T2);
        assertThat(out.get("data")).isEqualTo(json("{'a':'1','b':'2'}"));
        ObjectNode out2 = ssa.apply(out, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{}}"), "bob", false, "v1", T2);
        assertThat(out2.get("data")).isEqualTo(json("{'a':'1'}"));
    }

    @Test
    void removedListItemGoesAwayAndSetsWork() {
        ObjectNode d1 = deployment("nginx", 1, "{'name':'A','value':'1'},{'name':'B','value':'2'}");
        d1.withObjectProperty("metadata").set("finalizers", json("['x','y']"));
        ObjectNode live = ssa.apply(null, d1, "kubectl", false, "apps/v1", T0);
        assertThat(entry(live, "kubectl", "Apply").at("/fieldsV1/f:metadata/f:finalizers").propertyNames())
                .containsExactly("v:\"x\"", "v:\"y\"");
        ObjectNode d2 = deployment("nginx", 1, "{'name':'B','value':'2'}");
        d2.withObjectProperty("metadata").set("finalizers", json("['y']"));
        ObjectNode out = ssa.apply(live, d2, "kubectl", false, "apps/v1", T1);
        assertThat(out.at("/spec/template/spec/containers/0/env")).isEqualTo(json("[{'name':'B','value':'2'}]"));
        assertThat(out.at("/metadata/finalizers")).isEqualTo(json("['y']"));
    }

    @Test
    void itemKeptForAnotherOwnerKeepsItsKey() {
        ObjectNode live = stored(ssa.apply(null, deployment("nginx", 1, "{'name':'A','value':'1'},{'name':'B','value':'2'}"),
                "kubectl", false, "apps/v1", T0));
        ObjectNode edited = live.deepCopy();
        ((ObjectNode) edited.at("/spec/template/spec/containers/0/env/1")).put("value", "9");
        ObjectNode afterEdit = ssa.recordUpdate(live, edited, "kubectl-edit", "Update", "apps/v1", T1);
        ObjectNode out = ssa.apply(afterEdit, deployment("nginx", 1, "{'name':'A','value':'1'}"), "kubectl", false,
                "apps/v1", T2);
        assertThat(out.at("/spec/template/spec/containers/0/env")).isEqualTo(json("[{'name':'A','value':'1'},"
                + "{'name':'B','value':'9'}]"));
    }

    @Test
    void managedFieldsSentWithAnUpdateAreTheBase() {
        ObjectNode live = ssa.apply(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'a':'1'}}"), "alice", false, "v1", T0);
        ObjectNode put = live.deepCopy();
        put.withObjectProperty("metadata").set("managedFields", json("[{'manager':'imported','operation':'Update',"
                + "'apiVersion':'v1','fieldsType':'FieldsV1','fieldsV1':{'f:data':{'f:a':{}}}}]"));
        ((ObjectNode) put.get("data")).put("b", "2");
        ObjectNode out = ssa.recordUpdate(live, put, "bob", "Update", "v1", T1);
        assertThat(entry(out, "alice", "Apply")).isNull();
        assertThat(entry(out, "imported", "Update")).isNotNull();
        assertThat(entry(out, "bob", "Update").get("fieldsV1")).isEqualTo(json("{'f:data':{'f:b':{}}}"));

        ObjectNode unaware = live.deepCopy();
        ((ObjectNode) unaware.get("metadata")).remove("managedFields");
        ((ObjectNode) unaware.get("data")).put("b", "2");
        ObjectNode out2 = ssa.recordUpdate(live, unaware, "bob", "Update", "v1", T1);
        assertThat(entry(out2, "alice", "Apply")).as("kept from the live object").isNotNull();
    }

    @Test
    void recordUpdateOwnershipOnCreateUpdateAndRemoval() {
        ObjectNode created = ssa.recordUpdate(null, obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},"
                + "'data':{'a':'1','b':'2'}}"), "kubectl-create", "Update", "v1", T0);
        assertThat(entry(created, "kubectl-create", "Update").get("fieldsV1"))
                .isEqualTo(json("{'f:data':{'f:a':{},'f:b':{}}}"));
        ObjectNode edited = created.deepCopy();
        ((ObjectNode) edited.get("data")).put("a", "9").remove("b");
        ObjectNode out = ssa.recordUpdate(created, edited, "kubectl-edit", "Update", "v1", T1);
        assertThat(entry(out, "kubectl-edit", "Update").get("fieldsV1")).isEqualTo(json("{'f:data':{'f:a':{}}}"));
        assertThat(entry(out, "kubectl-create", "Update")).as("lost a (changed) and b (removed)").isNull();
        assertThat(out.at("/metadata/managedFields")).hasSize(1);

        // A later apply by someone else of a different value for data.a conflicts with the editor.
        ApiException e = catchThrowableOfType(ApiException.class, () -> ssa.apply(out, obj("{'apiVersion':'v1',"
                + "'kind':'ConfigMap','metadata':{'name':'c'},'data':{'a':'2'}}"), "kubectl", false, "v1", T2));
        assertThat(e.getMessage()).isEqualTo("Apply failed with 1 conflict: conflict with \"kubectl-edit\" using v1: .data.a");
    }

    @Test
    void statusSubresourceUpdatesAreSeparateEntries() {
        ObjectNode live = stored(ssa.apply(null, deployment("nginx", 2, ""), "kubectl", false, "apps/v1", T0));
        ObjectNode withStatus = live.deepCopy();
        withStatus.set("status", json("{'replicas':2,'conditions':[{'type':'Available','status':'True'}]}"));
        ObjectNode out = ssa.recordUpdate(live, withStatus, "kube-controller-manager", "Update", "apps/v1", T1, "status");
        JsonNode e = entry(out, "kube-controller-manager", "Update");
        assertThat(e.get("subresource").stringValue()).isEqualTo("status");
        assertThat(e.at("/fieldsV1/f:status/f:conditions").propertyNames()).containsExactly("k:{\"type\":\"Available\"}");
        // Apply never conflicts on status and keeps it.
        ObjectNode again = ssa.apply(out, deployment("nginx", 2, ""), "kubectl", false, "apps/v1", T2);
        assertThat(again.at("/status/replicas").intValue()).isEqualTo(2);
        assertThat(again.at("/metadata/managedFields")).hasSize(2);
        assertThat(again.at("/metadata/managedFields/0/operation").stringValue()).as("Apply entries sort first")
                .isEqualTo("Apply");
    }

    @Test
    void atMostTenUpdateManagersOlderOnesMergeIntoAncientChanges() {
        ObjectNode obj = obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{}}");
        ObjectNode cur = ssa.recordUpdate(null, obj, "m0", "Update", "v1", T0);
        for (int i = 1; i <= 11; i++) {
            ObjectNode next = cur.deepCopy();
            ((ObjectNode) next.get("data")).put("k" + i, "v");
            cur = ssa.recordUpdate(cur, next, "m" + i, "Update", "v1", T0.plusSeconds(60L * i));
        }
        List<String> managers = new ArrayList<>();
        cur.at("/metadata/managedFields").values().forEach(e -> managers.add(e.get("manager").stringValue()));
        assertThat(managers).hasSize(10).contains("ancient-changes", "m11").doesNotContain("m1", "m2");
        JsonNode ancient = entry(cur, "ancient-changes", "Update");
        assertThat(ancient.at("/fieldsV1/f:data").propertyNames()).contains("f:k1", "f:k2");
    }

    @Test
    void invalidRequests() {
        ApiException noManager = catchThrowableOfType(ApiException.class, () -> ssa.apply(null,
                obj("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'}}"), "", false, "v1", T0));
        assertThat(noManager.code()).isEqualTo(422);
        assertThat(noManager.getMessage()).isEqualTo("PatchOptions.meta.k8s.io \"\" is invalid: fieldManager: Required value: "
                + "is required for apply patch");

        ApiException noKey = catchThrowableOfType(ApiException.class, () -> ssa.apply(null,
                obj("{'apiVersion':'v1','kind':'Pod','metadata':{'name':'p'},'spec':{'containers':[{'image':'x'}]}}"),
                "kubectl", false, "v1", T0));
        assertThat(noKey.code()).isEqualTo(400);
        assertThat(noKey.getMessage()).contains(".spec.containers: element 0: associative list with keys has an element "
                + "that omits key field \"name\"");
    }

    @Test
    void parsesYamlApplyBodies() {
        ObjectNode cfg = ServerSideApply.parseApplyConfiguration(("apiVersion: v1\nkind: ConfigMap\nmetadata:\n"
                + "  name: c\ndata:\n  port: \"80\"\n").getBytes(StandardCharsets.UTF_8));
        assertThat(cfg).isEqualTo(json("{'apiVersion':'v1','kind':'ConfigMap','metadata':{'name':'c'},'data':{'port':'80'}}"));
        ObjectNode fromJson = ServerSideApply.parseApplyConfiguration("{\"kind\":\"ConfigMap\"}".getBytes(StandardCharsets.UTF_8));
        assertThat(fromJson.get("kind").stringValue()).isEqualTo("ConfigMap");
        ApiException e = catchThrowableOfType(ApiException.class, () -> ServerSideApply.parseApplyConfiguration(
                "- a\n- b\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(e.code()).isEqualTo(400);
        assertThat(e.getMessage()).startsWith("error decoding YAML:");
        ApiException bad = catchThrowableOfType(ApiException.class, () -> ServerSideApply.parseApplyConfiguration(
                "a: [\n".getBytes(StandardCharsets.UTF_8)));
        assertThat(bad.code()).isEqualTo(400);
    }

    @Test
    void fieldsV1RoundTrip() {
        JsonNode v1 = json("{'f:metadata':{'f:labels':{'.':{},'f:app':{}}},'f:spec':{'f:containers':{"
                + "'k:{\\'name\\':\\'a\\'}':{'.':{},'f:image':{}}}}}".replace("\\'", "\\\""));
        java.util.Set<List<String>> set = new java.util.LinkedHashSet<>();
        ManagedFields.readFieldsV1(v1, List.of(), set);
        assertThat(set).contains(List.of("f:metadata", "f:labels"), List.of("f:metadata", "f:labels", "f:app"),
                List.of("f:spec", "f:containers", "k:{\"name\":\"a\"}"));
        assertThat(ManagedFields.toFieldsV1(set)).isEqualTo(v1);
        assertThat(FieldSets.render(List.of("f:spec", "f:containers", "k:{\"name\":\"a\"}", "f:image")))
                .isEqualTo(".spec.containers[name=\"a\"].image");
        assertThat(FieldSets.render(List.of("f:metadata", "f:finalizers", "v:\"x\""))).isEqualTo(".metadata.finalizers[=\"x\"]");
    }
}
