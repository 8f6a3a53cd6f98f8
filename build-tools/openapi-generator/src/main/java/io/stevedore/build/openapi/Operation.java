package io.stevedore.build.openapi;

import java.util.List;
import java.util.Map;

/**
 * One HTTP operation of a resource path, independent of the OpenAPI version it is rendered in.
 *
 * @param method      lower-case HTTP method: get, post, put, patch, delete
 * @param operationId Kubernetes-style operation id, e.g. "patchCoreV1NamespacedPod"
 * @param description one-line summary
 * @param action      value of {@code x-kubernetes-action}
 * @param gvk         value of {@code x-kubernetes-group-version-kind}
 * @param parameters  query parameters of this operation
 * @param body        definition name of the request body, or null
 * @param consumes    media types of the request body
 * @param responses   status code to response
 * @param produces    media types of the responses
 * @param tag         operation tag, e.g. "core_v1"
 */
record Operation(String method, String operationId, String description, String action, Gvk gvk,
                 List<Parameter> parameters, String body, List<String> consumes,
                 Map<Integer, Response> responses, List<String> produces, String tag) {

    /**
     * A parameter.
     *
     * @param name        parameter name
     * @param in          "query" or "path"
     * @param description one-line description
     * @param type        "string", "integer" or "boolean"
     * @param required    whether it must be given
     */
    record Parameter(String name, String in, String description, String type, boolean required) {
    }

    /**
     * A response.
     *
     * @param description "OK", "Created", "Accepted"
     * @param schemaRef   definition name of the body, or null for a plain string body
     */
    record Response(String description, String schemaRef) {
    }
}
