package io.stevedore.apiserver.internal.http;

import io.stevedore.api.ApiException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Content negotiation as Kubernetes does it: the media type of a response is chosen from the
 * Accept header, honouring the {@code as}, {@code g}, {@code v} parameters that ask for a Table or
 * aggregated discovery.
 */
final class MediaTypes {

    static final String JSON = "application/json";
    static final String YAML = "application/yaml";
    static final String PROTOBUF = "application/vnd.kubernetes.protobuf";
    static final String AGGREGATED_DISCOVERY = "application/json;g=apidiscovery.k8s.io;v=v2;as=APIGroupDiscoveryList";

    /** What the response body will be. */
    enum Output { JSON, YAML, PROTOBUF, TABLE, AGGREGATED_DISCOVERY }

    /** One entry of an Accept header. */
    record MediaRange(String type, Map<String, String> params) {
        String param(String name) {
            return params.get(name);
        }
    }

    private MediaTypes() {
    }

    static List<MediaRange> parseAccept(String header) {
        List<MediaRange> out = new ArrayList<>();
        if (header == null || header.isBlank()) {
            return out;
        }
        for (String part : header.split(",")) {
            String[] pieces = part.trim().split(";");
            String type = pieces[0].trim().toLowerCase(Locale.ROOT);
            if (type.isEmpty()) {
                continue;
            }
            Map<String, String> params = new LinkedHashMap<>();
            for (int i = 1; i < pieces.length; i++) {
                String[] kv = pieces[i].split("=", 2);
                if (kv.length == 2) {
                    params.put(kv[0].trim().toLowerCase(Locale.ROOT), kv[1].trim().replace("\"", ""));
                }
            }
            out.add(new MediaRange(type, params));
        }
        return out;
    }

    /**
     * Picks the output for an object or list response.
     *
     * @param tableAllowed whether a Table may be served (lists and gets of resources)
     */
    static Output negotiate(String accept, boolean tableAllowed) {
        List<MediaRange> ranges = parseAccept(accept);
        if (ranges.isEmpty()) {
            return Output.JSON;
        }
        for (MediaRange r : ranges) {
            String as = r.param("as");
            if (as != null) {
                if (as.equals("Table") && tableAllowed && "meta.k8s.io".equals(r.param("g"))
                        && ("v1".equals(r.param("v")) || "v1beta1".equals(r.param("v")))
                        && (r.type().equals(JSON) || r.type().equals("*/*"))) {
                    return Output.TABLE;
                }
                continue;
            }
            switch (r.type()) {
                case JSON, "*/*", "application/*", "application/json-patch+json", "application/merge-patch+json" -> {
                    return Output.JSON;
                }
                case YAML -> {
                    return Output.YAML;
                }
                case PROTOBUF -> {
                    return Output.PROTOBUF;
                }
                default -> { }
            }
        }
        throw ApiException.notAcceptable("only the following media types are accepted: application/json, "
                + "application/yaml, application/vnd.kubernetes.protobuf");
    }

    /** Whether the client asked for aggregated discovery (v2) before any plain type. */
    static boolean wantsAggregatedDiscovery(String accept) {
        for (MediaRange r : parseAccept(accept)) {
            if ("APIGroupDiscoveryList".equals(r.param("as")) && "apidiscovery.k8s.io".equals(r.param("g"))
                    && "v2".equals(r.param("v"))) {
                return true;
            }
            if (r.param("as") == null) {
                return false;
            }
        }
        return false;
    }
}
