package io.stevedore.shell.command;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.registry.Patchers;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import io.stevedore.shell.internal.CommandError;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** kube:scale, kube:rollout, kube:cordon/uncordon/drain and kube:taint against the real registry. */
class WorkloadCommandsTest {

    private final StoreRegistry registry = new StoreRegistry(new MemoryStore(), Clock.systemUTC(), Patchers.create());

    {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private ObjectNode create(io.stevedore.api.ResourceType type, String ns, String json) {
        return registry.create(type, ns, Json.parseObject(json.getBytes(StandardCharsets.UTF_8)), null,
                WriteOptions.DEFAULT);
    }

    private void patch(io.stevedore.api.ResourceType type, String ns, String name, String json, String sub) {
        registry.patch(type, ns, name, PatchType.MERGE, json.getBytes(StandardCharsets.UTF_8), sub,
                WriteOptions.DEFAULT);
    }

    private ObjectNode get(io.stevedore.api.ResourceType type, String ns, String name) {
        return registry.get(type, ns, name, null);
    }

    private ObjectNode deployment() {
        return create(ResourceTypes.DEPLOYMENTS, "default", "{\"metadata\":{\"name\":\"web\"},\"spec\":{\"replicas\":2,"
                + "\"selector\":{\"matchLabels\":{\"app\":\"web\"}},\"template\":{\"metadata\":{\"labels\":"
                + "{\"app\":\"web\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx:1\"}]}}}}");
    }

    /** A ReplicaSet as the deployment controller makes it, for history and undo. */
    private void replicaSet(ObjectNode d, String hash, String image, int revision, String cause) {
        create(ResourceTypes.REPLICASETS, "default", "{\"metadata\":{\"name\":\"web-" + hash + "\",\"annotations\":{"
                + "\"deployment.kubernetes.io/revision\":\"" + revision + "\",\"kubernetes.io/change-cause\":\"" + cause
                + "\"},\"ownerReferences\":[{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"name\":\"web\","
                + "\"uid\":\"" + d.path("metadata").path("uid").asString() + "\",\"controller\":true}]},"
                + "\"spec\":{\"replicas\":0,\"selector\":{\"matchLabels\":{\"app\":\"web\",\"pod-template-hash\":\""
                + hash + "\"}},\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\",\"pod-template-hash\":\""
                + hash + "\"}},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"" + image + "\"}]}}}}");
    }

    private <C extends ResourceCommand> C wired(C c) {
        c.registry = registry;
        return c;
    }

    private RolloutCommand rollout(String sub, String resource, String... more) {
        RolloutCommand c = wired(new RolloutCommand());
        c.subcommand = sub;
        c.resource = resource;
        c.more = more.length == 0 ? null : List.of(more);
        c.pollInterval = Duration.ofMillis(20);
        return c;
    }

    @Test
    void scaleWritesTheScaleSubresourceAndHonoursCurrentReplicas() throws Exception {
        deployment();
        ScaleCommand c = wired(new ScaleCommand());
        c.kind = "deploy/web";
        c.replicas = 5;
        assertThat(Outputs.capture(c::execute)).isEqualTo("deployment.apps/web scaled\n");
        assertThat(get(ResourceTypes.DEPLOYMENTS, "default", "web").path("spec").path("replicas").asInt()).isEqualTo(5);
        ScaleCommand guarded = wired(new ScaleCommand());
        guarded.kind = "deployment";
        guarded.names = List.of("web");
        guarded.replicas = 1;
        guarded.currentReplicas = 3;
        assertThatThrownBy(() -> Outputs.capture(guarded::execute)).hasMessage("error: Expected replicas to be 3, was 5");
        ScaleCommand pods = wired(new ScaleCommand());
        pods.kind = "pods/x";
        pods.replicas = 1;
        assertThatThrownBy(() -> Outputs.capture(pods::execute)).hasMessage("error: cannot scale pod");
    }

    @Test
    void rolloutStatusReportsAsKubectlDoesUntilTheRolloutIsDone() throws Exception {
        deployment();
        RolloutCommand once = rollout("status", "deployment/web");
        once.watch = "false";
        assertThat(Outputs.capture(once::execute)).isEqualTo("Waiting for deployment spec update to be observed...\n");
        patch(ResourceTypes.DEPLOYMENTS, "default", "web", "{\"status\":{\"observedGeneration\":1,\"replicas\":2,"
                + "\"updatedReplicas\":2,\"availableReplicas\":1}}", "status");
        once = rollout("status", "deploy", "web");
        once.watch = "false";
        assertThat(Outputs.capture(once::execute)).isEqualTo(
                "Waiting for deployment \"web\" rollout to finish: 1 of 2 updated replicas are available...\n");
        patch(ResourceTypes.DEPLOYMENTS, "default", "web", "{\"status\":{\"availableReplicas\":2}}", "status");
        assertThat(Outputs.capture(rollout("status", "deploy/web")::execute))
                .isEqualTo("deployment \"web\" successfully rolled out\n");
        patch(ResourceTypes.DEPLOYMENTS, "default", "web", "{\"status\":{\"availableReplicas\":0}}", "status");
        RolloutCommand bounded = rollout("status", "deploy/web");
        bounded.timeout = "200ms";
        assertThatThrownBy(() -> Outputs.capture(bounded::execute)).hasMessage("error: timed out waiting for the condition");
    }

    @Test
    void historyAndUndoFollowTheDeploymentsReplicaSets() throws Exception {
        ObjectNode d = deployment();
        replicaSet(d, "aaa", "nginx:0", 1, "first");
        replicaSet(d, "bbb", "nginx:1", 2, "second");
        assertThat(Outputs.capture(rollout("history", "deploy/web")::execute)).isEqualTo("""
                deployment.apps/web\s
                REVISION  CHANGE-CAUSE
                1         first
                2         second

                """);
        assertThat(Outputs.capture(rollout("undo", "deploy/web")::execute)).isEqualTo("deployment.apps/web rolled back\n");
        ObjectNode after = get(ResourceTypes.DEPLOYMENTS, "default", "web");
        assertThat(after.at("/spec/template/spec/containers/0/image").asString()).isEqualTo("nginx:0");
        assertThat(after.at("/spec/template/metadata/labels").has("pod-template-hash")).isFalse();
        assertThat(after.at("/metadata/annotations/kubernetes.io~1change-cause").asString()).isEqualTo("first");
        RolloutCommand to = rollout("undo", "deploy/web");
        to.toRevision = 7;
        assertThatThrownBy(() -> Outputs.capture(to::execute))
                .hasMessage("error: unable to find specified revision 7 in history");
    }

    @Test
    void pauseResumeAndRestartPatchTheDeployment() throws Exception {
        deployment();
        assertThat(Outputs.capture(rollout("pause", "deploy/web")::execute)).isEqualTo("deployment.apps/web paused\n");
        assertThat(get(ResourceTypes.DEPLOYMENTS, "default", "web").at("/spec/paused").asBoolean()).isTrue();
        assertThatThrownBy(() -> Outputs.capture(rollout("pause", "deploy/web")::execute))
                .hasMessage("error: deployments.apps \"web\" is already paused");
        assertThatThrownBy(() -> Outputs.capture(rollout("undo", "deploy/web")::execute))
                .isInstanceOf(CommandError.class).hasMessageContaining("cannot rollback a paused deployment");
        assertThat(Outputs.capture(rollout("resume", "deploy/web")::execute)).isEqualTo("deployment.apps/web resumed\n");
        assertThat(Outputs.capture(rollout("restart", "deploy/web")::execute)).isEqualTo("deployment.apps/web restarted\n");
        assertThat(get(ResourceTypes.DEPLOYMENTS, "default", "web")
                .at("/spec/template/metadata/annotations/kubectl.kubernetes.io~1restartedAt").asString()).isNotEmpty();
        assertThatThrownBy(() -> Outputs.capture(rollout("status", "pods/x")::execute))
                .hasMessage("error: no status has been implemented for Pod");
    }

    @Test
    void cordonUncordonAndTaint() throws Exception {
        create(ResourceTypes.NODES, null, "{\"metadata\":{\"name\":\"n1\"}}");
        CordonCommand cordon = wired(new CordonCommand());
        cordon.nodes = List.of("n1");
        assertThat(Outputs.capture(cordon::execute)).isEqualTo("node/n1 cordoned\n");
        assertThat(Outputs.capture(cordon::execute)).isEqualTo("node/n1 already cordoned\n");
        UncordonCommand uncordon = wired(new UncordonCommand());
        uncordon.nodes = List.of("n1");
        assertThat(Outputs.capture(uncordon::execute)).isEqualTo("node/n1 uncordoned\n");
        assertThat(get(ResourceTypes.NODES, null, "n1").at("/spec/unschedulable").isMissingNode()).isTrue();

        TaintCommand taint = wired(new TaintCommand());
        taint.kind = "nodes";
        taint.args = List.of("n1", "dedicated=gpu:NoSchedule");
        assertThat(Outputs.capture(taint::execute)).isEqualTo("node/n1 tainted\n");
        assertThat(get(ResourceTypes.NODES, null, "n1").at("/spec/taints/0").toString())
                .isEqualTo("{\"key\":\"dedicated\",\"value\":\"gpu\",\"effect\":\"NoSchedule\"}");
        TaintCommand again = wired(new TaintCommand());
        again.kind = "node/n1";
        again.args = List.of("dedicated=cpu:NoSchedule");
        assertThatThrownBy(() -> Outputs.capture(again::execute)).hasMessage(
                "error: node n1 already has dedicated taint(s) with same effect(s) and --overwrite is false");
        TaintCommand remove = wired(new TaintCommand());
        remove.kind = "nodes";
        remove.args = List.of("n1", "dedicated:NoSchedule-");
        assertThat(Outputs.capture(remove::execute)).isEqualTo("node/n1 untainted\n");
        TaintCommand bad = wired(new TaintCommand());
        bad.kind = "nodes";
        bad.args = List.of("n1", "k=v:Sometimes");
        assertThatThrownBy(() -> Outputs.capture(bad::execute))
                .hasMessage("error: invalid taint effect: Sometimes, unsupported taint effect");
    }

    @Test
    void drainCordonsDeletesManagedPodsAndRefusesUnmanagedOnesWithoutForce() throws Exception {
        create(ResourceTypes.NODES, null, "{\"metadata\":{\"name\":\"n1\"}}");
        create(ResourceTypes.PODS, "default", "{\"metadata\":{\"name\":\"managed\",\"ownerReferences\":[{\"apiVersion\":"
                + "\"apps/v1\",\"kind\":\"ReplicaSet\",\"name\":\"rs\",\"uid\":\"u1\",\"controller\":true}]},"
                + "\"spec\":{\"nodeName\":\"n1\",\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        create(ResourceTypes.PODS, "default", "{\"metadata\":{\"name\":\"bare\"},\"spec\":{\"nodeName\":\"n1\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        create(ResourceTypes.PODS, "default", "{\"metadata\":{\"name\":\"elsewhere\"},\"spec\":{\"nodeName\":\"n2\","
                + "\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]}}");
        DrainCommand refused = wired(new DrainCommand());
        refused.node = "n1";
        assertThatThrownBy(() -> Outputs.capture(refused::execute)).hasMessageContaining(
                "cannot delete Pods that declare no controller (use --force to override): default/bare");
        assertThat(get(ResourceTypes.NODES, null, "n1").at("/spec/unschedulable").asBoolean()).isTrue();
        DrainCommand forced = wired(new DrainCommand());
        forced.node = "n1";
        forced.flags = List.of("--force", "--grace-period", "0");
        forced.pollInterval = Duration.ofMillis(20);
        String out = Outputs.capture(forced::execute);
        assertThat(out).startsWith("node/n1 already cordoned\n").contains("evicting pod default/managed\n",
                "evicting pod default/bare\n", "pod/managed evicted\n", "pod/bare evicted\n").endsWith("node/n1 drained\n");
        assertThat(get(ResourceTypes.PODS, "default", "elsewhere")).isNotNull();
    }
}
