package io.stevedore.apiserver.internal.streams;

import io.stevedore.api.ApiException;
import io.stevedore.api.runtime.LogOptions;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The query parameters of the pod stream subresources, decoded as Kubernetes' parameter codec decodes
 * {@code PodLogOptions}, {@code PodExecOptions} and {@code PodAttachOptions}, and validated as its registry does.
 */
public final class StreamQueries {

    private StreamQueries() {
    }

    /** {@code pods/log}: the container (null for the only one), whether to read the previous instance, and the rest. */
    public record LogQuery(String container, boolean previous, LogOptions options) {
    }

    /** {@code pods/exec} and {@code pods/attach} (attach has no command). */
    public record ExecQuery(String container, List<String> command, boolean stdin, boolean stdout, boolean stderr,
                            boolean tty) {
    }

    /** Decodes and validates PodLogOptions (422 Invalid as ValidatePodLogOptions, 400 for values that do not parse). */
    public static LogQuery log(String pod, Map<String, List<String>> q, Clock clock) {
        Long tail = int64(q, "tailLines");
        Long limit = int64(q, "limitBytes");
        Long sinceSeconds = int64(q, "sinceSeconds");
        Instant sinceTime = time(q, "sinceTime");
        List<String[]> errors = new ArrayList<>(); // {reason, field, body}
        if (tail != null && tail < 0) {
            errors.add(new String[] {"FieldValueInvalid", "tailLines", "Invalid value: " + tail
                    + ": must be greater than or equal to 0"});
        }
        if (limit != null && limit < 1) {
            errors.add(new String[] {"FieldValueInvalid", "limitBytes", "Invalid value: " + limit
                    + ": must be greater than 0"});
        }
        if (sinceSeconds != null && sinceTime != null) {
            errors.add(new String[] {"FieldValueForbidden", "",
                    "Forbidden: at most one of `sinceTime` or `sinceSeconds` may be specified"});
        } else if (sinceSeconds != null && sinceSeconds < 1) {
            errors.add(new String[] {"FieldValueInvalid", "sinceSeconds", "Invalid value: " + sinceSeconds
                    + ": must be greater than 0"});
        }
        if (!errors.isEmpty()) {
            throw invalid("PodLogOptions", pod, errors);
        }
        Instant since = sinceTime != null ? sinceTime
                : sinceSeconds != null ? clock.instant().minusSeconds(sinceSeconds) : null;
        String container = first(q, "container");
        return new LogQuery(container == null || container.isEmpty() ? null : container, bool(q, "previous", false),
                new LogOptions(bool(q, "follow", false), bool(q, "timestamps", false), tail, since, limit));
    }

    /** Decodes PodExecOptions or PodAttachOptions; stdout and stderr default to true, and a terminal has no stderr. */
    public static ExecQuery exec(Map<String, List<String>> q, boolean attach) {
        List<String> command = attach ? List.of() : List.copyOf(q.getOrDefault("command", List.of()));
        boolean stdin = bool(q, "stdin", false);
        boolean stdout = bool(q, "stdout", true);
        boolean stderr = bool(q, "stderr", true);
        boolean tty = bool(q, "tty", false);
        if (!stdin && !stdout && !stderr) {
            throw ApiException.badRequest("you must specify at least 1 of stdin, stdout, stderr");
        }
        String container = first(q, "container");
        return new ExecQuery(container == null || container.isEmpty() ? null : container, command, stdin, stdout,
                stderr && !tty, tty);
    }

    /** Kubernetes' message for several field errors: {@code Kind "name" is invalid: [f: body, ...]}. */
    private static ApiException invalid(String kind, String name, List<String[]> errors) {
        List<ApiException.Cause> causes = new ArrayList<>();
        List<String> rendered = new ArrayList<>();
        for (String[] e : errors) {
            causes.add(new ApiException.Cause(e[0], e[2], e[1]));
            rendered.add(e[1] + ": " + e[2]);
        }
        String agg = rendered.size() == 1 ? rendered.get(0) : "[" + String.join(", ", rendered) + "]";
        return new ApiException(422, "Invalid", kind + " \"" + name + "\" is invalid: " + agg,
                new ApiException.Details(name, "", kind, null, causes, null));
    }

    private static String first(Map<String, List<String>> q, String key) {
        List<String> v = q.get(key);
        return v == null || v.isEmpty() ? null : v.get(0);
    }

    /** A present boolean is true unless it is "0" or "false" (any case), as Kubernetes converts query strings. */
    static boolean bool(Map<String, List<String>> q, String key, boolean absent) {
        String v = first(q, key);
        if (v == null) {
            return absent;
        }
        return !(v.equals("0") || v.equalsIgnoreCase("false"));
    }

    private static Long int64(Map<String, List<String>> q, String key) {
        String v = first(q, key);
        if (v == null || v.isEmpty()) {
            return null;
        }
        try {
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("strconv.ParseInt: parsing \"" + v + "\": invalid syntax");
        }
    }

    private static Instant time(Map<String, List<String>> q, String key) {
        String v = first(q, key);
        if (v == null || v.isEmpty() || v.equals("null")) {
            return null;
        }
        try {
            return OffsetDateTime.parse(v).toInstant();
        } catch (DateTimeParseException e) {
            throw ApiException.badRequest("parsing time \"" + v + "\" as \"2006-01-02T15:04:05Z07:00\": cannot parse \""
                    + v + "\"");
        }
    }
}
