package io.stevedore.build.openapi;

import java.util.List;

/**
 * One path with its operations and the parameters shared by all of them.
 *
 * @param path       the path, e.g. "/api/v1/namespaces/{namespace}/pods/{name}"
 * @param parameters path and query parameters common to every operation
 * @param operations the operations, in get, put, post, delete, patch order
 */
record PathItem(String path, List<Operation.Parameter> parameters, List<Operation> operations) {
}
