package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.itests.Cluster.Result;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

/**
 * The features repository installs into a stock Apache Karaf 4.4.10: {@code feature:repo-add} then
 * {@code feature:install stevedore-control-plane}, and the API answers.
 */
class StockKarafIT {

    @Test
    void controlPlaneInstallsIntoStockKaraf() throws Exception {
        Path stock = Path.of(System.getProperty("stevedore.stockKaraf"));
        Path home = Path.of(System.getProperty("stevedore.runs", "target/runs")).resolve("stock-" + System.currentTimeMillis());
        Files.createDirectories(home.getParent());
        Cluster.run(List.of("cp", "-a", stock.toString(), home.toString()), Duration.ofSeconds(60)).assertOk();
        Path system = Cluster.distributionHome().resolve("system").toAbsolutePath();
        int ssh = Cluster.freePort();
        int api = Cluster.freePort();
        Path etc = home.resolve("etc");
        Cluster.setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshPort", Integer.toString(ssh));
        Cluster.setProperty(etc.resolve("org.apache.karaf.shell.cfg"), "sshHost", "127.0.0.1");
        Cluster.setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiRegistryPort",
                Integer.toString(Cluster.freePort()));
        Cluster.setProperty(etc.resolve("org.apache.karaf.management.cfg"), "rmiServerPort",
                Integer.toString(Cluster.freePort()));
        // resolve Stevedore's artifacts from the distribution's own repository (nothing is installed in ~/.m2 by verify)
        Cluster.setProperty(etc.resolve("org.ops4j.pax.url.mvn.cfg"), "org.ops4j.pax.url.mvn.defaultRepositories",
                "file:${karaf.home}/${karaf.default.repository}@id=system.repository@snapshots, file:" + system
                        + "@id=stevedore@snapshots");
        Files.writeString(etc.resolve("io.stevedore.apiserver.cfg"), "port = " + api + "\n");
        Files.writeString(etc.resolve("io.stevedore.store.cfg"), "port = " + Cluster.freePort() + "\n");
        Path key = home.resolve("id_rsa");
        Cluster.run(List.of("ssh-keygen", "-q", "-t", "rsa", "-b", "2048", "-N", "", "-f", key.toString()),
                Duration.ofSeconds(30)).assertOk();
        String pub = Files.readString(home.resolve("id_rsa.pub")).trim().split("\\s+")[1];
        Files.writeString(etc.resolve("keys.properties"), "karaf=" + pub + ",_g_:admingroup\n"
                + "_g_\\:admingroup = group,admin,manager,viewer,systembundles,ssh\n");

        Process karaf = new ProcessBuilder(home.resolve("bin/karaf").toString(), "server").directory(home.toFile())
                .redirectErrorStream(true).redirectOutput(home.resolve("karaf.out").toFile()).start();
        try {
            List<String> sshCmd = List.of("ssh", "-q", "-o", "StrictHostKeyChecking=no", "-o",
                    "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-i", key.toString(), "-p",
                    Integer.toString(ssh), "karaf@127.0.0.1");
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofSeconds(1)).until(() ->
                    Cluster.run(concat(sshCmd, "bundle:list -t 0 | head -n 1"), Duration.ofSeconds(30)).exitCode() == 0);
            String version = System.getProperty("stevedore.version");
            Result add = Cluster.run(concat(sshCmd, "feature:repo-add mvn:io.stevedore/stevedore-features/" + version
                    + "/xml/features"), Duration.ofSeconds(120));
            assertThat(add.exitCode()).as(add.out() + add.err()).isZero();
            Result install = Cluster.run(concat(sshCmd, "feature:install stevedore-control-plane"),
                    Duration.ofSeconds(300));
            assertThat(install.exitCode()).as(install.out() + install.err()).isZero();
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            Awaitility.await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(500)).until(() -> {
                try {
                    return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api + "/readyz"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString())
                            .statusCode() == 200;
                } catch (IOException e) {
                    return false;
                }
            });
            HttpResponse<String> ns = client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api
                    + "/api/v1/namespaces/kube-system")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(ns.statusCode()).isEqualTo(200);
            assertThat(Cluster.run(concat(sshCmd, "feature:list -i"), Duration.ofSeconds(60)).out())
                    .contains("stevedore-control-plane");
        } finally {
            karaf.descendants().forEach(ProcessHandle::destroyForcibly);
            karaf.destroyForcibly();
            karaf.waitFor(30, TimeUnit.SECONDS);
        }
    }

    private static List<String> concat(List<String> a, String last) {
        List<String> l = new java.util.ArrayList<>(a);
        l.add(last);
        return l;
    }
}
