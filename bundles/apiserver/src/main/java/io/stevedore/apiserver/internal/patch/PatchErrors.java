package io.stevedore.apiserver.internal.patch;

import io.stevedore.api.ApiException;
import java.util.List;

/**
 * The errors the patch engines raise, shaped as the Kubernetes API server reports them
 * ({@code k8s.io/apiserver/pkg/endpoints/handlers/patch.go}).
 */
public final class PatchErrors {

    /** Message of {@code NewGenericServerResponse(422, ...)}: Kubernetes discards the underlying error text. */
    public static final String GENERIC_INVALID_MESSAGE = "the server rejected our request due to an error in our request";

    private PatchErrors() {
    }

    /** 400 BadRequest with the given message and no details. */
    public static ApiException badRequest(String message) {
        return ApiException.badRequest(message);
    }

    /**
     * 422 Invalid as {@code NewGenericServerResponse(http.StatusUnprocessableEntity, ...)} builds it: a fixed message
     * and empty details. The real reason is kept as the Java cause (Kubernetes only logs it).
     */
    public static ApiException genericInvalid(String detail) {
        ApiException e = new ApiException(422, "Invalid", GENERIC_INVALID_MESSAGE,
                new ApiException.Details(null, null, null, null, List.of(), null));
        e.initCause(new IllegalArgumentException(detail));
        return e;
    }

    /**
     * An error that Kubernetes does not convert to a Status (a plain Go error reaching {@code ErrorToAPIStatus}):
     * HTTP 500, reason Unknown (the empty string) and the error text as the message.
     */
    public static ApiException unknown(String message) {
        return new ApiException(500, "", message, null);
    }

    /** 413 for JSON patches with too many operations. */
    public static ApiException tooManyOperations(int max, int got) {
        return new ApiException(413, "RequestEntityTooLarge", "Request entity too large: The allowed maximum operations in a JSON patch is "
                + max + ", got " + got, null);
    }

    /**
     * 422 for a patch field rejected by strict decoding, as {@code applyPatchToObject} reports it:
     * {@code  "" is invalid: patch: Invalid value: "<patch>": strict decoding error: unknown field "<path>"}.
     */
    public static ApiException strictDecoding(String renderedPatch, String fieldPath) {
        return ApiException.invalid("", "", "", List.of(new ApiException.Cause("FieldValueInvalid",
                "Invalid value: \"" + renderedPatch + "\": strict decoding error: unknown field \"" + fieldPath + "\"",
                "patch")));
    }

    /**
     * 415 for a strategic merge patch sent to a kind without Go struct tags (custom resources), as Kubernetes answers it:
     * only the other patch types are accepted.
     */
    public static ApiException strategicMergeUnsupported() {
        return ApiException.unsupportedMediaType("the body of the request was in an unknown format - accepted media types include: "
                + "application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml");
    }
}
