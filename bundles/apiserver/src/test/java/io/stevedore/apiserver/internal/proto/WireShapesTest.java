package io.stevedore.apiserver.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.util.Arrays;

import org.junit.jupiter.api.Test;

import com.google.protobuf.ByteString;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.kubernetes.client.proto.V1Authorization;
import io.kubernetes.client.proto.V1Networking;
import io.kubernetes.client.proto.V1Policy;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/** The special wire shapes, each checked against the generated client-java-proto classes. */
class WireShapesTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ProtobufCodec CODEC = new ProtobufCodec();

    private static ObjectNode json(String text) {
        return (ObjectNode) MAPPER.readTree(text);
    }

    private static ByteString raw(ObjectNode object) throws IOException {
        byte[] body = CODEC.encode(object);
        return Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, 4, body.length)).getRaw();
    }

    @Test
    void timeIsSecondsPrecisionUtc() throws IOException {
        ObjectNode cm = json("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\","
                + "\"creationTimestamp\":\"2024-01-02T03:04:05.5+01:00\"}}");

        V1.ConfigMap wire = V1.ConfigMap.parseFrom(raw(cm));

        assertThat(wire.getMetadata().getCreationTimestamp().getSeconds()).isEqualTo(1704161045L);
        assertThat(CODEC.decode(CODEC.encode(cm)).at("/metadata/creationTimestamp").asString())
                .isEqualTo("2024-01-02T02:04:05Z");
    }

    @Test
    void verbsAreAStringArray() throws IOException {
        ObjectNode list = json("{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"v1\",\"resources\":["
                + "{\"name\":\"pods\",\"singularName\":\"pod\",\"namespaced\":true,\"kind\":\"Pod\","
                + "\"verbs\":[\"get\",\"list\"],\"shortNames\":[\"po\"]},"
                + "{\"name\":\"nodes\",\"singularName\":\"node\",\"namespaced\":false,\"kind\":\"Node\",\"verbs\":[]}]}");

        Meta.APIResourceList wire = Meta.APIResourceList.parseFrom(raw(list));

        assertThat(wire.getResources(0).getVerbs().getItemsList()).containsExactly("get", "list");
        assertThat(wire.getResources(1).getNamespaced()).isFalse();
        assertThat(CODEC.decode(CODEC.encode(list))).isEqualTo(list);
    }

    @Test
    void extraValuesAreStringArrays() throws IOException {
        ObjectNode review = json("{\"kind\":\"SubjectAccessReview\",\"apiVersion\":\"authorization.k8s.io/v1\","
                + "\"metadata\":{},\"spec\":{\"user\":\"alice\",\"groups\":[\"dev\"],\"extra\":{\"scopes\":[\"a\",\"b\"]},"
                + "\"nonResourceAttributes\":{\"path\":\"/healthz\",\"verb\":\"get\"}},\"status\":{\"allowed\":true}}");

        V1Authorization.SubjectAccessReview wire = V1Authorization.SubjectAccessReview.parseFrom(raw(review));

        assertThat(wire.getSpec().getExtraMap().get("scopes").getItemsList()).containsExactly("a", "b");
        assertThat(CODEC.decode(CODEC.encode(review))).isEqualTo(review);
    }

    @Test
    void mapsOfTimesAndRenamedFields() throws IOException {
        ObjectNode pdb = json("{\"kind\":\"PodDisruptionBudget\",\"apiVersion\":\"policy/v1\",\"metadata\":{\"name\":\"p\"},"
                + "\"spec\":{\"minAvailable\":0},\"status\":{\"disruptedPods\":{\"web-0\":\"2024-01-02T03:04:05Z\"},"
                + "\"disruptionsAllowed\":0,\"currentHealthy\":0,\"desiredHealthy\":0,\"expectedPods\":0}}");
        V1Policy.PodDisruptionBudget wirePdb = V1Policy.PodDisruptionBudget.parseFrom(raw(pdb));
        assertThat(wirePdb.getStatus().getDisruptedPodsMap().get("web-0").getSeconds()).isEqualTo(1704164645L);
        assertThat(wirePdb.getSpec().getMinAvailable().hasIntVal()).isTrue();
        assertThat(CODEC.decode(CODEC.encode(pdb))).isEqualTo(pdb);

        // Go's json name "apiGroup" differs from the protobuf field name "aPIGroup"
        ObjectNode ingressClass = json("{\"kind\":\"IngressClass\",\"apiVersion\":\"networking.k8s.io/v1\","
                + "\"metadata\":{\"name\":\"nginx\"},\"spec\":{\"controller\":\"k8s.io/ingress-nginx\","
                + "\"parameters\":{\"apiGroup\":\"k8s.example.com\",\"kind\":\"IngressParameters\",\"name\":\"external-lb\"}}}");
        V1Networking.IngressClass wireClass = V1Networking.IngressClass.parseFrom(raw(ingressClass));
        assertThat(wireClass.getSpec().getParameters().getAPIGroup()).isEqualTo("k8s.example.com");
        assertThat(CODEC.decode(CODEC.encode(ingressClass))).isEqualTo(ingressClass);
    }

    @Test
    void rawExtensionHoldsJson() throws IOException {
        ObjectNode revision = json("{\"kind\":\"ControllerRevision\",\"apiVersion\":\"apps/v1\",\"metadata\":{\"name\":\"r\"},"
                + "\"data\":{\"spec\":{\"template\":{\"$patch\":\"replace\"}}},\"revision\":1}");

        V1Apps.ControllerRevision wire = V1Apps.ControllerRevision.parseFrom(raw(revision));

        assertThat(MAPPER.readTree(wire.getData().getRaw().toByteArray())).isEqualTo(revision.get("data"));
        assertThat(CODEC.decode(CODEC.encode(revision))).isEqualTo(revision);
    }

    @Test
    void rawExtensionHoldingAProtobufEnvelopeDecodesToItsObject() {
        ObjectNode configMap = json("{\"kind\":\"ConfigMap\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"c\"},\"data\":{\"a\":\"b\"}}");
        V1.List list = V1.List.newBuilder()
                .setMetadata(Meta.ListMeta.newBuilder().setResourceVersion("7"))
                .addItems(Runtime.RawExtension.newBuilder().setRaw(ByteString.copyFrom(CODEC.encode(configMap))))
                .build();

        ObjectNode decoded = CODEC.decode(ProtobufCodecTest.body("v1", "List", list.toByteArray()));

        assertThat(decoded.get("items").get(0)).isEqualTo(configMap);
        assertThat(decoded.at("/metadata/resourceVersion").asString()).isEqualTo("7");
    }

    @Test
    void quantitiesMayBeJsonNumbers() throws IOException {
        ObjectNode quota = json("{\"kind\":\"ResourceQuota\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"q\"},"
                + "\"spec\":{\"hard\":{\"pods\":10,\"requests.cpu\":\"1500m\"}}}");

        V1.ResourceQuota wire = V1.ResourceQuota.parseFrom(raw(quota));

        assertThat(wire.getSpec().getHardMap().get("pods").getString()).isEqualTo("10");
        assertThat(CODEC.decode(CODEC.encode(quota)).at("/spec/hard/pods").asString()).isEqualTo("10");
    }

    @Test
    void droppedZeroesFollowGoOmitempty() {
        V1.Pod pod = V1.Pod.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("p").setGeneration(0).setUid(""))
                .setSpec(V1.PodSpec.newBuilder()
                        .addContainers(V1.Container.newBuilder().setName("").setImage("i").setStdin(false)
                                .addPorts(V1.ContainerPort.newBuilder().setContainerPort(0).setHostPort(0)))
                        .setHostNetwork(false).setAutomountServiceAccountToken(false).setPriority(0))
                .setStatus(V1.PodStatus.newBuilder().addContainerStatuses(
                        V1.ContainerStatus.newBuilder().setName("c").setReady(false).setRestartCount(0)))
                .build();

        ObjectNode decoded = CODEC.decode(ProtobufCodecTest.body("v1", "Pod", pod.toByteArray()));

        assertThat(decoded).isEqualTo(json("{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"p\"},"
                + "\"spec\":{\"containers\":[{\"name\":\"\",\"image\":\"i\",\"ports\":[{\"containerPort\":0}]}],"
                + "\"automountServiceAccountToken\":false,\"priority\":0},"
                + "\"status\":{\"containerStatuses\":[{\"name\":\"c\",\"ready\":false,\"restartCount\":0}]}}"));
    }
}
