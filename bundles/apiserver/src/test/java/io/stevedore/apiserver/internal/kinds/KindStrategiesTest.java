package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class KindStrategiesTest {

    @Test
    void everyTypeHasAStrategyWithConsistentTables() {
        for (ResourceType t : ResourceTypes.all()) {
            KindStrategy s = KindStrategies.forType(t);
            assertThat(s.type()).isEqualTo(t);
            assertThat(KindStrategies.forType(t)).isSameAs(s);
            List<Table.Column> cols = s.columns();
            assertThat(cols).anySatisfy(c -> {
                assertThat(c.name()).isEqualTo("Name");
                assertThat(c.format()).isEqualTo("name");
            });
            ObjectNode obj = Json.obj("{'metadata':{'name':'x','namespace':'default','creationTimestamp':'2026-01-10T11:00:00Z'}}");
            if (!t.namespaced()) {
                obj.withObject("/metadata").remove("namespace");
            }
            assertThat(s.cells(obj, Json.NOW)).as(t.plural()).hasSameSizeAs(cols);
            assertThat(s.selectableFields(obj)).containsEntry("metadata.name", "x");
            assertThat(cols).allSatisfy(c -> assertThat(c.type()).isIn("string", "integer", "date", "boolean", "number"));
            assertThat(cols).allSatisfy(c -> assertThat(c.description()).isNotBlank());
        }
    }

    @Test
    void genericStrategyForOtherTypes() {
        ResourceType widgets = new ResourceType("example.com", "v1", "Widget", "widgets", "widget", true,
                List.of(), List.of(), List.of("status"));
        KindStrategy s = KindStrategies.forType(widgets);
        assertThat(s).isExactlyInstanceOf(BaseStrategy.class);
        assertThat(s.columns()).extracting(Table.Column::name, Table.Column::type)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Name", "string"),
                        org.assertj.core.groups.Tuple.tuple("Created At", "date"));
        ObjectNode w = Json.obj("{'metadata':{'name':'w','namespace':'default','creationTimestamp':'2026-01-10T11:00:00Z'},"
                + "'spec':{'a':1},'status':{'ok':true}}");
        assertThat(s.cells(w, Json.NOW)).containsExactly("w", "2026-01-10T11:00:00Z");
        assertThat(s.validate(w)).isEmpty();
        ObjectNode bad = Json.obj("{'metadata':{'name':'W_1','namespace':'default'}}");
        assertThat(Json.rendered(s.validate(bad))).singleElement().asString().startsWith("metadata.name: Invalid value: \"W_1\"");
        ObjectNode next = w.deepCopy();
        next.withObject("/status").put("ok", false);
        s.prepareForUpdate(next, w);
        assertThat(next.at("/status/ok").asBoolean()).isTrue();
        s.prepareForCreate(w);
        assertThat(w.at("/metadata/generation").isMissingNode()).isTrue();
    }

    @Test
    void selectableFieldNames() {
        assertThat(KindStrategies.selectableFieldNames(ResourceTypes.PODS)).contains("metadata.name", "metadata.namespace",
                "spec.nodeName", "status.phase", "status.podIP");
        assertThat(KindStrategies.selectableFieldNames(ResourceTypes.NODES))
                .containsExactlyInAnyOrder("metadata.name", "spec.unschedulable");
        assertThat(KindStrategies.selectableFieldNames(ResourceTypes.CONFIGMAPS))
                .containsExactlyInAnyOrder("metadata.name", "metadata.namespace");
    }

    @Test
    void duplicateCausesAreReportedOnce() {
        KindStrategy cms = KindStrategies.forType(ResourceTypes.CONFIGMAPS);
        ObjectNode cm = Json.obj("{'metadata':{'name':'c','namespace':'default','labels':{'a':'-x','b':'-x'}}}");
        assertThat(cms.validate(cm)).hasSize(1);
    }

    @Test
    void scalesOfWorkloads() {
        ObjectNode d = WorkloadStrategiesTest.deployment();
        d.withObject("/metadata").put("uid", "u1").put("resourceVersion", "7");
        d.withObject("/spec").put("replicas", 3);
        d.putObject("status").put("replicas", 2);
        ObjectNode scale = Scales.of(ResourceTypes.DEPLOYMENTS, d);
        assertThat(scale.toString()).isEqualTo("{\"kind\":\"Scale\",\"apiVersion\":\"autoscaling/v1\",\"metadata\":{\"name\":"
                + "\"web\",\"namespace\":\"default\",\"uid\":\"u1\",\"resourceVersion\":\"7\",\"creationTimestamp\":"
                + "\"2026-01-10T09:00:00Z\"},\"spec\":{\"replicas\":3},\"status\":{\"replicas\":2,\"selector\":\"app=web\"}}");
        ObjectNode rc = Json.obj("{'metadata':{'name':'rc'},'spec':{'replicas':1,'selector':{'b':'2','a':'1'}}}");
        assertThat(Scales.of(ResourceTypes.REPLICATIONCONTROLLERS, rc).at("/status/selector").asString()).isEqualTo("a=1,b=2");
        assertThat(Scales.applyReplicas(d, Json.obj("{'spec':{'replicas':5}}")).at("/spec/replicas").asLong()).isEqualTo(5);
        assertThat(d.at("/spec/replicas").asLong()).isEqualTo(3);
        assertThat(Scales.supports(ResourceTypes.REPLICASETS)).isTrue();
        assertThat(Scales.supports(ResourceTypes.PODS)).isFalse();
    }
}
