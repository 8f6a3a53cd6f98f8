package io.stevedore.apiserver.internal.streams;

import io.stevedore.api.ApiException;
import io.stevedore.apiserver.internal.Json;
import io.stevedore.apiserver.internal.registry.StatusObjects;
import java.util.List;
import tools.jackson.databind.node.ObjectNode;

/**
 * The Status an exec or attach ends with on the error channel, as Go marshals {@code metav1.Status} there: no kind
 * or apiVersion, {@code metadata} first.
 */
public final class StreamStatus {

    /** Reason of a command that exited with a code other than 0, and the cause type that carries the code. */
    public static final String NON_ZERO_EXIT_CODE = "NonZeroExitCode";
    public static final String EXIT_CODE = "ExitCode";

    private StreamStatus() {
    }

    public static ObjectNode success() {
        ObjectNode s = Json.NODES.objectNode();
        s.putObject("metadata");
        s.put("status", "Success");
        return s;
    }

    /**
     * A non-zero exit. {@code why} is the runtime's error text: the kubelet's message reads
     * {@code command terminated with non-zero exit code: error executing command [sh -c ...], exit code 3}; the
     * API server's v5 translator wraps the code its SPDY client decoded instead:
     * {@code command terminated with non-zero exit code: command terminated with exit code 3}.
     */
    public static ObjectNode nonZeroExit(int code, String why) {
        ObjectNode s = Json.NODES.objectNode();
        s.putObject("metadata");
        s.put("status", "Failure");
        s.put("message", "command terminated with non-zero exit code: " + why);
        s.put("reason", NON_ZERO_EXIT_CODE);
        s.putObject("details").putArray("causes").addObject().put("reason", EXIT_CODE).put("message",
                Integer.toString(code));
        return s;
    }

    /** The runtime's text of an exit code for a command, as containerd and CRI-O word it. */
    public static String runtimeExitText(List<String> command, int code) {
        return "error executing command [" + String.join(" ", command) + "], exit code " + code;
    }

    public static ObjectNode of(ApiException e) {
        ObjectNode s = StatusObjects.of(e);
        s.remove("kind");
        s.remove("apiVersion");
        return s;
    }

    /** The message a pre-v4 error channel carries for a failure (nothing for success). */
    public static String text(ObjectNode status) {
        return status.path("message").asString("");
    }
}
