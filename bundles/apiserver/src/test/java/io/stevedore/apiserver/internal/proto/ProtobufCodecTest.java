package io.stevedore.apiserver.internal.proto;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.util.Arrays;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import io.kubernetes.client.proto.Meta;
import io.kubernetes.client.proto.Runtime;
import io.kubernetes.client.proto.V1;
import io.kubernetes.client.proto.V1Apps;
import io.stevedore.api.ApiException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

class ProtobufCodecTest {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final ProtobufCodec CODEC = new ProtobufCodec();

    static ObjectNode fixture(String name) throws IOException {
        try (InputStream in = ProtobufCodecTest.class.getResourceAsStream("/objects/" + name)) {
            return (ObjectNode) MAPPER.readTree(in.readAllBytes());
        }
    }

    private static Runtime.Unknown envelope(byte[] body) throws IOException {
        assertThat(Arrays.copyOf(body, 4)).containsExactly(0x6b, 0x38, 0x73, 0x00);
        return Runtime.Unknown.parseFrom(Arrays.copyOfRange(body, 4, body.length));
    }

    @ParameterizedTest
    @ValueSource(strings = {"pod.json", "deployment.json", "configmap.json", "secret.json", "namespace.json",
            "service.json", "node.json", "lease.json", "endpointslice.json", "event.json"})
    void roundTripsJsonThroughProtobuf(String name) throws IOException {
        ObjectNode original = fixture(name);

        byte[] body = CODEC.encode(original);
        ObjectNode decoded = CODEC.decode(body);

        assertThat(decoded).isEqualTo(original);
        Runtime.Unknown unknown = envelope(body);
        assertThat(unknown.getTypeMeta().getKind()).isEqualTo(original.get("kind").asString());
        assertThat(unknown.getTypeMeta().getApiVersion()).isEqualTo(original.get("apiVersion").asString());
        assertThat(unknown.hasContentType()).isTrue();
        assertThat(unknown.getContentType()).isEmpty();
    }

    @Test
    void podFieldsLandInTheGeneratedMessage() throws IOException {
        V1.Pod pod = V1.Pod.parseFrom(envelope(CODEC.encode(fixture("pod.json"))).getRaw());

        assertThat(pod.getMetadata().getCreationTimestamp().getSeconds()).isEqualTo(1704164645L);
        assertThat(pod.getMetadata().getLabelsMap()).containsEntry("app", "web");
        assertThat(pod.getMetadata().getManagedFields(0).getFieldsV1().getRaw().toStringUtf8())
                .startsWith("{\"f:metadata\"");
        V1.Container web = pod.getSpec().getContainers(0);
        assertThat(web.getPorts(0).getContainerPort()).isEqualTo(8080);
        assertThat(web.getResources().getLimitsMap().get("memory").getString()).isEqualTo("128Mi");
        assertThat(web.getLivenessProbe().getHandler().getHttpGet().getPort().getIntVal()).isEqualTo(8080);
        assertThat(web.getReadinessProbe().getHandler().getTcpSocket().getPort().getType()).isEqualTo(1L);
        assertThat(web.getReadinessProbe().getHandler().getTcpSocket().getPort().getStrVal()).isEqualTo("http");
        // LocalObjectReference is inline in JSON ("name" beside "key") but a nested message on the wire
        assertThat(web.getEnv(2).getValueFrom().getSecretKeyRef().getLocalObjectReference().getName()).isEqualTo("s1");
        assertThat(web.getSecurityContext().hasRunAsUser()).isTrue();
        assertThat(web.getSecurityContext().getRunAsUser()).isZero();
        // Volume embeds VolumeSource inline
        assertThat(pod.getSpec().getVolumes(0).getVolumeSource().getConfigMap().getDefaultMode()).isEqualTo(420);
        assertThat(pod.getSpec().getTolerations(0).getTolerationSeconds()).isEqualTo(300L);
        assertThat(pod.getStatus().getConditions(0).hasLastProbeTime()).isTrue();
        assertThat(pod.getStatus().getConditions(0).getLastProbeTime().hasSeconds()).isFalse();
    }

    @Test
    void secretBytesAreBase64InJsonAndRawOnTheWire() throws IOException {
        V1.Secret secret = V1.Secret.parseFrom(envelope(CODEC.encode(fixture("secret.json"))).getRaw());

        assertThat(secret.getDataMap().get("password").toStringUtf8()).isEqualTo("secret!");
        assertThat(secret.getDataMap().get("empty").isEmpty()).isTrue();
    }

    @Test
    void deploymentKeepsZeroReplicasAndIntOrStringSurge() throws IOException {
        V1Apps.Deployment deployment = V1Apps.Deployment.parseFrom(envelope(CODEC.encode(fixture("deployment.json"))).getRaw());

        assertThat(deployment.getSpec().hasReplicas()).isTrue();
        assertThat(deployment.getSpec().getReplicas()).isZero();
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxUnavailable().getStrVal()).isEqualTo("25%");
        assertThat(deployment.getSpec().getStrategy().getRollingUpdate().getMaxSurge().getIntVal()).isEqualTo(1);
    }

    @Test
    void leaseUsesMicroTimeWithSixFractionalDigits() throws IOException {
        ObjectNode lease = fixture("lease.json");
        Runtime.Unknown unknown = envelope(CODEC.encode(lease));
        // the lease message is not generated in client-java-proto: read its MicroTime field by number
        Meta.MicroTime renew = Meta.MicroTime.parseFrom(
                com.google.protobuf.UnknownFieldSet.parseFrom(
                        com.google.protobuf.UnknownFieldSet.parseFrom(unknown.getRaw())
                                .getField(2).getLengthDelimitedList().get(0))
                        .getField(4).getLengthDelimitedList().get(0));
        assertThat(renew.getSeconds()).isEqualTo(1704165011L);
        assertThat(renew.getNanos()).isEqualTo(123456000);

        ObjectNode decoded = CODEC.decode(CODEC.encode(lease));
        assertThat(decoded.at("/spec/acquireTime").asString()).isEqualTo("2024-01-02T03:04:05.000000Z");
    }

    @Test
    void decodesWhatTheGeneratedClassesWrite() {
        V1.Namespace namespace = V1.Namespace.newBuilder()
                .setMetadata(Meta.ObjectMeta.newBuilder().setName("x").setGenerateName("").setNamespace("")
                        .setUid("").setResourceVersion("").setGeneration(0)
                        .setCreationTimestamp(Meta.Time.getDefaultInstance()))
                .setSpec(V1.NamespaceSpec.getDefaultInstance())
                .setStatus(V1.NamespaceStatus.newBuilder().setPhase(""))
                .build();
        byte[] body = body("v1", "Namespace", namespace.toByteArray());

        ObjectNode decoded = CODEC.decode(body);

        // Go writes every non-pointer field; Kubernetes JSON omits the empty ones
        assertThat(decoded.toString()).isEqualTo(
                "{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\",\"creationTimestamp\":null},"
                        + "\"spec\":{},\"status\":{}}");
    }

    @Test
    void encodesStatusAndLists() throws IOException {
        ObjectNode status = (ObjectNode) MAPPER.readTree("{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},"
                + "\"status\":\"Failure\",\"message\":\"pods \\\"x\\\" not found\",\"reason\":\"NotFound\","
                + "\"details\":{\"name\":\"x\",\"kind\":\"pods\",\"causes\":[{\"reason\":\"FieldValueInvalid\",\"field\":\"spec\"}]},\"code\":404}");
        Meta.Status wire = Meta.Status.parseFrom(envelope(CODEC.encode(status)).getRaw());
        assertThat(wire.getCode()).isEqualTo(404);
        assertThat(wire.getDetails().getCauses(0).getField()).isEqualTo("spec");
        assertThat(CODEC.decode(CODEC.encode(status))).isEqualTo(status);

        ObjectNode list = (ObjectNode) MAPPER.readTree("{\"kind\":\"ConfigMapList\",\"apiVersion\":\"v1\","
                + "\"metadata\":{\"resourceVersion\":\"42\",\"continue\":\"abc\",\"remainingItemCount\":0},\"items\":[]}");
        assertThat(CODEC.decode(CODEC.encode(list))).isEqualTo(list);
        list.withArray("items").add(fixture("configmap.json").without("kind").without("apiVersion"));
        V1.ConfigMapList wireList = V1.ConfigMapList.parseFrom(envelope(CODEC.encode(list)).getRaw());
        assertThat(wireList.getItems(0).getDataMap()).containsEntry("a", "b");
        assertThat(CODEC.decode(CODEC.encode(list))).isEqualTo(list);
    }

    @Test
    void watchEventFrameHoldsTheFullEncoding() throws IOException {
        ObjectNode pod = fixture("pod.json");

        byte[] frame = CODEC.encodeWatchEvent("ADDED", pod);

        int length = ByteBuffer.wrap(frame).getInt();
        assertThat(length).isEqualTo(frame.length - 4);
        Meta.WatchEvent event = Meta.WatchEvent.parseFrom(Arrays.copyOfRange(frame, 4, frame.length));
        assertThat(event.getType()).isEqualTo("ADDED");
        assertThat(event.getObject().getRaw().toByteArray()).isEqualTo(CODEC.encode(pod));
        assertThat(CODEC.decodeWatchEvent(frame).get("object")).isEqualTo(pod);
    }

    @Test
    void supportsBuiltInKindsAcrossGroups() {
        assertThat(CODEC.supports("v1", "Pod")).isTrue();
        assertThat(CODEC.supports("apps/v1", "Deployment")).isTrue();
        assertThat(CODEC.supports("rbac.authorization.k8s.io/v1", "ClusterRole")).isTrue();
        assertThat(CODEC.supports("authorization.k8s.io/v1", "SelfSubjectAccessReview")).isTrue();
        assertThat(CODEC.supports("networking.k8s.io/v1", "Ingress")).isTrue();
        assertThat(CODEC.supports("coordination.k8s.io/v1", "Lease")).isTrue();
        assertThat(CODEC.supports("discovery.k8s.io/v1", "EndpointSlice")).isTrue();
        assertThat(CODEC.supports("v1", "Status")).isTrue();
        assertThat(CODEC.supports("apps/v1", "DeleteOptions")).isTrue();
        assertThat(CODEC.supports("v1", "Deployment")).isFalse();
        assertThat(CODEC.supports("v1", "Container")).isFalse();
        assertThat(CODEC.supports("meta.k8s.io/v1", "Table")).isFalse();
        assertThat(CODEC.supports("example.com/v1", "Widget")).isFalse();
    }

    @Test
    void rejectsBodiesWithoutThePrefix() {
        assertThatThrownBy(() -> CODEC.decode("{\"kind\":\"Pod\"}".getBytes()))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("does not appear to be a protobuf message");
                });
    }

    @Test
    void rejectsTruncatedEnvelopes() {
        byte[] body = CODEC.encode((ObjectNode) MAPPER.readTree("{\"kind\":\"Namespace\",\"apiVersion\":\"v1\",\"metadata\":{\"name\":\"x\"}}"));
        byte[] truncated = Arrays.copyOf(body, body.length - 3);

        assertThatThrownBy(() -> CODEC.decode(truncated))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(400));
    }

    @Test
    void rejectsUnknownKinds() {
        byte[] body = body("example.com/v1", "Widget", new byte[0]);

        assertThatThrownBy(() -> CODEC.decode(body))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).contains("no kind \"Widget\" is registered for version \"example.com/v1\"");
                });
    }

    @Test
    void refusesToEncodeKindsWithoutMessages() {
        ObjectNode table = (ObjectNode) MAPPER.readTree("{\"kind\":\"Table\",\"apiVersion\":\"meta.k8s.io/v1\"}");

        assertThatThrownBy(() -> CODEC.encode(table))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.code()).isEqualTo(406));
    }

    @Test
    void reportsFieldsOfTheWrongJsonType() {
        ObjectNode pod = (ObjectNode) MAPPER.readTree(
                "{\"kind\":\"Pod\",\"apiVersion\":\"v1\",\"spec\":{\"containers\":[{\"name\":\"a\",\"ports\":[{\"containerPort\":{}}]}]}}");

        assertThatThrownBy(() -> CODEC.encode(pod))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.code()).isEqualTo(400);
                    assertThat(e.getMessage()).startsWith("spec.containers[0].ports[0].containerPort:");
                });
    }

    static byte[] body(String apiVersion, String kind, byte[] raw) {
        Runtime.Unknown unknown = Runtime.Unknown.newBuilder()
                .setTypeMeta(Runtime.TypeMeta.newBuilder().setApiVersion(apiVersion).setKind(kind))
                .setRaw(com.google.protobuf.ByteString.copyFrom(raw)).build();
        byte[] envelope = unknown.toByteArray();
        byte[] out = new byte[envelope.length + 4];
        System.arraycopy(new byte[] {0x6b, 0x38, 0x73, 0x00}, 0, out, 0, 4);
        System.arraycopy(envelope, 0, out, 4, envelope.length);
        return out;
    }
}
