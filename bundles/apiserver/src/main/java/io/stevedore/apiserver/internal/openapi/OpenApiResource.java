package io.stevedore.apiserver.internal.openapi;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;

/**
 * Serves the OpenAPI documents as kube-openapi does ({@code pkg/handler3} for v3, {@code pkg/handler} for v2):
 * <ul>
 *   <li>{@code GET /openapi/v3}: the group-versions with their {@code serverRelativeURL}s (carrying the hash);</li>
 *   <li>{@code GET /openapi/v3/<gv>?hash=H}: the document; with the current hash it is immutable (cacheable
 *       for a year), with another hash a 301 to the current one, without a hash not cached;</li>
 *   <li>{@code GET /openapi/v2}: the Swagger 2.0 document, as JSON or, for kubectl, as the gnostic protobuf
 *       message (register {@link OpenApiAcceptFilter} too: kubectl's media type has an "@" Jersey cannot parse).</li>
 * </ul>
 * Every response carries the quoted hash as its ETag and honours {@code If-None-Match} with 304.
 */
@Path("/openapi")
public class OpenApiResource {

    static final String JSON = "application/json";
    /** The gnostic OpenAPI v2 protobuf media type (kube-openapi's current spelling). */
    static final String V2_PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US);

    private final OpenApiDocuments documents;

    /** Uses the documents generated into this bundle's resources (loaded once per class loader). */
    public OpenApiResource() {
        this(Holder.DOCUMENTS);
    }

    OpenApiResource(OpenApiDocuments documents) {
        this.documents = documents;
    }

    /** Lazily loads the documents once, from this class's own class loader. */
    private static final class Holder {
        static final OpenApiDocuments DOCUMENTS = OpenApiDocuments.load(OpenApiResource.class.getClassLoader());
    }

    @GET
    @Path("v3")
    public Response v3Index(@HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        OpenApiDocuments.Document d = documents.v3Index();
        if (matches(ifNoneMatch, d)) {
            return Response.notModified().header(HttpHeaders.ETAG, d.etag()).build();
        }
        return Response.ok(d.bytes(), JSON).header(HttpHeaders.ETAG, d.etag())
                .header(HttpHeaders.CACHE_CONTROL, "no-cache, private").build();
    }

    @GET
    @Path("v3/{gv: .+}")
    public Response v3GroupVersion(@PathParam("gv") String gv, @QueryParam("hash") String hash,
                                   @HeaderParam(HttpHeaders.ACCEPT) String accept,
                                   @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        Optional<OpenApiDocuments.Document> found = documents.groupVersion(gv);
        if (found.isEmpty()) {
            return notFound("the server could not find the requested resource (OpenAPI v3 document " + gv + ")");
        }
        if (!acceptsJson(accept)) {
            return Response.status(Response.Status.NOT_ACCEPTABLE).header("Vary", HttpHeaders.ACCEPT).build();
        }
        OpenApiDocuments.Document d = found.get();
        if (hash != null && !hash.isEmpty() && !hash.equals(d.hash())) {
            return Response.status(Response.Status.MOVED_PERMANENTLY)
                    .location(URI.create(OpenApiDocuments.serverRelativeUrl(gv, d.hash())))
                    .header("Vary", HttpHeaders.ACCEPT).build();
        }
        Response.ResponseBuilder b = matches(ifNoneMatch, d) ? Response.notModified() : Response.ok(d.bytes(), JSON);
        b.header(HttpHeaders.ETAG, d.etag()).header("Vary", HttpHeaders.ACCEPT);
        if (hash != null && !hash.isEmpty()) {
            b.header(HttpHeaders.CACHE_CONTROL, "public, immutable")
                    .header(HttpHeaders.EXPIRES, HTTP_DATE.format(ZonedDateTime.now(ZoneOffset.UTC).plusYears(1)));
        } else {
            b.header(HttpHeaders.CACHE_CONTROL, "no-cache, private");
        }
        return b.build();
    }

    @GET
    @Path("v2")
    public Response v2(@HeaderParam(HttpHeaders.ACCEPT) String accept,
                       @HeaderParam(HttpHeaders.IF_NONE_MATCH) String ifNoneMatch) {
        String type = negotiateV2(accept);
        if (type == null) {
            return Response.status(Response.Status.NOT_ACCEPTABLE).header("Vary", HttpHeaders.ACCEPT).build();
        }
        OpenApiDocuments.Document d = documents.v2();
        byte[] body = type.equals(JSON) ? d.bytes() : documents.v2Protobuf();
        Response.ResponseBuilder b = matches(ifNoneMatch, d) ? Response.notModified() : Response.ok(body, type);
        return b.header(HttpHeaders.ETAG, d.etag()).header("Vary", HttpHeaders.ACCEPT)
                .header(HttpHeaders.CACHE_CONTROL, "no-cache, private").build();
    }

    /**
     * Picks the v2 representation for an Accept header, as kube-openapi's handler does: the clauses in
     * order of preference, JSON for application/json or a wildcard, protobuf for the gnostic v2 type (either
     * spelling; see {@link OpenApiAcceptFilter}). Null when nothing acceptable is asked for.
     */
    static String negotiateV2(String accept) {
        if (accept == null || accept.isBlank()) {
            return JSON;
        }
        java.util.List<String[]> clauses = new java.util.ArrayList<>();
        for (String clause : accept.split(",")) {
            String[] parts = clause.split(";");
            double q = 1;
            for (int i = 1; i < parts.length; i++) {
                String param = parts[i].trim();
                if (param.startsWith("q=")) {
                    try {
                        q = Double.parseDouble(param.substring(2));
                    } catch (NumberFormatException e) {
                        q = 0;
                    }
                }
            }
            if (q > 0) {
                clauses.add(new String[] {parts[0].trim().toLowerCase(Locale.ROOT), Double.toString(q)});
            }
        }
        clauses.sort((a, b) -> Double.compare(Double.parseDouble(b[1]), Double.parseDouble(a[1])));
        for (String[] c : clauses) {
            String t = c[0];
            if (t.equals(JSON) || t.equals("application/*") || t.equals("*/*") || t.equals("*")) {
                return JSON;
            }
            if (t.equals(V2_PROTOBUF) || t.equals(OpenApiAcceptFilter.V2_PROTOBUF_DEPRECATED)) {
                return V2_PROTOBUF;
            }
        }
        return null;
    }

    /** True when the Accept header is absent or names application/json, application/* or a wildcard. */
    static boolean acceptsJson(String accept) {
        if (accept == null || accept.isBlank()) {
            return true;
        }
        for (String clause : accept.split(",")) {
            String type = clause.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
            if (type.equals(JSON) || type.equals("application/*") || type.equals("*/*") || type.equals("*")) {
                return true;
            }
        }
        return false;
    }

    private static boolean matches(String ifNoneMatch, OpenApiDocuments.Document d) {
        if (ifNoneMatch == null) {
            return false;
        }
        for (String tag : ifNoneMatch.split(",")) {
            String t = tag.trim();
            if (t.startsWith("W/")) {
                t = t.substring(2);
            }
            if (t.equals("*") || t.equals(d.etag()) || t.equals(d.hash())) {
                return true;
            }
        }
        return false;
    }

    private static Response notFound(String message) {
        String body = "{\"kind\":\"Status\",\"apiVersion\":\"v1\",\"metadata\":{},\"status\":\"Failure\",\"message\":\""
                + message.replace("\\", "\\\\").replace("\"", "\\\"")
                + "\",\"reason\":\"NotFound\",\"code\":404}";
        return Response.status(Response.Status.NOT_FOUND).entity(body.getBytes(StandardCharsets.UTF_8))
                .type(JSON).build();
    }
}
