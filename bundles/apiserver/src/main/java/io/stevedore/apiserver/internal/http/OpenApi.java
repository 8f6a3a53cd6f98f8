package io.stevedore.apiserver.internal.http;

import io.stevedore.apiserver.internal.openapi.OpenApiAcceptFilter;
import io.stevedore.apiserver.internal.openapi.OpenApiResource;
import org.glassfish.jersey.server.ResourceConfig;

/** Registers the OpenAPI documents (kubectl apply's validation, kubectl explain). */
final class OpenApi {
    private OpenApi() {
    }

    static void register(ResourceConfig rc) {
        rc.register(OpenApiResource.class);
        rc.register(OpenApiAcceptFilter.class);
    }
}
