package io.stevedore.api;

import java.util.List;
import java.util.stream.Collectors;

/**
 * An error as the Kubernetes API reports it: an HTTP code, a machine-readable reason and a
 * {@code Status} body. Every failure a client can see is one of these.
 */
public class ApiException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** One field-level cause; its type is written under the key {@code reason} on the wire. */
    public record Cause(String reason, String message, String field) {
    }

    /** The {@code details} of a Status; {@code kind} is the plural resource or the Kind, as Kubernetes does. */
    public record Details(String name, String group, String kind, String uid, List<Cause> causes,
                          Integer retryAfterSeconds) {
        public Details {
            causes = causes == null ? List.of() : List.copyOf(causes);
        }
    }

    private final int code;
    private final String reason;
    private final Details details;

    public ApiException(int code, String reason, String message, Details details) {
        super(message);
        this.code = code;
        this.reason = reason;
        this.details = details;
    }

    public int code() {
        return code;
    }

    public String reason() {
        return reason;
    }

    public Details details() {
        return details;
    }

    public static ApiException notFound(ResourceType type, String name) {
        return new ApiException(404, "NotFound", type.qualifiedPlural() + " \"" + name + "\" not found",
                new Details(name, type.group(), type.plural(), null, null, null));
    }

    public static ApiException alreadyExists(ResourceType type, String name) {
        return new ApiException(409, "AlreadyExists", type.qualifiedPlural() + " \"" + name + "\" already exists",
                new Details(name, type.group(), type.plural(), null, null, null));
    }

    /** The optimistic-lock failure message Kubernetes clients key their retries on. */
    public static final String OPTIMISTIC_LOCK_MESSAGE =
            "the object has been modified; please apply your changes to the latest version and try again";

    public static ApiException conflict(ResourceType type, String name, String why) {
        return new ApiException(409, "Conflict",
                "Operation cannot be fulfilled on " + type.qualifiedPlural() + " \"" + name + "\": " + why,
                new Details(name, type.group(), type.plural(), null, null, null));
    }

    public static ApiException conflict(ResourceType type, String name, String message, List<Cause> causes) {
        return new ApiException(409, "Conflict", message,
                new Details(name, type.group(), type.plural(), null, causes, null));
    }

    /** 422 Invalid: {@code Kind "name" is invalid: field: body} (several errors in brackets). */
    public static ApiException invalid(ResourceType type, String name, List<Cause> causes) {
        String agg = causes.size() == 1 ? render(causes.get(0))
                : causes.stream().map(ApiException::render).collect(Collectors.joining(", ", "[", "]"));
        return new ApiException(422, "Invalid", type.qualifiedKind() + " \"" + name + "\" is invalid: " + agg,
                new Details(name, type.group(), type.kind(), null, causes, null));
    }

    /** 422 Invalid for something that is not a stored kind (list options, patch options). */
    public static ApiException invalid(String kind, String group, String name, List<Cause> causes) {
        String agg = causes.size() == 1 ? render(causes.get(0))
                : causes.stream().map(ApiException::render).collect(Collectors.joining(", ", "[", "]"));
        String qualified = group.isEmpty() ? kind : kind + "." + group;
        return new ApiException(422, "Invalid", qualified + " \"" + name + "\" is invalid: " + agg,
                new Details(name, group, kind, null, causes, null));
    }

    private static String render(Cause c) {
        return c.field() == null || c.field().isEmpty() ? c.message() : c.field() + ": " + c.message();
    }

    public static ApiException badRequest(String message) {
        return new ApiException(400, "BadRequest", message, null);
    }

    public static ApiException forbidden(ResourceType type, String name, String why) {
        return new ApiException(403, "Forbidden",
                type.qualifiedPlural() + " \"" + name + "\" is forbidden: " + why,
                new Details(name, type.group(), type.plural(), null, null, null));
    }

    public static ApiException methodNotAllowed() {
        return new ApiException(405, "MethodNotAllowed",
                "the server does not allow this method on the requested resource", null);
    }

    public static ApiException pathNotFound() {
        return new ApiException(404, "NotFound", "the server could not find the requested resource", null);
    }

    public static ApiException expired(String message) {
        return new ApiException(410, "Expired", message, null);
    }

    public static ApiException tooLarge(long limit) {
        return new ApiException(413, "RequestEntityTooLarge", "Request entity too large: limit is " + limit, null);
    }

    public static ApiException unsupportedMediaType(String message) {
        return new ApiException(415, "UnsupportedMediaType", message, null);
    }

    public static ApiException notAcceptable(String message) {
        return new ApiException(406, "NotAcceptable", message, null);
    }

    public static ApiException timeout(String message, List<Cause> causes) {
        return new ApiException(504, "Timeout", "Timeout: " + message,
                causes == null ? null : new Details(null, null, null, null, causes, 1));
    }

    public static ApiException serviceUnavailable(String message) {
        return new ApiException(503, "ServiceUnavailable", message, null);
    }

    public static ApiException internal(String message) {
        return new ApiException(500, "InternalError", "Internal error occurred: " + message, null);
    }
}
