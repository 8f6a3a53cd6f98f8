package io.stevedore.apiserver.internal.openapi;

import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

/**
 * Rewrites kubectl's {@code application/com.github.proto-openapi.spec.v2@v1.0+protobuf} Accept type (the
 * "@" spelling kube-openapi still accepts) to the equivalent {@code ...spec.v2.v1.0+protobuf}, before matching:
 * "@" is not allowed in a media type token, and Jersey answers 400 to a request whose Accept it cannot parse.
 * Only requests under {@code /openapi/} are touched.
 */
@Provider
@PreMatching
public class OpenApiAcceptFilter implements ContainerRequestFilter {

    static final String V2_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v2@v1.0+protobuf";
    static final String V3_PROTOBUF_DEPRECATED = "application/com.github.proto-openapi.spec.v3@v1.0+protobuf";

    @Override
    public void filter(ContainerRequestContext request) {
        String accept = request.getHeaderString(HttpHeaders.ACCEPT);
        if (accept == null || accept.indexOf('@') < 0
                || !request.getUriInfo().getRequestUri().getRawPath().startsWith("/openapi/")) {
            return;
        }
        String fixed = accept.replace(V2_PROTOBUF_DEPRECATED, OpenApiResource.V2_PROTOBUF)
                .replace(V3_PROTOBUF_DEPRECATED, "application/com.github.proto-openapi.spec.v3.v1.0+protobuf");
        request.getHeaders().putSingle(HttpHeaders.ACCEPT, fixed);
    }
}
