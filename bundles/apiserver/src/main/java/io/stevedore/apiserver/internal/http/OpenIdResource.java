package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.ServiceAccountIssuer;
import io.stevedore.apiserver.internal.Json;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import tools.jackson.databind.node.ObjectNode;

/** Service account issuer discovery: {@code /.well-known/openid-configuration} and {@code /openid/v1/jwks}. */
@Path("/")
public final class OpenIdResource {

    private static final String CACHE_CONTROL = "public, max-age=3600";
    static final String JWK_SET = "application/jwk-set+json";

    private final ServiceAccountIssuer issuer;

    OpenIdResource(ServiceAccountIssuer issuer) {
        this.issuer = issuer;
    }

    @GET
    @Path(".well-known/openid-configuration")
    public Response configuration(@Context UriInfo uri) {
        String base = uri.getBaseUri().toString().replaceAll("/+$", "");
        ObjectNode doc = issuer.openIdConfiguration(base).orElseThrow(ApiException::pathNotFound);
        return Response.ok(Json.write(doc)).type(MediaTypes.JSON).header("Cache-Control", CACHE_CONTROL).build();
    }

    @GET
    @Path("openid/v1/jwks")
    public Response jwks() {
        ObjectNode doc = issuer.jwks().orElseThrow(ApiException::pathNotFound);
        return Response.ok(Json.write(doc)).type(JWK_SET).header("Cache-Control", CACHE_CONTROL).build();
    }
}
