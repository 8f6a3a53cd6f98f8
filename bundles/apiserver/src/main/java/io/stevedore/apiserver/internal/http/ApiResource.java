package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.DeleteOptions;
import io.stevedore.api.registry.DeleteResult;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.PatchType;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WriteOptions;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.http.MediaTypes.Output;
import io.stevedore.apiserver.internal.registry.StatusObjects;
import io.stevedore.apiserver.internal.streams.Kubelets;
import io.stevedore.apiserver.internal.streams.PortForwardTunnel;
import io.stevedore.apiserver.internal.streams.SpdyHandshake;
import io.stevedore.apiserver.internal.streams.StreamQueries;
import io.stevedore.apiserver.internal.streams.StreamQueries.LogQuery;
import io.stevedore.apiserver.internal.streams.StreamTarget;
import io.stevedore.apiserver.internal.streams.StreamThreads;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The resource paths of the Kubernetes REST API ({@code /api/v1/...} and {@code /apis/{group}/{version}/...}),
 * mapped onto the {@link Registry}. Plain jakarta.ws.rs: the only container-specific pieces are the chunked streams
 * of watches and followed logs (Jersey's ChunkedOutput).
 */
@Path("/")
public final class ApiResource {

    private final Registry registry;
    private final ApiServerConfig config;
    private final BodyCodec codec;
    private final Renderer renderer;
    private final WatchStreams watches;
    private final Kubelets kubelets;
    private final StreamThreads streamThreads;

    ApiResource(Registry registry, ApiServerConfig config, BodyCodec codec, WatchStreams watches, Kubelets kubelets,
                StreamThreads streamThreads) {
        this.registry = registry;
        this.config = config;
        this.codec = codec;
        this.renderer = new Renderer(registry, codec);
        this.watches = watches;
        this.kubelets = kubelets;
        this.streamThreads = streamThreads;
    }

    // ------------------------------------------------------------------ routes
    // One route per verb: {base} is "api/v1" (the core group) or "apis/{group}/{version}".

    private static final String RESOURCE_PATH = "{base: api/v1|apis/[^/]+/[^/]+}/{path: .+}";

    @GET
    @Path(RESOURCE_PATH)
    public Response getResource(@PathParam("base") String base, @PathParam("path") String path, @Context UriInfo uri,
                                @Context HttpHeaders headers) {
        return get(Route.parse(base, path), uri, headers);
    }

    @POST
    @Path(RESOURCE_PATH)
    public Response postResource(@PathParam("base") String base, @PathParam("path") String path,
                                 @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return post(Route.parse(base, path), uri, headers, body);
    }

    @PUT
    @Path(RESOURCE_PATH)
    public Response putResource(@PathParam("base") String base, @PathParam("path") String path, @Context UriInfo uri,
                                @Context HttpHeaders headers, InputStream body) {
        return put(Route.parse(base, path), uri, headers, body);
    }

    @PATCH
    @Path(RESOURCE_PATH)
    public Response patchResource(@PathParam("base") String base, @PathParam("path") String path,
                                  @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return patch(Route.parse(base, path), uri, headers, body);
    }

    @DELETE
    @Path(RESOURCE_PATH)
    public Response deleteResource(@PathParam("base") String base, @PathParam("path") String path,
                                   @Context UriInfo uri, @Context HttpHeaders headers, InputStream body) {
        return delete(Route.parse(base, path), uri, headers, body);
    }

    // ------------------------------------------------------------------ verbs

    private Response get(Route r, UriInfo uri, HttpHeaders headers) {
        requireStored(r);
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        String accept = headers.getHeaderString(HttpHeaders.ACCEPT);
        boolean watch = r.watch() || bool(q.getFirst("watch"));
        if (r.name() != null && r.subresource() == null && watch) {
            // watch of a single object: a watch on the collection with a name field selector
            String fs = "metadata.name=" + r.name();
            String extra = q.getFirst("fieldSelector");
            ListOptions o = listOptions(q).withFieldSelector(extra == null || extra.isEmpty() ? fs : fs + "," + extra);
            return watches.start(r.type(), r.namespace(), o, accept, q.getFirst("includeObject"));
        }
        if (r.name() == null) {
            ListOptions o = listOptions(q);
            if (watch) {
                return watches.start(r.type(), r.namespace(), o, accept, q.getFirst("includeObject"));
            }
            Output out = MediaTypes.negotiate(accept, true);
            return renderer.list(r.type(), registry.list(r.type(), r.namespace(), o), out, q.getFirst("includeObject"));
        }
        String sub = r.subresource();
        if (sub != null && NODE_SUBRESOURCES.contains(sub)) {
            return podStream(r, q, headers);
        }
        if (sub != null && !sub.equals("status") && !sub.equals("scale")) {
            throw ApiException.methodNotAllowed();
        }
        Output out = MediaTypes.negotiate(accept, sub == null);
        ObjectNode obj = registry.get(r.type(), r.namespace(), r.name(), sub);
        return renderer.object(r.type(), obj, out, 200, q.getFirst("includeObject"));
    }

    private Response post(Route r, UriInfo uri, HttpHeaders headers, InputStream body) {
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Output out = MediaTypes.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        if (r.name() != null && r.subresource() == null) {
            throw ApiException.methodNotAllowed();
        }
        if (r.type().namespaced() && r.namespace() == null) {
            throw ApiException.methodNotAllowed();
        }
        if (r.subresource() != null && NODE_SUBRESOURCES.contains(r.subresource())) {
            // before the body: the body of an upgrade request is the upgraded stream
            if (r.subresource().equals("log")) {
                throw ApiException.methodNotAllowed();
            }
            return podStream(r, q, headers);
        }
        ObjectNode obj = codec.decode(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), read(body));
        Warnings warnings = new Warnings();
        if (r.subresource() != null) {
            if (!r.type().hasSubresource(r.subresource()) || r.subresource().equals("status")
                    || r.subresource().equals("scale") || r.subresource().equals("finalize")) {
                throw ApiException.methodNotAllowed();
            }
            if ("binding".equals(r.subresource())) {
                // the binding names the pod on the URL
                Json.meta(obj).put("name", r.name());
            }
            ObjectNode answer = registry.createSubresource(r.type(), r.namespace(), r.name(), r.subresource(), obj,
                    writeOptions(q, headers, warnings));
            return warnings.addTo(renderer.body(answer, out, 201));
        }
        ObjectNode created = registry.create(r.type(), r.namespace(), obj, null, writeOptions(q, headers, warnings));
        return warnings.addTo(renderer.body(created, out, 201));
    }

    private Response put(Route r, UriInfo uri, HttpHeaders headers, InputStream body) {
        requireStored(r);
        if (r.name() == null) {
            throw ApiException.methodNotAllowed();
        }
        if (r.subresource() != null && !r.subresource().equals("status") && !r.subresource().equals("scale")
                && !r.subresource().equals("finalize")) {
            throw ApiException.methodNotAllowed();
        }
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Output out = MediaTypes.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        ObjectNode obj = codec.decode(headers.getHeaderString(HttpHeaders.CONTENT_TYPE), read(body));
        String sub = r.subresource();
        Warnings warnings = new Warnings();
        Registry.Result res = registry.update(r.type(), r.namespace(), r.name(), obj, sub,
                writeOptions(q, headers, warnings));
        return warnings.addTo(renderer.body(res.object(), out, res.created() ? 201 : 200));
    }

    private Response patch(Route r, UriInfo uri, HttpHeaders headers, InputStream body) {
        requireStored(r);
        if (r.name() == null) {
            throw ApiException.methodNotAllowed();
        }
        if (r.subresource() != null && !r.subresource().equals("status") && !r.subresource().equals("scale")) {
            throw ApiException.methodNotAllowed();
        }
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        String contentType = headers.getHeaderString(HttpHeaders.CONTENT_TYPE);
        PatchType pt = PatchType.forMediaType(contentType).orElseThrow(() -> ApiException.unsupportedMediaType(
                "the body of the request was in an unknown format - accepted media types include: "
                        + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml, "
                        + "application/strategic-merge-patch+json"));
        Output out = MediaTypes.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        Warnings warnings = new Warnings();
        WriteOptions wo = writeOptions(q, headers, warnings);
        if (q.containsKey("force") && pt != PatchType.APPLY) {
            throw ApiException.invalid("PatchOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueForbidden", "Forbidden: may not be specified for non-apply patch", "force")));
        }
        Registry.Result res = registry.patch(r.type(), r.namespace(), r.name(), pt, read(body), r.subresource(), wo);
        return warnings.addTo(renderer.body(res.object(), out, res.created() ? 201 : 200));
    }

    private Response delete(Route r, UriInfo uri, HttpHeaders headers, InputStream body) {
        requireStored(r);
        MultivaluedMap<String, String> q = uri.getQueryParameters();
        Output out = MediaTypes.negotiate(headers.getHeaderString(HttpHeaders.ACCEPT), false);
        if (r.subresource() != null) {
            throw ApiException.methodNotAllowed();
        }
        DeleteOptions opts = deleteOptions(q, headers.getHeaderString(HttpHeaders.CONTENT_TYPE), read(body));
        if (r.name() == null) {
            if (r.type().namespaced() && r.namespace() == null) {
                throw ApiException.methodNotAllowed();
            }
            return renderer.list(r.type(), registry.deleteCollection(r.type(), r.namespace(), listOptions(q), opts),
                    out, null);
        }
        DeleteResult res = registry.delete(r.type(), r.namespace(), r.name(), opts);
        if (res.removed() && !returnsDeletedObject(r)) {
            JsonNode meta = res.object().path("metadata");
            return renderer.body(StatusObjects.success(r.name(), r.type().group(), r.type().plural(),
                    meta.path("uid").asString("")), out, 200);
        }
        return renderer.body(res.object(), out, 200);
    }

    /** Pod subresources the node that runs the pod serves (kubelet). */
    private static final java.util.Set<String> NODE_SUBRESOURCES = java.util.Set.of("log", "exec", "attach",
            "portforward");

    /**
     * The pod streams the kubelet of the pod's node serves. Logs stream here (chunked, flushed as they come while
     * following); exec, attach and portforward are upgrades that the container adapters take over
     * ({@link WebSocketStreams}, {@link SpdyUpgrades}) when they can succeed, so what reaches this method is either
     * an error to report as Kubernetes does or a request without a usable upgrade.
     */
    private Response podStream(Route r, MultivaluedMap<String, String> q, HttpHeaders headers) {
        String sub = r.subresource();
        if (sub.equals("log")) {
            LogQuery lq = StreamQueries.log(r.name(), q, java.time.Clock.systemUTC());
            StreamTarget t = StreamTarget.resolve(registry, kubelets, r.namespace(), r.name(), sub, lq.container());
            if (lq.options().follow()) {
                return Response.ok(new LogFollow(t, lq).start(streamThreads.executor()), "text/plain").build();
            }
            return Response.ok(new LogStream(t, lq), "text/plain").build();
        }
        String container = sub.equals("portforward") ? null : StreamQueries.exec(q, sub.equals("attach")).container();
        StreamTarget.resolve(registry, kubelets, r.namespace(), r.name(), sub, container);
        String upgrade = headers.getHeaderString("Upgrade");
        if (upgrade == null || upgrade.isEmpty()) {
            throw ApiException.badRequest("Upgrade request required");
        }
        if (upgrade.equalsIgnoreCase("websocket")) {
            throw ApiException.badRequest("unable to upgrade: requested protocol(s) are not supported: "
                    + headers.getRequestHeader("Sec-WebSocket-Protocol") + "; supports " + (sub.equals("portforward")
                    ? "[" + PortForwardTunnel.WEBSOCKET_PROTOCOL + "]" : "[v5.channel.k8s.io v4.channel.k8s.io "
                    + "v4.base64.channel.k8s.io channel.k8s.io base64.channel.k8s.io]"));
        }
        // a plain SPDY upgrade that SpdyUpgrades did not take: no protocol in common
        List<String> client = SpdyHandshake.clientProtocols(headers.getRequestHeader(SpdyHandshake.PROTOCOL_HEADER));
        List<String> server = SpdyHandshake.serverProtocols(sub);
        Response.ResponseBuilder b = Response.status(client.isEmpty() ? 400 : 403).type("text/plain; charset=utf-8")
                .entity(SpdyHandshake.refusal(client, server) + "\n");
        for (String p : server) {
            b.header(SpdyHandshake.ACCEPTED_HEADER, p);
        }
        return b.build();
    }

    private static void requireStored(Route r) {
        if (!io.stevedore.api.ResourceTypes.isStored(r.type())) {
            throw ApiException.methodNotAllowed();
        }
    }

    /** Kubernetes returns the deleted object for pods, services and namespaces, a Status for the rest. */
    private static boolean returnsDeletedObject(Route r) {
        String p = r.type().plural();
        return r.type().group().isEmpty() && (p.equals("pods") || p.equals("services") || p.equals("namespaces")
                || p.equals("replicationcontrollers") || p.equals("persistentvolumes")
                || p.equals("persistentvolumeclaims"));
    }

    // ------------------------------------------------------------------ parameters

    static ListOptions listOptions(MultivaluedMap<String, String> q) {
        long limit = number(q.getFirst("limit"), "limit");
        long timeout = number(q.getFirst("timeoutSeconds"), "timeoutSeconds");
        String sie = q.getFirst("sendInitialEvents");
        return new ListOptions(q.getFirst("labelSelector"), q.getFirst("fieldSelector"), limit, q.getFirst("continue"),
                nonNull(q.getFirst("resourceVersion")), nonNull(q.getFirst("resourceVersionMatch")),
                bool(q.getFirst("allowWatchBookmarks")), sie == null ? null : bool(sie), timeout);
    }

    /** Warnings of one request, returned as {@code Warning: 299 - "text"} headers, as Kubernetes does. */
    private static final class Warnings implements java.util.function.Consumer<String> {
        private final java.util.LinkedHashSet<String> texts = new java.util.LinkedHashSet<>();

        @Override
        public synchronized void accept(String text) {
            texts.add(text);
        }

        synchronized Response addTo(Response r) {
            if (texts.isEmpty()) {
                return r;
            }
            Response.ResponseBuilder b = Response.fromResponse(r);
            for (String t : texts) {
                b.header("Warning", "299 - \"" + t.replace("\\", "\\\\").replace("\"", "\\\"") + "\"");
            }
            return b.build();
        }
    }

    private WriteOptions writeOptions(MultivaluedMap<String, String> q, HttpHeaders headers, Warnings warnings) {
        String manager = q.getFirst("fieldManager");
        if (manager == null || manager.isEmpty()) {
            String ua = headers.getHeaderString(HttpHeaders.USER_AGENT);
            manager = ua == null ? "unknown" : ua.split("/", 2)[0];
        } else if (manager.length() > 128) {
            throw ApiException.invalid("PatchOptions", "meta.k8s.io", "", List.of(new ApiException.Cause(
                    "FieldValueTooLong", "Too long: may not be more than 128 bytes", "fieldManager")));
        }
        String validation = q.getFirst("fieldValidation");
        if (validation == null || validation.isEmpty()) {
            validation = "Warn";
        } else if (!validation.equals("Strict") && !validation.equals("Warn") && !validation.equals("Ignore")) {
            throw ApiException.badRequest("fieldValidation: Invalid value: \"" + validation
                    + "\": fieldValidation must be one of: Ignore, Warn, Strict");
        }
        return new WriteOptions(dryRun(q), manager, validation, bool(q.getFirst("force")), warnings);
    }

    private static boolean dryRun(MultivaluedMap<String, String> q) {
        List<String> values = q.get("dryRun");
        if (values == null || values.isEmpty()) {
            return false;
        }
        for (String v : values) {
            if (!v.equals("All")) {
                throw ApiException.badRequest("dryRun: Unsupported value: \"" + v + "\": supported values: \"All\"");
            }
        }
        return true;
    }

    /**
     * Query parameters, then the body (JSON, YAML or protobuf {@code DeleteOptions}, as the delete and
     * deletecollection verbs accept it on Kubernetes); the body wins where both say something.
     */
    private DeleteOptions deleteOptions(MultivaluedMap<String, String> q, String contentType, byte[] body) {
        Long grace = q.getFirst("gracePeriodSeconds") == null ? null : number(q.getFirst("gracePeriodSeconds"),
                "gracePeriodSeconds");
        String policy = q.getFirst("propagationPolicy");
        String uid = null;
        String rv = null;
        boolean dry = dryRun(q);
        if (body.length > 0) {
            ObjectNode o = codec.decode(contentType, body);
            String kind = Json.text(o, "kind");
            if (kind != null && !kind.isEmpty() && !kind.equals("DeleteOptions")) {
                throw ApiException.badRequest("decoded object cannot be converted to DeleteOptions");
            }
            if (o.has("gracePeriodSeconds") && !o.get("gracePeriodSeconds").isNull()) {
                grace = o.get("gracePeriodSeconds").asLong();
            }
            if (o.has("propagationPolicy") && o.get("propagationPolicy").isString()) {
                policy = o.get("propagationPolicy").stringValue();
            }
            if (o.has("orphanDependents") && o.get("orphanDependents").isBoolean() && policy == null) {
                policy = o.get("orphanDependents").asBoolean() ? "Orphan" : "Background";
            }
            uid = Json.text(o.path("preconditions"), "uid");
            rv = Json.text(o.path("preconditions"), "resourceVersion");
            JsonNode d = o.path("dryRun");
            if (d.isArray() && !d.isEmpty()) {
                dry = true;
            }
        }
        if (policy == null && q.getFirst("orphanDependents") != null) {
            policy = bool(q.getFirst("orphanDependents")) ? "Orphan" : "Background";
        }
        return new DeleteOptions(grace, policy, uid, rv, dry);
    }

    private byte[] read(InputStream in) {
        if (in == null) {
            return new byte[0];
        }
        try {
            byte[] data = in.readNBytes(config.maxRequestBytes() + 1);
            if (data.length > config.maxRequestBytes()) {
                throw ApiException.tooLarge(config.maxRequestBytes());
            }
            return data;
        } catch (IOException e) {
            throw ApiException.badRequest("could not read the request body: " + e.getMessage());
        }
    }

    private static String nonNull(String s) {
        return s == null ? "" : s;
    }

    static boolean bool(String s) {
        return s != null && (s.equals("true") || s.equals("1") || s.equalsIgnoreCase("True"));
    }

    private static long number(String s, String name) {
        if (s == null || s.isEmpty()) {
            return 0;
        }
        try {
            return Long.parseLong(s);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid value for " + name + ": " + s);
        }
    }
}
