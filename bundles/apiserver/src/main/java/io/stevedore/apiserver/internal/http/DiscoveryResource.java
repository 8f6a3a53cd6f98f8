package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ResourceType;
import io.stevedore.api.ResourceTypes;
import io.stevedore.apiserver.internal.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/** API discovery: the legacy documents and the aggregated (apidiscovery.k8s.io/v2) form. */
@Path("/")
public final class DiscoveryResource {

    private final String serverAddress;

    DiscoveryResource(String serverAddress) {
        this.serverAddress = serverAddress;
    }

    @GET
    @Path("api")
    public Response api(@Context HttpHeaders headers) {
        if (MediaTypes.wantsAggregatedDiscovery(headers.getHeaderString(HttpHeaders.ACCEPT))) {
            return aggregated(groupsOf(true), headers);
        }
        ObjectNode n = Json.NODES.objectNode();
        n.put("kind", "APIVersions");
        n.putArray("versions").add("v1");
        ObjectNode cidr = n.putArray("serverAddressByClientCIDRs").addObject();
        cidr.put("clientCIDR", "0.0.0.0/0");
        cidr.put("serverAddress", serverAddress);
        return json(n);
    }

    @GET
    @Path("apis")
    public Response apis(@Context HttpHeaders headers) {
        if (MediaTypes.wantsAggregatedDiscovery(headers.getHeaderString(HttpHeaders.ACCEPT))) {
            return aggregated(groupsOf(false), headers);
        }
        ObjectNode n = Json.NODES.objectNode();
        n.put("kind", "APIGroupList");
        n.put("apiVersion", "v1");
        ArrayNode groups = n.putArray("groups");
        for (Map.Entry<String, List<ResourceType>> g : groupsOf(false).entrySet()) {
            groups.add(group(g.getKey(), g.getValue().get(0).version()));
        }
        return json(n);
    }

    @GET
    @Path("apis/{group}")
    public Response apiGroup(@PathParam("group") String group) {
        List<ResourceType> types = groupsOf(false).get(group);
        if (types == null) {
            throw io.stevedore.api.ApiException.pathNotFound();
        }
        return json(group(group, types.get(0).version()));
    }

    @GET
    @Path("api/v1")
    public Response coreV1() {
        return json(resourceList("", "v1"));
    }

    @GET
    @Path("apis/{group}/{version}")
    public Response groupVersion(@PathParam("group") String group, @PathParam("version") String version) {
        ObjectNode list = resourceList(group, version);
        if (list.path("resources").isEmpty()) {
            throw io.stevedore.api.ApiException.pathNotFound();
        }
        return json(list);
    }

    private static Map<String, List<ResourceType>> groupsOf(boolean core) {
        Map<String, List<ResourceType>> m = new LinkedHashMap<>();
        for (ResourceType t : ResourceTypes.all()) {
            if (t.group().isEmpty() == core) {
                m.computeIfAbsent(t.group(), k -> new java.util.ArrayList<>()).add(t);
            }
        }
        return m;
    }

    private static ObjectNode group(String name, String version) {
        ObjectNode g = Json.NODES.objectNode();
        g.put("kind", "APIGroup");
        g.put("apiVersion", "v1");
        g.put("name", name);
        ObjectNode v = g.putArray("versions").addObject();
        v.put("groupVersion", name + "/" + version);
        v.put("version", version);
        ObjectNode pref = g.putObject("preferredVersion");
        pref.put("groupVersion", name + "/" + version);
        pref.put("version", version);
        return g;
    }

    private static ObjectNode resourceList(String group, String version) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("kind", "APIResourceList");
        n.put("apiVersion", "v1");
        n.put("groupVersion", group.isEmpty() ? version : group + "/" + version);
        ArrayNode resources = n.putArray("resources");
        for (ResourceType t : ResourceTypes.all()) {
            if (!t.group().equals(group) || !t.version().equals(version)) {
                continue;
            }
            ObjectNode r = resources.addObject();
            r.put("name", t.plural());
            r.put("singularName", t.singular());
            r.put("namespaced", t.namespaced());
            r.put("kind", t.kind());
            ResourceTypes.verbs(t).forEach(r.putArray("verbs")::add);
            if (!t.shortNames().isEmpty()) {
                t.shortNames().forEach(r.putArray("shortNames")::add);
            }
            if (!t.categories().isEmpty()) {
                t.categories().forEach(r.putArray("categories")::add);
            }
            r.put("storageVersionHash", storageVersionHash(t));
            for (String sub : t.subresources()) {
                Subresource s = Subresource.of(t, sub);
                ObjectNode sr = resources.addObject();
                sr.put("name", t.plural() + "/" + sub);
                sr.put("singularName", "");
                sr.put("namespaced", t.namespaced());
                if (!s.group().equals(t.group())) {
                    sr.put("group", s.group());
                }
                if (!s.version().equals(t.version()) || !s.group().equals(t.group())) {
                    sr.put("version", s.version());
                }
                sr.put("kind", s.kind());
                s.verbs().forEach(sr.putArray("verbs")::add);
            }
        }
        return n;
    }

    private Response aggregated(Map<String, List<ResourceType>> groups, HttpHeaders headers) {
        ObjectNode n = Json.NODES.objectNode();
        n.put("kind", "APIGroupDiscoveryList");
        n.put("apiVersion", "apidiscovery.k8s.io/v2");
        n.putObject("metadata");
        ArrayNode items = n.putArray("items");
        for (Map.Entry<String, List<ResourceType>> g : groups.entrySet()) {
            ObjectNode gd = items.addObject();
            ObjectNode meta = gd.putObject("metadata");
            if (!g.getKey().isEmpty()) {
                meta.put("name", g.getKey());
            }
            ObjectNode vd = gd.putArray("versions").addObject();
            vd.put("version", g.getValue().get(0).version());
            ArrayNode rs = vd.putArray("resources");
            for (ResourceType t : g.getValue()) {
                ObjectNode r = rs.addObject();
                r.put("resource", t.plural());
                ObjectNode rk = r.putObject("responseKind");
                rk.put("group", t.group());
                rk.put("version", t.version());
                rk.put("kind", t.kind());
                r.put("scope", t.namespaced() ? "Namespaced" : "Cluster");
                r.put("singularResource", t.singular());
                ResourceTypes.verbs(t).forEach(r.putArray("verbs")::add);
                if (!t.shortNames().isEmpty()) {
                    t.shortNames().forEach(r.putArray("shortNames")::add);
                }
                if (!t.categories().isEmpty()) {
                    t.categories().forEach(r.putArray("categories")::add);
                }
                if (!t.subresources().isEmpty()) {
                    ArrayNode subs = r.putArray("subresources");
                    for (String sub : t.subresources()) {
                        Subresource s = Subresource.of(t, sub);
                        ObjectNode sn = subs.addObject();
                        sn.put("subresource", sub);
                        ObjectNode sk = sn.putObject("responseKind");
                        sk.put("group", s.group());
                        sk.put("version", s.version());
                        sk.put("kind", s.kind());
                        s.verbs().forEach(sn.putArray("verbs")::add);
                    }
                }
            }
            vd.put("freshness", "Current");
        }
        byte[] body = Json.write(n);
        String etag = "\"" + sha512(body) + "\"";
        if (etag.equals(headers.getHeaderString(HttpHeaders.IF_NONE_MATCH))) {
            return Response.notModified().header(HttpHeaders.ETAG, etag).build();
        }
        return Response.ok(body).type(MediaTypes.AGGREGATED_DISCOVERY).header(HttpHeaders.ETAG, etag)
                .header(HttpHeaders.CACHE_CONTROL, "public").build();
    }

    private static Response json(ObjectNode n) {
        return Response.ok(Json.write(n)).type(MediaTypes.JSON).build();
    }

    private static String storageVersionHash(ResourceType t) {
        return sha512((t.apiVersion() + "/" + t.kind()).getBytes(StandardCharsets.UTF_8)).substring(0, 11)
                .toLowerCase(Locale.ROOT);
    }

    static String sha512(byte[] data) {
        try {
            return HexFormat.of().withUpperCase().formatHex(MessageDigest.getInstance("SHA-512").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** What a subresource answers with and which verbs it takes. */
    record Subresource(String group, String version, String kind, List<String> verbs) {
        static Subresource of(ResourceType t, String sub) {
            return switch (sub) {
                case "status" -> new Subresource(t.group(), t.version(), t.kind(), List.of("get", "patch", "update"));
                case "scale" -> new Subresource("autoscaling", "v1", "Scale", List.of("get", "patch", "update"));
                case "binding" -> new Subresource("", "v1", "Binding", List.of("create"));
                case "log" -> new Subresource("", "v1", "Pod", List.of("get"));
                case "exec" -> new Subresource("", "v1", "PodExecOptions", List.of("create", "get"));
                case "attach" -> new Subresource("", "v1", "PodAttachOptions", List.of("create", "get"));
                case "portforward" -> new Subresource("", "v1", "PodPortForwardOptions", List.of("create", "get"));
                case "eviction" -> new Subresource("policy", "v1", "Eviction", List.of("create"));
                case "finalize" -> new Subresource("", "v1", "Namespace", List.of("update"));
                case "token" -> new Subresource("authentication.k8s.io", "v1", "TokenRequest", List.of("create"));
                default -> new Subresource(t.group(), t.version(), t.kind(), List.of("get"));
            };
        }
    }
}
