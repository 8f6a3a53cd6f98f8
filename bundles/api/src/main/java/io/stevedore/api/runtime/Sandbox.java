package io.stevedore.api.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A pod sandbox as the runtime reports it.
 *
 * @param id        the runtime's ID
 * @param podUid    the pod it belongs to
 * @param namespace the pod's namespace
 * @param name      the pod's name
 * @param attempt   its attempt number
 * @param ready     whether it is running (its network is up)
 * @param ip        the pod's IP in it (empty while it has none)
 * @param createdAt when it was created
 * @param labels    its labels
 */
public record Sandbox(String id, String podUid, String namespace, String name, int attempt, boolean ready, String ip,
                      Instant createdAt, Map<String, String> labels) {
}
