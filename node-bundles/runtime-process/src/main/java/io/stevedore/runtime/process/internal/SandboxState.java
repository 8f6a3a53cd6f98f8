package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.Sandbox;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sandbox as its state file ({@code sandboxes/ID/sandbox.json}) keeps it.
 *
 * @param ip the pod's loopback address while the sandbox is ready, else empty
 */
record SandboxState(String id, String podUid, String namespace, String name, int attempt, String hostname,
                    boolean hostNetwork, boolean ready, String ip, Instant createdAt, Map<String, String> labels) {

    SandboxState {
        labels = Map.copyOf(labels);
    }

    SandboxState stopped() {
        return new SandboxState(id, podUid, namespace, name, attempt, hostname, hostNetwork, false, "", createdAt,
                labels);
    }

    Sandbox toSandbox() {
        return new Sandbox(id, podUid, namespace, name, attempt, ready, ip, createdAt, labels);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("id", id);
        m.put("podUid", podUid);
        m.put("namespace", namespace);
        m.put("name", name);
        m.put("attempt", attempt);
        m.put("hostname", hostname);
        m.put("hostNetwork", hostNetwork);
        m.put("ready", ready);
        m.put("ip", ip);
        m.put("createdAt", createdAt.toString());
        m.put("labels", new LinkedHashMap<>(labels));
        return m;
    }

    static SandboxState fromJson(Map<String, Object> m) {
        return new SandboxState(StateDir.string(m, "id"), StateDir.string(m, "podUid"), StateDir.string(m, "namespace"),
                StateDir.string(m, "name"), (int) StateDir.number(m, "attempt"), StateDir.string(m, "hostname"),
                StateDir.bool(m, "hostNetwork"), StateDir.bool(m, "ready"), StateDir.string(m, "ip"),
                Instant.parse(StateDir.string(m, "createdAt")), StateDir.stringMap(m, "labels"));
    }
}
