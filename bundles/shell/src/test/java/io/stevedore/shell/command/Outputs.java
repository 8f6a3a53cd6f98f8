package io.stevedore.shell.command;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/** Runs a command body against a captured console stream. */
final class Outputs {

    /** A command body that prints to the stream it is given. */
    interface Body {
        void run(PrintStream out) throws Exception;
    }

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
        return bytes.toString(StandardCharsets.UTF_8);
    }

    static String capture(Body body) throws Exception {
        Outputs o = new Outputs();
        body.run(o.out);
        return o.text();
    }
}
