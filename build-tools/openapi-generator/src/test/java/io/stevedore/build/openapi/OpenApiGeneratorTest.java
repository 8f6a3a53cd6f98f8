package io.stevedore.build.openapi;

import static org.assertj.core.api.Assertions.assertThat;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class OpenApiGeneratorTest {

    private static Map<String, String> files;
    private static JsonObject core;
    private static JsonObject apps;
    private static JsonObject coordination;
    private static JsonObject discovery;
    private static JsonObject authorization;
    private static JsonObject authentication;
    private static JsonObject events;
    private static JsonObject scheduling;
    private static JsonObject v2;

    @BeforeAll
    static void generate() {
        files = OpenApiGenerator.generate();
        core = OpenApiGenerator.parse(files.get("openapi/v3/api__v1.json"));
        apps = OpenApiGenerator.parse(files.get("openapi/v3/apis__apps__v1.json"));
        coordination = OpenApiGenerator.parse(files.get("openapi/v3/apis__coordination.k8s.io__v1.json"));
        discovery = OpenApiGenerator.parse(files.get("openapi/v3/apis__discovery.k8s.io__v1.json"));
        scheduling = OpenApiGenerator.parse(files.get("openapi/v3/apis__scheduling.k8s.io__v1.json"));
        v2 = OpenApiGenerator.parse(files.get("openapi/v2.json"));
        authorization = OpenApiGenerator.parse(files.get("openapi/v3/apis__authorization.k8s.io__v1.json"));
        authentication = OpenApiGenerator.parse(files.get("openapi/v3/apis__authentication.k8s.io__v1.json"));
        events = OpenApiGenerator.parse(files.get("openapi/v3/apis__events.k8s.io__v1.json"));
    }

    private static JsonObject schema(JsonObject v3doc, String name) {
        return v3doc.getAsJsonObject("components").getAsJsonObject("schemas").getAsJsonObject(name);
    }

    private static JsonObject v3For(ServedResource r) {
        return switch (r.group()) {
            case "" -> core;
            case "apps" -> apps;
            case "coordination.k8s.io" -> coordination;
            case "authorization.k8s.io" -> authorization;
            case "authentication.k8s.io" -> authentication;
            case "events.k8s.io" -> events;
            case "scheduling.k8s.io" -> scheduling;
            default -> discovery;
        };
    }

    @Test
    void writesOneV3DocumentPerGroupVersionAnIndexAndV2() {
        assertThat(files).containsOnlyKeys("openapi/v3/api__v1.json", "openapi/v3/apis__apps__v1.json",
                "openapi/v3/apis__coordination.k8s.io__v1.json", "openapi/v3/apis__discovery.k8s.io__v1.json",
                "openapi/v3/apis__scheduling.k8s.io__v1.json", "openapi/v3/apis__authorization.k8s.io__v1.json",
                "openapi/v3/apis__authentication.k8s.io__v1.json", "openapi/v3/apis__events.k8s.io__v1.json",
                "openapi/v3-index.json", "openapi/v2.json");
        JsonArray index = OpenApiGenerator.parse(files.get("openapi/v3-index.json")).getAsJsonArray("groupVersions");
        assertThat(index).hasSize(8);
        assertThat(index.get(1).getAsJsonObject().get("path").getAsString()).isEqualTo("apis/apps/v1");
        assertThat(index.get(1).getAsJsonObject().get("file").getAsString()).isEqualTo("v3/apis__apps__v1.json");
        assertThat(core.get("openapi").getAsString()).isEqualTo("3.0.0");
        assertThat(v2.get("swagger").getAsString()).isEqualTo("2.0");
    }

    @Test
    void alsoWritesV2AsAGnosticProtobufMessage() {
        Map<String, byte[]> binaries = new java.util.TreeMap<>();
        OpenApiGenerator.generateAll(binaries);
        byte[] pb = binaries.get("openapi/v2.pb");
        assertThat(pb).isNotNull();
        // Document.swagger (field 1, length-delimited) = "2.0", then Document.info (field 2)
        assertThat(java.util.Arrays.copyOf(pb, 6)).containsExactly(0x0A, 3, '2', '.', '0', 0x12);
        assertThat(new String(pb, java.nio.charset.StandardCharsets.UTF_8))
                .contains("x-kubernetes-group-version-kind", "io.k8s.api.core.v1.PodSpec", "fieldValidation");
    }

    @Test
    void isDeterministic() {
        assertThat(OpenApiGenerator.generate()).isEqualTo(files);
    }

    @Test
    void everyServedKindHasAPatchOperationWithItsGvkAndFieldValidation() {
        for (ServedResource r : ServedResources.all()) {
            if (r.createOnly()) {
                continue;
            }
            String prefix = r.groupVersion().urlPrefix();
            String item = prefix + (r.namespaced() ? "/namespaces/{namespace}/" : "/") + r.plural() + "/{name}";
            for (JsonObject doc : List.of(v3For(r), v2)) {
                JsonObject patch = doc.getAsJsonObject("paths").getAsJsonObject(item).getAsJsonObject("patch");
                assertThat(patch).as(item).isNotNull();
                assertThat(patch.get("x-kubernetes-action").getAsString()).isEqualTo("patch");
                JsonObject gvk = patch.getAsJsonObject("x-kubernetes-group-version-kind");
                assertThat(gvk.get("group").getAsString()).isEqualTo(r.group());
                assertThat(gvk.get("version").getAsString()).isEqualTo(r.version());
                assertThat(gvk.get("kind").getAsString()).isEqualTo(r.kind());
                assertThat(names(patch.getAsJsonArray("parameters")))
                        .contains("fieldValidation", "dryRun", "fieldManager", "force");
            }
            JsonObject content = v3For(r).getAsJsonObject("paths").getAsJsonObject(item).getAsJsonObject("patch")
                    .getAsJsonObject("requestBody").getAsJsonObject("content");
            assertThat(content.keySet()).contains("application/strategic-merge-patch+json", "application/apply-patch+yaml");
        }
    }

    @Test
    void hasEveryOperationKubernetesPublishes() {
        JsonObject paths = core.getAsJsonObject("paths");
        assertThat(paths.getAsJsonObject("/api/v1/namespaces/{namespace}/pods").keySet())
                .contains("get", "post", "delete", "parameters");
        assertThat(paths.getAsJsonObject("/api/v1/namespaces/{namespace}/pods/{name}").keySet())
                .contains("get", "put", "patch", "delete");
        assertThat(paths.getAsJsonObject("/api/v1/pods").getAsJsonObject("get").get("operationId").getAsString())
                .isEqualTo("listCoreV1PodForAllNamespaces");
        assertThat(paths.getAsJsonObject("/api/v1/watch/namespaces/{namespace}/pods/{name}").getAsJsonObject("get")
                .get("x-kubernetes-action").getAsString()).isEqualTo("watch");
        assertThat(paths.getAsJsonObject("/api/v1/nodes/{name}/status").getAsJsonObject("patch")
                .get("operationId").getAsString()).isEqualTo("patchCoreV1NodeStatus");
        assertThat(paths.getAsJsonObject("/api/v1/namespaces/{namespace}/pods").getAsJsonObject("delete")
                .get("x-kubernetes-action").getAsString()).isEqualTo("deletecollection");
        JsonObject scale = apps.getAsJsonObject("paths")
                .getAsJsonObject("/apis/apps/v1/namespaces/{namespace}/deployments/{name}/scale").getAsJsonObject("put");
        assertThat(scale.getAsJsonObject("x-kubernetes-group-version-kind").get("group").getAsString()).isEqualTo("autoscaling");
        JsonObject eviction = paths.getAsJsonObject("/api/v1/namespaces/{namespace}/pods/{name}/eviction").getAsJsonObject("post");
        assertThat(eviction.getAsJsonObject("x-kubernetes-group-version-kind").get("kind").getAsString()).isEqualTo("Eviction");
        assertThat(paths.getAsJsonObject("/api/v1/namespaces/{namespace}/pods/{name}/binding").getAsJsonObject("post")
                .get("operationId").getAsString()).isEqualTo("createCoreV1NamespacedPodBinding");
        assertThat(paths.getAsJsonObject("/api/v1/namespaces/{namespace}/pods/{name}/exec").getAsJsonObject("post")
                .get("x-kubernetes-action").getAsString()).isEqualTo("connect");
        assertThat(paths.getAsJsonObject("/api/v1/namespaces/{name}/finalize").getAsJsonObject("put")).isNotNull();
        JsonObject review = authorization.getAsJsonObject("paths")
                .getAsJsonObject("/apis/authorization.k8s.io/v1/selfsubjectaccessreviews");
        assertThat(review.keySet()).containsExactlyInAnyOrder("parameters", "post");
        assertThat(review.getAsJsonObject("post").getAsJsonObject("x-kubernetes-group-version-kind").get("kind")
                .getAsString()).isEqualTo("SelfSubjectAccessReview");
        assertThat(authorization.getAsJsonObject("components").getAsJsonObject("schemas").keySet())
                .contains("io.k8s.api.authorization.v1.ResourceAttributes",
                        "io.k8s.apimachinery.pkg.apis.meta.v1.FieldSelectorRequirement");
        JsonObject token = paths.getAsJsonObject("/api/v1/namespaces/{namespace}/serviceaccounts/{name}/token")
                .getAsJsonObject("post");
        assertThat(token.get("operationId").getAsString()).isEqualTo("createCoreV1NamespacedServiceAccountToken");
        assertThat(token.getAsJsonObject("x-kubernetes-group-version-kind").get("group").getAsString())
                .isEqualTo("authentication.k8s.io");
        assertThat(schema(core, "io.k8s.api.authentication.v1.TokenRequest")).isNotNull();
        assertThat(authentication.getAsJsonObject("paths").getAsJsonObject("/apis/authentication.k8s.io/v1/tokenreviews")
                .keySet()).containsExactlyInAnyOrder("parameters", "post");
    }

    @Test
    void everyReferenceResolvesInItsOwnDocument() {
        for (JsonObject doc : List.of(core, apps, coordination, discovery, authorization, authentication, events)) {
            JsonObject schemas = doc.getAsJsonObject("components").getAsJsonObject("schemas");
            List<String> refs = new ArrayList<>();
            collectRefs(doc, refs);
            assertThat(refs).isNotEmpty().allSatisfy(ref -> {
                assertThat(ref).startsWith("#/components/schemas/");
                assertThat(schemas.has(ref.substring("#/components/schemas/".length()))).as(ref).isTrue();
            });
        }
        List<String> refs = new ArrayList<>();
        collectRefs(v2, refs);
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/definitions/");
            assertThat(v2.getAsJsonObject("definitions").has(ref.substring("#/definitions/".length()))).as(ref).isTrue();
        });
    }

    @Test
    void kindsCarryTheirGvkDescriptionAndFieldDescriptions() {
        JsonObject pod = schema(core, "io.k8s.api.core.v1.Pod");
        assertThat(pod.get("description").getAsString()).startsWith("Pod is a collection of containers");
        JsonObject gvk = pod.getAsJsonArray("x-kubernetes-group-version-kind").get(0).getAsJsonObject();
        assertThat(gvk.get("kind").getAsString()).isEqualTo("Pod");
        assertThat(gvk.get("group").getAsString()).isEmpty();
        JsonObject containers = schema(core, "io.k8s.api.core.v1.PodSpec").getAsJsonObject("properties").getAsJsonObject("containers");
        assertThat(containers.get("description").getAsString()).startsWith("List of containers belonging to the pod");
        assertThat(containers.getAsJsonObject("items").get("$ref").getAsString())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.Container");
        assertThat(schema(core, "io.k8s.api.core.v1.Container").getAsJsonArray("required").toString()).isEqualTo("[\"name\"]");
        // client-java-api has no description for reference-typed fields; the Go doc comment fills it in
        JsonObject spec = pod.getAsJsonObject("properties").getAsJsonObject("spec");
        assertThat(spec.get("description").getAsString()).startsWith("Specification of the desired behavior of the pod.");
        assertThat(spec.getAsJsonArray("allOf").get(0).getAsJsonObject().get("$ref").getAsString())
                .isEqualTo("#/components/schemas/io.k8s.api.core.v1.PodSpec");
        assertThat(pod.getAsJsonObject("properties").getAsJsonObject("metadata").get("description").getAsString())
                .startsWith("Standard object's metadata.");
        JsonObject hostPath = schema(core, "io.k8s.api.core.v1.Volume").getAsJsonObject("properties").getAsJsonObject("hostPath");
        assertThat(hostPath.get("description").getAsString()).startsWith("hostPath represents");
        assertThat(schema(apps, "io.k8s.api.apps.v1.DeploymentList").getAsJsonArray("x-kubernetes-group-version-kind")
                .get(0).getAsJsonObject().get("kind").getAsString()).isEqualTo("DeploymentList");
    }

    @Test
    void typesAreNamedAsKubernetesNamesThem() {
        assertThat(apps.getAsJsonObject("components").getAsJsonObject("schemas").keySet())
                .contains("io.k8s.api.core.v1.PodTemplateSpec", "io.k8s.api.apps.v1.DeploymentSpec",
                        "io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector", "io.k8s.api.autoscaling.v1.Scale");
        assertThat(discovery.getAsJsonObject("components").getAsJsonObject("schemas").keySet())
                .contains("io.k8s.api.discovery.v1.EndpointPort", "io.k8s.api.discovery.v1.Endpoint",
                        "io.k8s.api.core.v1.ObjectReference");
        assertThat(core.getAsJsonObject("components").getAsJsonObject("schemas").keySet())
                .contains("io.k8s.api.core.v1.EndpointPort", "io.k8s.api.core.v1.Event", "io.k8s.api.policy.v1.Eviction",
                        "io.k8s.api.core.v1.Binding", "io.k8s.apimachinery.pkg.apis.meta.v1.Condition")
                .noneMatch(n -> n.matches(".*\\.(Core|Discovery|Events)?V1[A-Z].*"));
    }

    @Test
    void specialTypesHaveTheirWireShapes() {
        JsonObject q = schema(core, "io.k8s.apimachinery.pkg.api.resource.Quantity");
        assertThat(q.has("type")).isFalse();
        assertThat(q.getAsJsonArray("oneOf").toString()).isEqualTo("[{\"type\":\"string\"},{\"type\":\"number\"}]");
        JsonObject ios = schema(core, "io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(ios.get("x-kubernetes-int-or-string").getAsBoolean()).isTrue();
        assertThat(ios.get("format").getAsString()).isEqualTo("int-or-string");
        assertThat(ios.getAsJsonArray("oneOf").toString()).isEqualTo("[{\"type\":\"integer\"},{\"type\":\"string\"}]");
        JsonObject v2Definitions = v2.getAsJsonObject("definitions");
        assertThat(v2Definitions.getAsJsonObject("io.k8s.apimachinery.pkg.api.resource.Quantity").get("type").getAsString())
                .isEqualTo("string");
        assertThat(v2Definitions.getAsJsonObject("io.k8s.apimachinery.pkg.util.intstr.IntOrString").get("type").getAsString())
                .isEqualTo("string");
        JsonObject time = schema(core, "io.k8s.apimachinery.pkg.apis.meta.v1.Time");
        assertThat(time.get("type").getAsString()).isEqualTo("string");
        assertThat(time.get("format").getAsString()).isEqualTo("date-time");
        assertThat(schema(core, "io.k8s.apimachinery.pkg.runtime.RawExtension").get("type").getAsString()).isEqualTo("object");
        JsonObject renew = schema(coordination, "io.k8s.api.coordination.v1.LeaseSpec").getAsJsonObject("properties")
                .getAsJsonObject("renewTime");
        assertThat(renew.toString()).contains("#/components/schemas/io.k8s.apimachinery.pkg.apis.meta.v1.MicroTime");
        JsonObject limits = schema(core, "io.k8s.api.core.v1.ResourceRequirements").getAsJsonObject("properties")
                .getAsJsonObject("limits");
        assertThat(limits.getAsJsonObject("additionalProperties").get("$ref").getAsString())
                .endsWith("io.k8s.apimachinery.pkg.api.resource.Quantity");
        JsonObject data = schema(core, "io.k8s.api.core.v1.Secret").getAsJsonObject("properties").getAsJsonObject("data");
        assertThat(data.getAsJsonObject("additionalProperties").get("format").getAsString()).isEqualTo("byte");
        JsonObject port = schema(core, "io.k8s.api.core.v1.ServicePort").getAsJsonObject("properties").getAsJsonObject("targetPort");
        assertThat(port.toString()).contains("io.k8s.apimachinery.pkg.util.intstr.IntOrString");
        assertThat(port.get("description").getAsString()).startsWith("Number or name of the port to access on the pods");
    }

    @Test
    void referencesWithSiblingsUseAllOfInV3Only() {
        JsonObject v3Object = schema(core, "io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent").getAsJsonObject("properties")
                .getAsJsonObject("object");
        assertThat(v3Object.getAsJsonArray("allOf").get(0).getAsJsonObject().get("$ref").getAsString())
                .isEqualTo("#/components/schemas/io.k8s.apimachinery.pkg.runtime.RawExtension");
        assertThat(v3Object.has("description")).isTrue();
        JsonObject v2Object = v2.getAsJsonObject("definitions").getAsJsonObject("io.k8s.apimachinery.pkg.apis.meta.v1.WatchEvent")
                .getAsJsonObject("properties").getAsJsonObject("object");
        assertThat(v2Object.get("$ref").getAsString()).isEqualTo("#/definitions/io.k8s.apimachinery.pkg.runtime.RawExtension");
    }

    @Test
    void listAndPatchExtensionsComeFromTheGoTypes() {
        JsonObject env = schema(core, "io.k8s.api.core.v1.Container").getAsJsonObject("properties").getAsJsonObject("env");
        assertThat(env.get("x-kubernetes-patch-strategy").getAsString()).isEqualTo("merge");
        assertThat(env.get("x-kubernetes-patch-merge-key").getAsString()).isEqualTo("name");
        assertThat(env.get("x-kubernetes-list-type").getAsString()).isEqualTo("map");
        assertThat(env.getAsJsonArray("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"name\"]");
        JsonObject ports = schema(core, "io.k8s.api.core.v1.Container").getAsJsonObject("properties").getAsJsonObject("ports");
        assertThat(ports.getAsJsonArray("x-kubernetes-list-map-keys").toString()).isEqualTo("[\"containerPort\",\"protocol\"]");
        JsonObject volumes = schema(apps, "io.k8s.api.core.v1.PodSpec").getAsJsonObject("properties").getAsJsonObject("volumes");
        assertThat(volumes.get("x-kubernetes-patch-strategy").getAsString()).isEqualTo("merge,retainKeys");
        assertThat(schema(core, "io.k8s.apimachinery.pkg.apis.meta.v1.OwnerReference").get("x-kubernetes-map-type")
                .getAsString()).isEqualTo("atomic");
        // a list marker never lands on a non-list property
        JsonObject details = schema(core, "io.k8s.apimachinery.pkg.apis.meta.v1.Status").getAsJsonObject("properties")
                .getAsJsonObject("details");
        assertThat(details.has("x-kubernetes-list-type")).isFalse();
    }

    private static List<String> names(JsonArray params) {
        List<String> out = new ArrayList<>();
        params.forEach(p -> out.add(p.getAsJsonObject().get("name").getAsString()));
        return out;
    }

    private static void collectRefs(JsonElement e, List<String> out) {
        if (e.isJsonObject()) {
            for (Map.Entry<String, JsonElement> en : e.getAsJsonObject().entrySet()) {
                if (en.getKey().equals("$ref")) {
                    out.add(en.getValue().getAsString());
                } else {
                    collectRefs(en.getValue(), out);
                }
            }
        } else if (e.isJsonArray()) {
            e.getAsJsonArray().forEach(x -> collectRefs(x, out));
        }
    }
}
