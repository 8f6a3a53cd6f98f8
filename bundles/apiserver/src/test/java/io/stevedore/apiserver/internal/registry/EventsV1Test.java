package io.stevedore.apiserver.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/** events.k8s.io/v1: the same events as core/v1, converted both ways, with the newer version's validation. */
class EventsV1Test {

    private static final String V1_EVENT = "{\"apiVersion\":\"events.k8s.io/v1\",\"kind\":\"Event\",\"metadata\":"
            + "{\"name\":\"web.1\",\"namespace\":\"default\"},\"eventTime\":\"2026-12-03T10:00:00.000000Z\","
            + "\"reportingController\":\"default-scheduler\",\"reportingInstance\":\"default-scheduler-host\","
            + "\"action\":\"Binding\",\"reason\":\"Scheduled\",\"type\":\"Normal\",\"note\":\"Successfully assigned\","
            + "\"regarding\":{\"kind\":\"Pod\",\"namespace\":\"default\",\"name\":\"web\",\"apiVersion\":\"v1\"}}";

    private final StoreRegistry registry = new StoreRegistry(new MemoryStore(), Clock.systemUTC(), Patchers.create());

    {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    @Test
    void anEventWrittenInOneVersionReadsInTheOther() {
        ObjectNode created = registry.create(ResourceTypes.EVENTS_V1, "default", obj(V1_EVENT), null, WriteOptions.DEFAULT);
        assertThat(created.path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
        assertThat(created.path("note").asString()).isEqualTo("Successfully assigned");
        assertThat(created.path("regarding").path("name").asString()).isEqualTo("web");
        assertThat(created.path("metadata").path("resourceVersion").asString()).isNotEmpty();

        ObjectNode core = registry.get(ResourceTypes.EVENTS, "default", "web.1", null);
        assertThat(core.path("apiVersion").asString()).isEqualTo("v1");
        assertThat(core.path("message").asString()).isEqualTo("Successfully assigned");
        assertThat(core.path("involvedObject").path("kind").asString()).isEqualTo("Pod");
        assertThat(core.path("reportingComponent").asString()).isEqualTo("default-scheduler");
        assertThat(core.has("note")).isFalse();

        // a legacy event (counts and timestamps) shows them under deprecated* and has a null eventTime
        registry.create(ResourceTypes.EVENTS, "default", obj("{\"metadata\":{\"name\":\"old.1\"},\"involvedObject\":"
                + "{\"kind\":\"Node\",\"name\":\"n1\"},\"reason\":\"NodeReady\",\"message\":\"ready\",\"type\":\"Normal\","
                + "\"source\":{\"component\":\"kubelet\"},\"count\":3,\"firstTimestamp\":\"2026-12-03T09:00:00Z\","
                + "\"lastTimestamp\":\"2026-12-03T09:30:00Z\"}"), null, WriteOptions.DEFAULT);
        JsonNode legacy = registry.get(ResourceTypes.EVENTS_V1, "default", "old.1", null);
        assertThat(legacy.path("deprecatedCount").asLong()).isEqualTo(3);
        assertThat(legacy.path("deprecatedSource").path("component").asString()).isEqualTo("kubelet");
        assertThat(legacy.path("deprecatedLastTimestamp").asString()).isEqualTo("2026-12-03T09:30:00Z");
        assertThat(legacy.get("eventTime").isNull()).isTrue();

        List<ObjectNode> items = registry.list(ResourceTypes.EVENTS_V1, "default", ListOptions.ALL).items();
        assertThat(items).extracting(i -> i.path("apiVersion").asString()).containsOnly("events.k8s.io/v1");
        List<ObjectNode> coreItems = registry.list(ResourceTypes.EVENTS, "default", ListOptions.ALL).items();
        assertThat(registry.table(ResourceTypes.EVENTS_V1, items).rows()).extracting(r -> r.cells())
                .isEqualTo(registry.table(ResourceTypes.EVENTS, coreItems).rows().stream().map(r -> r.cells()).toList());
    }

    @Test
    void fieldSelectorsUseThisVersionsLabels() {
        registry.create(ResourceTypes.EVENTS_V1, "default", obj(V1_EVENT), null, WriteOptions.DEFAULT);
        assertThat(registry.list(ResourceTypes.EVENTS_V1, "default", ListOptions.ALL.withFieldSelector(
                "regarding.name=web,reportingController=default-scheduler")).items()).hasSize(1);
        assertThat(registry.list(ResourceTypes.EVENTS_V1, "default", ListOptions.ALL.withFieldSelector(
                "regarding.name=other")).items()).isEmpty();
        assertThatThrownBy(() -> registry.list(ResourceTypes.EVENTS_V1, "default", ListOptions.ALL
                .withFieldSelector("involvedObject.name=web"))).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("field label not supported: involvedObject.name");
                });
    }

    @Test
    void thisVersionValidatesStrictlyAndNamesItselfInErrors() {
        String noTime = V1_EVENT.replace("\"eventTime\":\"2026-12-03T10:00:00.000000Z\",", "")
                .replace("\"type\":\"Normal\"", "\"type\":\"Info\"").replace("\"action\":\"Binding\",", "")
                .replace("\"name\":\"web.1\"", "\"name\":\"x\",\"labels\":{}") + "";
        assertThatThrownBy(() -> registry.create(ResourceTypes.EVENTS_V1, "default", obj(noTime.replace("}}",
                "},\"deprecatedCount\":2}")), null, WriteOptions.DEFAULT)).isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(422);
                    assertThat(e.getMessage()).isEqualTo("Event.events.k8s.io \"x\" is invalid: [eventTime: Required "
                            + "value, type: Invalid value: \"\": has invalid value: Info, count: Invalid value: \"\": "
                            + "needs to be unset]");
                });
        // with an eventTime the rules every version has apply: an action is needed
        assertThatThrownBy(() -> registry.create(ResourceTypes.EVENTS_V1, "default", obj(V1_EVENT.replace(
                "\"action\":\"Binding\",", "")), null, WriteOptions.DEFAULT)).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.getMessage()).isEqualTo("Event.events.k8s.io \"web.1\" is invalid: action: Required value"));
        // a PUT that creates is a create: the same rules
        assertThatThrownBy(() -> registry.update(ResourceTypes.EVENTS_V1, "default", "fresh", obj(V1_EVENT
                .replace("\"name\":\"web.1\"", "\"name\":\"fresh\"").replace("\"type\":\"Normal\"",
                        "\"type\":\"Info\"")), null, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Event.events.k8s.io \"fresh\" is invalid: type: Invalid value: \"\": has invalid value: Info"));
        assertThatThrownBy(() -> registry.get(ResourceTypes.EVENTS_V1, "default", "nope", null))
                .isInstanceOfSatisfying(ApiException.class,
                        e -> assertThat(e.getMessage()).isEqualTo("events.events.k8s.io \"nope\" not found"));
        assertThat(registry.list(ResourceTypes.EVENTS, "default", ListOptions.ALL).items()).isEmpty();
    }

    @Test
    void updatesKeepTheReportedFactsAndPatchesSpeakThisVersion() {
        registry.create(ResourceTypes.EVENTS_V1, "default", obj(V1_EVENT), null, WriteOptions.DEFAULT);
        ObjectNode series = registry.patch(ResourceTypes.EVENTS_V1, "default", "web.1", PatchType.MERGE,
                "{\"series\":{\"count\":2,\"lastObservedTime\":\"2026-12-03T10:05:00.000000Z\"}}"
                        .getBytes(StandardCharsets.UTF_8), null, WriteOptions.DEFAULT).object();
        assertThat(series.path("series").path("count").asInt()).isEqualTo(2);
        assertThat(registry.get(ResourceTypes.EVENTS, "default", "web.1", null).path("series").path("count").asInt())
                .isEqualTo(2);
        assertThatThrownBy(() -> registry.patch(ResourceTypes.EVENTS_V1, "default", "web.1", PatchType.MERGE,
                "{\"note\":\"rewritten\"}".getBytes(StandardCharsets.UTF_8), null, WriteOptions.DEFAULT))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getMessage()).isEqualTo(
                        "Event.events.k8s.io \"web.1\" is invalid: message: Invalid value: \"rewritten\": field is immutable"));
        ObjectNode current = registry.get(ResourceTypes.EVENTS_V1, "default", "web.1", null);
        current.withObject("metadata").withObject("labels").put("seen", "yes");
        assertThat(registry.update(ResourceTypes.EVENTS_V1, "default", "web.1", current, null, WriteOptions.DEFAULT)
                .object().path("metadata").path("labels").path("seen").asString()).isEqualTo("yes");
        assertThat(registry.delete(ResourceTypes.EVENTS_V1, "default", "web.1", DeleteOptions.DEFAULT).removed()).isTrue();
        assertThat(registry.list(ResourceTypes.EVENTS, "default", ListOptions.ALL).items()).isEmpty();
    }

    @Test
    void watchesSeeCoreWritesInThisVersionsShape() throws Exception {
        List<WatchEvent> seen = new CopyOnWriteArrayList<>();
        try (AutoCloseable w = registry.watch(ResourceTypes.EVENTS_V1, "default", ListOptions.ALL, seen::add)) {
            registry.create(ResourceTypes.EVENTS, "default", obj("{\"metadata\":{\"name\":\"w.1\"},\"involvedObject\":"
                    + "{\"kind\":\"Pod\",\"name\":\"w\",\"namespace\":\"default\"},\"reason\":\"Pulled\",\"message\":"
                    + "\"done\",\"type\":\"Normal\"}"), null, WriteOptions.DEFAULT);
            Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> seen.stream()
                    .anyMatch(e -> "ADDED".equals(e.type())));
        }
        WatchEvent added = seen.stream().filter(e -> "ADDED".equals(e.type())).findFirst().orElseThrow();
        assertThat(added.object().path("apiVersion").asString()).isEqualTo("events.k8s.io/v1");
        assertThat(added.object().path("note").asString()).isEqualTo("done");
        assertThat(added.object().path("regarding").path("name").asString()).isEqualTo("w");
    }

    private static ObjectNode obj(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }
}
