package io.stevedore.apiserver.internal.openapi;

import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;

/**
 * Just enough of an apiserver for kubectl to reach its OpenAPI code paths: /version, legacy discovery
 * for the served group-versions, 404 for every object read, and an echo for writes.
 */
@Path("/")
public class FakeKubeResource {

    private static final String JSON = "application/json";

    @GET
    @Path("version")
    public Response version() {
        return json(200, "{\"major\":\"1\",\"minor\":\"32\",\"gitVersion\":\"v1.32.0-stevedore\",\"gitCommit\":\"0\","
                + "\"gitTreeState\":\"clean\",\"buildDate\":\"2026-01-01T00:00:00Z\",\"goVersion\":\"go1.23\","
                + "\"compiler\":\"gc\",\"platform\":\"linux/amd64\"}");
    }

    @GET
    @Path("api")
    public Response api() {
        return json(200, "{\"kind\":\"APIVersions\",\"versions\":[\"v1\"],\"serverAddressByClientCIDRs\":"
                + "[{\"clientCIDR\":\"0.0.0.0/0\",\"serverAddress\":\"127.0.0.1:6443\"}]}");
    }

    @GET
    @Path("apis")
    public Response apis() {
        StringBuilder b = new StringBuilder("{\"kind\":\"APIGroupList\",\"apiVersion\":\"v1\",\"groups\":[");
        String[] groups = {"apps", "coordination.k8s.io", "discovery.k8s.io"};
        for (int i = 0; i < groups.length; i++) {
            String gv = groups[i] + "/v1";
            b.append(i == 0 ? "" : ",").append("{\"name\":\"").append(groups[i]).append("\",\"versions\":[{\"groupVersion\":\"")
                    .append(gv).append("\",\"version\":\"v1\"}],\"preferredVersion\":{\"groupVersion\":\"").append(gv)
                    .append("\",\"version\":\"v1\"}}");
        }
        return json(200, b.append("]}").toString());
    }

    @GET
    @Path("api/v1")
    public Response coreV1() {
        return json(200, resourceList("v1",
                resource("namespaces", "namespace", "Namespace", false, "ns"),
                resource("pods", "pod", "Pod", true, "po"),
                resource("configmaps", "configmap", "ConfigMap", true, "cm"),
                resource("services", "service", "Service", true, "svc"),
                resource("nodes", "node", "Node", false, "no"),
                resource("endpoints", "endpoints", "Endpoints", true, "ep"),
                resource("secrets", "secret", "Secret", true, null),
                resource("serviceaccounts", "serviceaccount", "ServiceAccount", true, "sa"),
                resource("events", "event", "Event", true, "ev"),
                resource("replicationcontrollers", "replicationcontroller", "ReplicationController", true, "rc"),
                resource("persistentvolumes", "persistentvolume", "PersistentVolume", false, "pv"),
                resource("persistentvolumeclaims", "persistentvolumeclaim", "PersistentVolumeClaim", true, "pvc")));
    }

    @GET
    @Path("apis/apps/v1")
    public Response appsV1() {
        return json(200, resourceList("apps/v1",
                resource("deployments", "deployment", "Deployment", true, "deploy"),
                resource("replicasets", "replicaset", "ReplicaSet", true, "rs")));
    }

    @GET
    @Path("apis/coordination.k8s.io/v1")
    public Response coordinationV1() {
        return json(200, resourceList("coordination.k8s.io/v1", resource("leases", "lease", "Lease", true, null)));
    }

    @GET
    @Path("apis/discovery.k8s.io/v1")
    public Response discoveryV1() {
        return json(200, resourceList("discovery.k8s.io/v1",
                resource("endpointslices", "endpointslice", "EndpointSlice", true, null)));
    }

    /** Bodies of the PATCH requests received, newest last. */
    static final java.util.List<String> PATCHES = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** A pod that exists, last applied with two env vars (A and B). */
    static final String EXISTING_POD = "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"existing\","
            + "\"namespace\":\"default\",\"resourceVersion\":\"5\",\"annotations\":{\"kubectl.kubernetes.io/last-applied-configuration\":"
            + "\"{\\\"apiVersion\\\":\\\"v1\\\",\\\"kind\\\":\\\"Pod\\\",\\\"metadata\\\":{\\\"name\\\":\\\"existing\\\","
            + "\\\"namespace\\\":\\\"default\\\"},\\\"spec\\\":{\\\"containers\\\":[{\\\"name\\\":\\\"c\\\",\\\"image\\\":\\\"nginx\\\","
            + "\\\"env\\\":[{\\\"name\\\":\\\"A\\\",\\\"value\\\":\\\"1\\\"},{\\\"name\\\":\\\"B\\\",\\\"value\\\":\\\"2\\\"}]}]}}\\n\"}},"
            + "\"spec\":{\"containers\":[{\"name\":\"c\",\"image\":\"nginx\",\"env\":[{\"name\":\"A\",\"value\":\"1\"},"
            + "{\"name\":\"B\",\"value\":\"2\"}]}]}}";

    @GET
    @Path("api/v1/namespaces/default/pods/existing")
    public Response existing() {
        return json(200, EXISTING_POD);
    }

    @GET
    @Path("{path: (api|apis)/.+/namespaces/.+}")
    public Response read(@PathParam("path") String path) {
        return json(404, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\","
                + "\"message\":\"not found\",\"reason\":\"NotFound\",\"code\":404}");
    }

    @POST
    @Path("{path: (api|apis)/.+}")
    @Consumes("*/*")
    public Response create(byte[] body) {
        return Response.status(201).entity(body).type(JSON).build();
    }

    @PUT
    @Path("{path: (api|apis)/.+}")
    @Consumes("*/*")
    public Response replace(byte[] body) {
        return Response.ok(body, JSON).build();
    }

    @PATCH
    @Path("{path: (api|apis)/.+}")
    @Consumes("*/*")
    public Response patch(byte[] body) {
        PATCHES.add(new String(body, StandardCharsets.UTF_8));
        return json(200, EXISTING_POD);
    }

    @DELETE
    @Path("{path: (api|apis)/.+}")
    public Response delete() {
        return json(200, "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Success\"}");
    }

    private static String resourceList(String gv, String... resources) {
        return "{\"kind\":\"APIResourceList\",\"apiVersion\":\"v1\",\"groupVersion\":\"" + gv + "\",\"resources\":["
                + String.join(",", resources) + "]}";
    }

    private static String resource(String plural, String singular, String kind, boolean namespaced, String shortName) {
        return "{\"name\":\"" + plural + "\",\"singularName\":\"" + singular + "\",\"namespaced\":" + namespaced
                + ",\"kind\":\"" + kind + "\",\"verbs\":[\"create\",\"delete\",\"deletecollection\",\"get\",\"list\","
                + "\"patch\",\"update\",\"watch\"]" + (shortName == null ? "" : ",\"shortNames\":[\"" + shortName + "\"]")
                + "}";
    }

    private static Response json(int status, String body) {
        return Response.status(status).entity(body.getBytes(StandardCharsets.UTF_8)).type(JSON).build();
    }
}
