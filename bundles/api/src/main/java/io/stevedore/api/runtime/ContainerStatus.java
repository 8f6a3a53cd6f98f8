package io.stevedore.api.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A container as the runtime reports it.
 *
 * @param id         the runtime's ID
 * @param sandboxId  the sandbox it runs in
 * @param name       the container's name in its pod
 * @param attempt    its restart count when created
 * @param state      created, running, exited or unknown
 * @param createdAt  when it was created
 * @param startedAt  when it started, or null
 * @param finishedAt when it exited, or null
 * @param exitCode   its exit code once exited
 * @param reason     why it exited ({@code OOMKilled}, {@code Error}, {@code Completed}), or null
 * @param message    more about it, or null
 * @param image      the image it was created from
 * @param imageId    that image's ID
 * @param labels     its labels
 */
public record ContainerStatus(String id, String sandboxId, String name, int attempt, State state, Instant createdAt,
                              Instant startedAt, Instant finishedAt, int exitCode, String reason, String message,
                              String image, String imageId, Map<String, String> labels) {

    public enum State { CREATED, RUNNING, EXITED, UNKNOWN }

    public String podUid() {
        return labels.get(Labels.POD_UID);
    }
}
