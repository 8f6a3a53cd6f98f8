package io.stevedore.apiserver.internal.kinds;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.Table;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

class WorkloadStrategiesTest {

    private final KindStrategy deployments = KindStrategies.forType(ResourceTypes.DEPLOYMENTS);
    private final KindStrategy replicaSets = KindStrategies.forType(ResourceTypes.REPLICASETS);
    private final KindStrategy rcs = KindStrategies.forType(ResourceTypes.REPLICATIONCONTROLLERS);

    static ObjectNode deployment() {
        return Json.obj("{'metadata':{'name':'web','namespace':'default','creationTimestamp':'2026-01-10T09:00:00Z'},"
                + "'spec':{'selector':{'matchLabels':{'app':'web'}},'template':{'metadata':{'labels':{'app':'web'}},"
                + "'spec':{'containers':[{'name':'nginx','image':'nginx:1.27'},{'name':'side','image':'busybox'}]}}}}");
    }

    private List<String> errors(KindStrategy s, ObjectNode o) {
        s.applyDefaults(o);
        return Json.rendered(s.validate(o));
    }

    @Test
    void deploymentDefaults() {
        ObjectNode d = deployment();
        deployments.applyDefaults(d);
        assertThat(d.at("/spec/replicas").asLong()).isEqualTo(1);
        assertThat(d.at("/spec/strategy/type").asString()).isEqualTo("RollingUpdate");
        assertThat(d.at("/spec/strategy/rollingUpdate/maxUnavailable").asString()).isEqualTo("25%");
        assertThat(d.at("/spec/strategy/rollingUpdate/maxSurge").asString()).isEqualTo("25%");
        assertThat(d.at("/spec/revisionHistoryLimit").asLong()).isEqualTo(10);
        assertThat(d.at("/spec/progressDeadlineSeconds").asLong()).isEqualTo(600);
        assertThat(d.at("/spec/template/spec/restartPolicy").asString()).isEqualTo("Always");
        assertThat(d.at("/spec/template/spec/containers/0/imagePullPolicy").asString()).isEqualTo("IfNotPresent");
        assertThat(d.at("/spec/template/spec/enableServiceLinks").isMissingNode()).isTrue();
    }

    @Test
    void validDeploymentPasses() {
        assertThat(errors(deployments, deployment())).isEmpty();
    }

    @Test
    void deploymentSelectorRules() {
        ObjectNode noSel = deployment();
        noSel.withObject("/spec").remove("selector");
        assertThat(errors(deployments, noSel)).containsExactly("spec.selector: Required value");
        ObjectNode mismatch = deployment();
        mismatch.withObject("/spec/template/metadata/labels").put("app", "db");
        assertThat(errors(deployments, mismatch)).containsExactly("spec.template.metadata.labels: Invalid value: "
                + "{\"app\":\"db\"}: `selector` does not match template `labels`");
        ObjectNode empty = deployment();
        empty.withObject("/spec").putObject("selector");
        assertThat(errors(deployments, empty)).containsExactly(
                "spec.selector: Invalid value: {}: empty selector is invalid for deployment");
    }

    @Test
    void deploymentReplicasStrategyTemplate() {
        ObjectNode d = deployment();
        d.withObject("/spec").put("replicas", -1);
        d.withObject("/spec/strategy/rollingUpdate").put("maxSurge", 0).put("maxUnavailable", 0);
        d.withObject("/spec/template/spec").put("restartPolicy", "Never");
        ((ObjectNode) d.withObject("/spec/template/spec").withArray("containers").get(1)).remove("image");
        assertThat(errors(deployments, d)).containsExactly(
                "spec.replicas: Invalid value: -1: must be greater than or equal to 0",
                "spec.template.spec.containers[1].image: Required value",
                "spec.template.spec.restartPolicy: Unsupported value: \"Never\": supported values: \"Always\"",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: 0: may not be 0 when `maxSurge` is 0");
    }

    @Test
    void deploymentStrategyValues() {
        ObjectNode d = deployment();
        d.withObject("/spec").putObject("strategy").put("type", "Canary");
        assertThat(errors(deployments, d)).containsExactly(
                "spec.strategy: Unsupported value: {\"Type\":\"Canary\",\"RollingUpdate\":null}: supported values: "
                        + "\"Recreate\", \"RollingUpdate\"");
        ObjectNode r = deployment();
        r.withObject("/spec").putObject("strategy").put("type", "Recreate").putObject("rollingUpdate");
        assertThat(errors(deployments, r)).containsExactly(
                "spec.strategy.rollingUpdate: Forbidden: may not be specified when strategy `type` is 'Recreate'");
        ObjectNode pct = deployment();
        pct.withObject("/spec/strategy/rollingUpdate").put("maxUnavailable", "150%").put("maxSurge", "x");
        assertThat(errors(deployments, pct)).containsExactly(
                "spec.strategy.rollingUpdate.maxSurge: Invalid value: \"x\": must be an integer or percentage (e.g '5%')",
                "spec.strategy.rollingUpdate.maxUnavailable: Invalid value: \"150%\": must not be greater than 100%");
    }

    @Test
    void deploymentSelectorImmutable() {
        ObjectNode old = deployment();
        deployments.applyDefaults(old);
        ObjectNode next = old.deepCopy();
        next.withObject("/spec/selector/matchLabels").put("app", "web2");
        next.withObject("/spec/template/metadata/labels").put("app", "web2");
        assertThat(Json.rendered(deployments.validateUpdate(next, old))).containsExactly(
                "spec.selector: Invalid value: {\"matchLabels\":{\"app\":\"web2\"}}: field is immutable");
    }

    @Test
    void deploymentGenerationAndStatus() {
        ObjectNode d = deployment();
        deployments.applyDefaults(d);
        d.putObject("status").put("replicas", 5);
        deployments.prepareForCreate(d);
        assertThat(d.at("/metadata/generation").asLong()).isEqualTo(1);
        assertThat(d.get("status").isEmpty()).isTrue();
        d.withObject("/status").put("readyReplicas", 1);
        ObjectNode scaled = d.deepCopy();
        scaled.withObject("/spec").put("replicas", 3);
        scaled.withObject("/status").put("readyReplicas", 9);
        deployments.prepareForUpdate(scaled, d);
        assertThat(scaled.at("/metadata/generation").asLong()).isEqualTo(2);
        assertThat(scaled.at("/status/readyReplicas").asLong()).isEqualTo(1);
        ObjectNode labelsOnly = scaled.deepCopy();
        labelsOnly.withObject("/metadata").putObject("labels").put("x", "y");
        deployments.prepareForUpdate(labelsOnly, scaled);
        assertThat(labelsOnly.at("/metadata/generation").asLong()).isEqualTo(2);
        ObjectNode annotated = scaled.deepCopy();
        annotated.withObject("/metadata").putObject("annotations").put("x", "y");
        deployments.prepareForUpdate(annotated, scaled);
        assertThat(annotated.at("/metadata/generation").asLong()).isEqualTo(3);
    }

    @Test
    void deploymentPrinter() {
        assertThat(deployments.columns()).extracting(Table.Column::name).containsExactly("Name", "Ready", "Up-to-date",
                "Available", "Age", "Containers", "Images", "Selector");
        ObjectNode d = deployment();
        deployments.applyDefaults(d);
        d.withObject("/spec").put("replicas", 3);
        d.set("status", Json.obj("{'readyReplicas':2,'updatedReplicas':3,'availableReplicas':2}"));
        assertThat(deployments.cells(d, Json.NOW)).containsExactly("web", "2/3", 3L, 2L, "3h", "nginx,side",
                "nginx:1.27,busybox", "app=web");
    }

    @Test
    void replicaSetRulesAndPrinter() {
        ObjectNode rs = deployment();
        assertThat(errors(replicaSets, rs)).isEmpty();
        assertThat(rs.at("/spec/replicas").asLong()).isEqualTo(1);
        ObjectNode bad = deployment();
        bad.withObject("/spec/template/spec").put("activeDeadlineSeconds", 5);
        assertThat(errors(replicaSets, bad)).containsExactly(
                "spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported");
        replicaSets.prepareForCreate(rs);
        assertThat(rs.get("status").toString()).isEqualTo("{\"replicas\":0}");
        rs.withObject("/status").put("replicas", 2).put("readyReplicas", 1);
        assertThat(replicaSets.cells(rs, Json.NOW)).containsExactly("web", 1L, 2L, 1L, "3h", "nginx,side",
                "nginx:1.27,busybox", "app=web");
        assertThat(replicaSets.columns()).extracting(Table.Column::type)
                .containsExactly("string", "integer", "integer", "integer", "string", "string", "string", "string");
        assertThat(replicaSets.selectableFields(rs)).containsEntry("status.replicas", "2");
    }

    @Test
    void replicationControllerDefaultsSelectorFromTemplate() {
        ObjectNode rc = Json.obj("{'metadata':{'name':'rc','namespace':'default'},'spec':{'template':{'metadata':"
                + "{'labels':{'app':'rc'}},'spec':{'containers':[{'name':'c','image':'busybox'}]}}}}");
        assertThat(errors(rcs, rc)).isEmpty();
        assertThat(rc.at("/spec/selector/app").asString()).isEqualTo("rc");
        assertThat(rc.at("/metadata/labels/app").asString()).isEqualTo("rc");
        assertThat(rc.at("/spec/replicas").asLong()).isEqualTo(1);
        assertThat(rcs.cells(rc, Json.NOW).get(7)).isEqualTo("app=rc");
        ObjectNode noTemplate = Json.obj("{'metadata':{'name':'rc','namespace':'default'},'spec':{}}");
        assertThat(errors(rcs, noTemplate)).containsExactly("spec.selector: Required value", "spec.template: Required value");
        ObjectNode mismatch = rc.deepCopy();
        mismatch.withObject("/spec/selector").put("app", "other");
        assertThat(errors(rcs, mismatch)).containsExactly("spec.template.metadata.labels: Invalid value: "
                + "{\"app\":\"rc\"}: `selector` does not match template `labels`");
    }
}
