package io.stevedore.shell.internal;

import io.stevedore.api.ApiException;
import java.util.List;

/** A command failure whose message is exactly what kubectl prints for it. */
public class CommandError extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public CommandError(String message) {
        super(message);
    }

    /** kubectl's rendering of a server error: "Error from server (NotFound): pods \"x\" not found". */
    public static String message(ApiException e) {
        if ("Invalid".equals(e.reason())) {
            return "The " + e.getMessage();
        }
        String reason = e.reason() == null || e.reason().isEmpty() ? "Unknown" : e.reason();
        return "Error from server (" + reason + "): " + e.getMessage();
    }

    public static CommandError of(ApiException e) {
        return new CommandError(message(e));
    }

    /** One error carrying several messages, one per line, as kubectl prints them after partial output. */
    public static CommandError of(List<String> messages) {
        return new CommandError(String.join(System.lineSeparator(), messages));
    }

    /** A client-side error: "error: ..." as kubectl prints it. */
    public static CommandError client(String message) {
        return new CommandError("error: " + message);
    }
}
