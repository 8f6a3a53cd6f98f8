package io.stevedore.apiserver.internal.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.node.ObjectNode;

/** PriorityClasses (built-ins, validation, one global default) and the Priority admission of pods. */
class PriorityAdmissionTest {

    private final MemoryStore store = new MemoryStore();
    private final StoreRegistry registry = new StoreRegistry(store, Clock.systemUTC(), Patchers.create());

    {
        registry.start();
    }

    @AfterEach
    void stop() {
        registry.close();
    }

    private static ObjectNode object(String json) {
        return Json.parseObject(json.getBytes(StandardCharsets.UTF_8));
    }

    private ObjectNode createClass(String name, long value, boolean globalDefault, String extra) {
        return registry.create(ResourceTypes.PRIORITYCLASSES, null, object("{\"apiVersion\":\"scheduling.k8s.io/v1\","
                + "\"kind\":\"PriorityClass\",\"metadata\":{\"name\":\"" + name + "\"},\"value\":" + value
                + ",\"globalDefault\":" + globalDefault + extra + "}"), null, WriteOptions.DEFAULT);
    }

    private ObjectNode createPod(String name, String spec) {
        return registry.create(ResourceTypes.PODS, "default", object("{\"metadata\":{\"name\":\"" + name
                + "\"},\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"busybox\"}]" + spec + "}}"), null,
                WriteOptions.DEFAULT);
    }

    @Test
    void theBuiltInClassesExistFromTheStart() {
        ObjectNode node = registry.get(ResourceTypes.PRIORITYCLASSES, null, "system-node-critical", null);
        ObjectNode cluster = registry.get(ResourceTypes.PRIORITYCLASSES, null, "system-cluster-critical", null);
        assertThat(node.path("value").asLong()).isEqualTo(2_000_001_000L);
        assertThat(cluster.path("value").asLong()).isEqualTo(2_000_000_000L);
        assertThat(cluster.path("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
        assertThat(cluster.path("globalDefault").asBoolean()).isFalse();
        registry.start();
        assertThat(registry.list(ResourceTypes.PRIORITYCLASSES, null, ListOptions.ALL).items()).hasSize(2);
    }

    @Test
    void aPodWithoutAClassGetsPriorityZeroUntilAGlobalDefaultExists() {
        ObjectNode plain = createPod("plain", "");
        assertThat(plain.path("spec").path("priority").asLong(-1)).isZero();
        assertThat(plain.path("spec").path("preemptionPolicy").asString()).isEqualTo("PreemptLowerPriority");
        assertThat(plain.path("spec").has("priorityClassName")).isFalse();

        createClass("low", 10, true, ",\"preemptionPolicy\":\"Never\"");
        ObjectNode defaulted = createPod("defaulted", "");
        assertThat(defaulted.path("spec").path("priorityClassName").asString()).isEqualTo("low");
        assertThat(defaulted.path("spec").path("priority").asLong()).isEqualTo(10);
        assertThat(defaulted.path("spec").path("preemptionPolicy").asString()).isEqualTo("Never");
    }

    @Test
    void aNamedClassSetsThePriorityAndAnUnknownOneIsForbidden() {
        createClass("high", 1000, false, "");
        ObjectNode pod = createPod("p", ",\"priorityClassName\":\"high\"");
        assertThat(pod.path("spec").path("priority").asLong()).isEqualTo(1000);

        ObjectNode critical = createPod("c", ",\"priorityClassName\":\"system-cluster-critical\"");
        assertThat(critical.path("spec").path("priority").asLong()).isEqualTo(2_000_000_000L);

        ApiException e = catchThrowableOfType(ApiException.class,
                () -> createPod("q", ",\"priorityClassName\":\"nope\""));
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("pods \"q\" is forbidden: no PriorityClass with name nope was found");

        ApiException mismatch = catchThrowableOfType(ApiException.class,
                () -> createPod("r", ",\"priorityClassName\":\"high\",\"priority\":5"));
        assertThat(mismatch.code()).isEqualTo(403);
        assertThat(mismatch.getMessage()).contains("the integer value of priority (5) must not be provided in pod spec; "
                + "priority admission controller computed 1000 from the given PriorityClass name");
        assertThat(registry.list(ResourceTypes.PODS, "default", ListOptions.ALL).items()).hasSize(2);
    }

    @Test
    void aClassJustCreatedIsFoundEvenWhenTheCacheLags() {
        createClass("fresh", 7, false, "");
        store.cacheLagging = true;
        assertThat(createPod("p", ",\"priorityClassName\":\"fresh\"").path("spec").path("priority").asLong())
                .isEqualTo(7);
    }

    @Test
    void onlyOneClassMayBeTheGlobalDefault() {
        createClass("a", 1, true, "");
        ApiException e = catchThrowableOfType(ApiException.class, () -> createClass("b", 2, true, ""));
        assertThat(e.code()).isEqualTo(403);
        assertThat(e.getMessage()).isEqualTo("priorityclasses.scheduling.k8s.io \"b\" is forbidden: PriorityClass a "
                + "is already marked as default. Only one default can exist");
        createClass("b", 2, false, "");
        ApiException update = catchThrowableOfType(ApiException.class, () -> registry.patch(
                ResourceTypes.PRIORITYCLASSES, null, "b", PatchType.MERGE,
                "{\"globalDefault\":true}".getBytes(StandardCharsets.UTF_8), null, WriteOptions.DEFAULT));
        assertThat(update.code()).isEqualTo(403);
        assertThat(registry.get(ResourceTypes.PRIORITYCLASSES, null, "b", null).path("globalDefault").asBoolean())
                .isFalse();
        // a default may be re-applied to itself
        registry.patch(ResourceTypes.PRIORITYCLASSES, null, "a", PatchType.MERGE,
                "{\"description\":\"x\"}".getBytes(StandardCharsets.UTF_8), null, WriteOptions.DEFAULT);
    }

    @Test
    void classesAreValidatedAsKubernetesDoes() {
        ApiException big = catchThrowableOfType(ApiException.class, () -> createClass("big", 1_000_000_001L, false, ""));
        assertThat(big.code()).isEqualTo(422);
        assertThat(big.getMessage()).contains("value: Forbidden: maximum allowed value of a user defined priority is "
                + "1000000000");
        ApiException system = catchThrowableOfType(ApiException.class, () -> createClass("system-mine", 5, false, ""));
        assertThat(system.getMessage()).contains("metadata.name: Forbidden: priority class names with 'system-' "
                + "prefix are reserved for system use only. error: system-mine is not a known system priority class");
        ApiException policy = catchThrowableOfType(ApiException.class,
                () -> createClass("p", 5, false, ",\"preemptionPolicy\":\"Sometimes\""));
        assertThat(policy.getMessage()).contains("preemptionPolicy: Unsupported value: \"Sometimes\"");

        createClass("v", 5, false, "");
        ApiException value = catchThrowableOfType(ApiException.class, () -> registry.patch(
                ResourceTypes.PRIORITYCLASSES, null, "v", PatchType.MERGE,
                "{\"value\":6}".getBytes(StandardCharsets.UTF_8), null, WriteOptions.DEFAULT));
        assertThat(value.code()).isEqualTo(422);
        assertThat(value.getMessage()).contains("value: Forbidden: may not be changed in an update.");
        assertThat(registry.get(ResourceTypes.PRIORITYCLASSES, null, "v", null).path("value").asLong()).isEqualTo(5);
    }
}
