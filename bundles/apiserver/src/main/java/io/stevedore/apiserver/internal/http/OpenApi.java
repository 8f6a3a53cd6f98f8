package io.stevedore.apiserver.internal.http;

import org.glassfish.jersey.server.ResourceConfig;

/** Registers the OpenAPI documents' resource. */
final class OpenApi {
    private OpenApi() {
    }

    static void register(ResourceConfig rc) {
        // the generated documents are registered here once they land
    }
}
