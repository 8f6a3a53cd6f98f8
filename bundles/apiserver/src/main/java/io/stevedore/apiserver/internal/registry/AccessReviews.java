package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.ResourceTypes;
import io.stevedore.apiserver.internal.Json;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * SelfSubjectAccessReview answers. Until authentication and RBAC land every request is allowed,
 * and the review says so.
 */
final class AccessReviews {

    private AccessReviews() {
    }

    static ObjectNode answer(ObjectNode review) {
        ObjectNode r = review.deepCopy();
        StoreRegistry.checkTypeMeta(ResourceTypes.SELFSUBJECTACCESSREVIEWS, r);
        boolean hasResource = r.path("spec").has("resourceAttributes");
        boolean hasNonResource = r.path("spec").has("nonResourceAttributes");
        if (hasResource == hasNonResource) {
            throw ApiException.invalid(ResourceTypes.SELFSUBJECTACCESSREVIEWS, "", List.of(new ApiException.Cause(
                    "FieldValueInvalid", "Invalid value: \"null\": exactly one of nonResourceAttributes or "
                    + "resourceAttributes must be specified", "spec.resourceAttributes")));
        }
        Json.meta(r).put("creationTimestamp", (String) null);
        ObjectNode status = r.putObject("status");
        status.put("allowed", true);
        status.put("reason", "Stevedore serves without authorization until RBAC lands: every request is allowed");
        return r;
    }
}
