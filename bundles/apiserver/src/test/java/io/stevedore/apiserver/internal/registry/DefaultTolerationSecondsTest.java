package io.stevedore.apiserver.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** The DefaultTolerationSeconds admission of new pods. */
class DefaultTolerationSecondsTest {

    private final StoreRegistry registry = new StoreRegistry(new MemoryStore(), Clock.systemUTC(), Patchers.create());

    {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private JsonNode create(String name, String tolerations) {
        return registry.create(ResourceTypes.PODS, "default", Json.parseObject(("{\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]" + tolerations + "}}")
                .getBytes(StandardCharsets.UTF_8)), null, WriteOptions.DEFAULT).path("spec").path("tolerations");
    }

    @Test
    void aPodGetsFiveMinutesOnANotReadyOrUnreachableNode() {
        JsonNode t = create("a", "");
        assertThat(t.toString()).isEqualTo("[{\"key\":\"node.kubernetes.io/not-ready\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":300},{\"key\":\"node.kubernetes.io/unreachable\","
                + "\"operator\":\"Exists\",\"effect\":\"NoExecute\",\"tolerationSeconds\":300}]");
    }

    @Test
    void tolerationsThePodAlreadyHasAreKept() {
        JsonNode t = create("b", ",\"tolerations\":[{\"key\":\"node.kubernetes.io/unreachable\",\"operator\":\"Exists\","
                + "\"effect\":\"NoExecute\",\"tolerationSeconds\":10}]");
        assertThat(t).hasSize(2);
        assertThat(t.get(0).path("tolerationSeconds").asLong()).isEqualTo(10);
        assertThat(t.get(1).path("key").asString()).isEqualTo("node.kubernetes.io/not-ready");
        assertThat(create("c", ",\"tolerations\":[{\"operator\":\"Exists\"}]")).hasSize(1);
    }
}
