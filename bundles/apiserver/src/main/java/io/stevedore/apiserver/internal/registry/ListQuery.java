package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import io.stevedore.api.registry.ListOptions;
import java.util.List;

/**
 * What a list request asks of the store, after Kubernetes' validation of list options.
 *
 * @param revision     0 for a consistent read at the newest revision, else the exact revision
 * @param limit        page size, 0 for everything
 * @param continueFrom key (relative to the prefix) to continue after, null for the first page
 */
record ListQuery(long revision, long limit, String continueFrom) {

    static ListQuery of(ListOptions o) {
        String rv = o.resourceVersion() == null ? "" : o.resourceVersion();
        String match = o.resourceVersionMatch() == null ? "" : o.resourceVersionMatch();
        if (o.sendInitialEvents() != null) {
            throw invalid("sendInitialEvents", "Forbidden: sendInitialEvents is forbidden for list");
        }
        if (!match.isEmpty() && rv.isEmpty()) {
            throw invalid("resourceVersionMatch",
                    "Forbidden: resourceVersionMatch is forbidden unless resourceVersion is provided");
        }
        if (!match.isEmpty() && o.continueToken() != null && !o.continueToken().isEmpty()) {
            throw invalid("resourceVersionMatch",
                    "Forbidden: resourceVersionMatch is forbidden when continue is provided");
        }
        if (!match.isEmpty() && !match.equals("NotOlderThan") && !match.equals("Exact")) {
            throw invalid("resourceVersionMatch", "Unsupported value: \"" + match
                    + "\": supported values: \"Exact\", \"NotOlderThan\", \"\"");
        }
        if (match.equals("Exact") && rv.equals("0")) {
            throw invalid("resourceVersionMatch",
                    "Forbidden: resourceVersionMatch \"exact\" is forbidden for resourceVersion \"0\"");
        }
        if (o.continueToken() != null && !o.continueToken().isEmpty()) {
            if (!rv.isEmpty() && !rv.equals("0")) {
                throw ApiException.badRequest("specifying resource version is not allowed when using continue");
            }
            ContinueToken t = ContinueToken.decode(o.continueToken());
            return new ListQuery(t.revision() > 0 ? t.revision() : 0, Math.max(0, o.limit()), t.start());
        }
        long parsed = parseRv(rv);
        if (rv.equals("0") || rv.isEmpty()) {
            // "0": any freshness (limit is ignored, as the watch cache does); "": consistent read
            return new ListQuery(0, rv.equals("0") ? 0 : Math.max(0, o.limit()), null);
        }
        boolean exact = match.equals("Exact") || (match.isEmpty() && o.limit() > 0);
        return new ListQuery(exact ? parsed : 0, Math.max(0, o.limit()), null);
    }

    static long parseRv(String rv) {
        if (rv == null || rv.isEmpty()) {
            return 0;
        }
        try {
            long v = Long.parseLong(rv);
            if (v < 0) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid resource version: " + rv);
        }
    }

    private static ApiException invalid(String field, String message) {
        return ApiException.invalid("ListOptions", "meta.k8s.io", "",
                List.of(new ApiException.Cause(message.startsWith("Forbidden") ? "FieldValueForbidden"
                        : "FieldValueNotSupported", message, field)));
    }
}
