package io.stevedore.itests;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** kill -9 of a single-node cluster under writes loses no acknowledged write, and revisions keep increasing. */
class CrashIT {

    private static final Pattern RV = Pattern.compile("\"resourceVersion\":\"(\\d+)\"");

    @Test
    void acknowledgedWritesSurviveKill9() throws Exception {
        Map<String, Long> acknowledged = new ConcurrentHashMap<>();
        try (Cluster cluster = Cluster.start("crash")) {
            HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(2)).build();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch enough = new CountDownLatch(200);
            ExecutorService writers = Executors.newFixedThreadPool(4);
            for (int w = 0; w < 4; w++) {
                int writer = w;
                writers.execute(() -> {
                    for (int i = 0; i < 100_000 && !stop.get(); i++) {
                        String name = "w" + writer + "-" + i;
                        String body = "{\"metadata\":{\"name\":\"" + name + "\"},\"data\":{\"v\":\"" + "x".repeat(512)
                                + "\"}}";
                        try {
                            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(cluster.url()
                                            + "/api/v1/namespaces/default/configmaps")).timeout(Duration.ofSeconds(5))
                                    .header("Content-Type", "application/json")
                                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                                    HttpResponse.BodyHandlers.ofString());
                            if (r.statusCode() == 201) {
                                Matcher m = RV.matcher(r.body());
                                assertThat(m.find()).isTrue();
                                acknowledged.put(name, Long.parseLong(m.group(1)));
                                enough.countDown();
                            }
                        } catch (Exception e) {
                            return; // the server died under us: stop this writer
                        }
                    }
                });
            }
            assertThat(enough.await(60, TimeUnit.SECONDS)).as("200 writes acknowledged").isTrue();
            cluster.kill();
            stop.set(true);
            writers.shutdown();
            assertThat(writers.awaitTermination(30, TimeUnit.SECONDS)).isTrue();

            cluster.launch();
            long maxAcked = acknowledged.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            for (Map.Entry<String, Long> e : acknowledged.entrySet()) {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(cluster.url()
                        + "/api/v1/namespaces/default/configmaps/" + e.getKey())).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(r.statusCode()).as("acknowledged %s (rv %s) after restart", e.getKey(), e.getValue())
                        .isEqualTo(200);
            }
            HttpResponse<String> after = client.send(HttpRequest.newBuilder(URI.create(cluster.url()
                            + "/api/v1/namespaces/default/configmaps")).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"metadata\":{\"name\":\"after-restart\"}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(after.statusCode()).isEqualTo(201);
            Matcher m = RV.matcher(after.body());
            assertThat(m.find()).isTrue();
            assertThat(Long.parseLong(m.group(1))).isGreaterThan(maxAcked);
        }
    }
}
