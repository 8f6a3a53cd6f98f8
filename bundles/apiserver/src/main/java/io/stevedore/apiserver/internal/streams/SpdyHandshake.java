package io.stevedore.apiserver.internal.streams;

import java.util.ArrayList;
import java.util.List;

/**
 * The protocol negotiation of a plain SPDY/3.1 upgrade ({@code Upgrade: SPDY/3.1}), as Kubernetes' httpstream
 * handshake does it: the client lists {@code X-Stream-Protocol-Version} values (repeated or comma-separated) in its
 * order of preference, the server answers with the first one it supports, or 403 with the ones it accepts.
 */
public final class SpdyHandshake {

    public static final String PROTOCOL_HEADER = "X-Stream-Protocol-Version";
    public static final String ACCEPTED_HEADER = "X-Accepted-Stream-Protocol-Versions";
    /** The SPDY subprotocols of each pod stream served over plain SPDY (exec and attach are served over WebSocket). */
    public static final List<String> PORT_FORWARD = List.of("portforward.k8s.io");

    private SpdyHandshake() {
    }

    /** What a subresource accepts over plain SPDY. */
    public static List<String> serverProtocols(String subresource) {
        return subresource.equals("portforward") ? PORT_FORWARD : List.of();
    }

    /** The client's protocols, in order. */
    public static List<String> clientProtocols(List<String> headerValues) {
        List<String> out = new ArrayList<>();
        if (headerValues != null) {
            for (String h : headerValues) {
                for (String p : h.split(",")) {
                    if (!p.isBlank()) {
                        out.add(p.trim());
                    }
                }
            }
        }
        return out;
    }

    /** The first client protocol the server supports, or null. */
    public static String negotiate(List<String> client, List<String> server) {
        for (String c : client) {
            if (server.contains(c)) {
                return c;
            }
        }
        return null;
    }

    /** Why an upgrade is refused (the body of a 403), in Kubernetes' words; Go prints lists as [a b]. */
    public static String refusal(List<String> client, List<String> server) {
        if (client.isEmpty()) {
            return "unable to upgrade: " + PROTOCOL_HEADER + " is required";
        }
        return "unable to upgrade: unable to negotiate protocol: client supports [" + String.join(" ", client)
                + "], server accepts [" + String.join(" ", server) + "]";
    }
}
