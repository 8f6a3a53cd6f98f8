package io.stevedore.shell.internal;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Flags typed after the arguments, as kubectl users do ({@code kube:get pods -n kube-system -o wide}).
 * Karaf stops parsing options at the first argument, so the commands parse what follows themselves.
 * Accepts {@code -n x}, {@code -n=x}, {@code -nx}, {@code --namespace x} and {@code --namespace=x}.
 */
public final class TrailingFlags {

    private final Map<String, Consumer<String>> valued = new HashMap<>();
    private final Map<String, Runnable> switches = new HashMap<>();

    /** A flag that takes a value. */
    public TrailingFlags value(Consumer<String> setter, String... names) {
        for (String n : names) {
            valued.put(n, setter);
        }
        return this;
    }

    /** A flag without a value. */
    public TrailingFlags flag(Runnable setter, String... names) {
        for (String n : names) {
            switches.put(n, setter);
        }
        return this;
    }

    /** Applies the flags found among {@code tokens}; returns the other tokens, in order. */
    public List<String> parse(List<String> tokens) {
        List<String> rest = new ArrayList<>();
        if (tokens == null) {
            return rest;
        }
        boolean flagsDone = false;
        for (int i = 0; i < tokens.size(); i++) {
            String t = tokens.get(i);
            if (flagsDone || !t.startsWith("-") || t.equals("-")) {
                rest.add(t);
                continue;
            }
            if (t.equals("--")) {
                flagsDone = true;
                continue;
            }
            int eq = t.indexOf('=');
            String name = eq > 0 ? t.substring(0, eq) : t;
            if (switches.containsKey(name) && eq < 0) {
                switches.get(name).run();
            } else if (valued.containsKey(name)) {
                if (eq > 0) {
                    valued.get(name).accept(t.substring(eq + 1));
                } else if (i + 1 < tokens.size()) {
                    valued.get(name).accept(tokens.get(++i));
                } else {
                    throw CommandError.client("flag needs an argument: " + quoteFlag(name));
                }
            } else if (!t.startsWith("--") && t.length() > 2 && valued.containsKey(t.substring(0, 2))) {
                valued.get(t.substring(0, 2)).accept(t.substring(2));
            } else {
                throw CommandError.client(t.startsWith("--") ? "unknown flag: " + name
                        : "unknown shorthand flag: '" + t.charAt(1) + "' in " + t);
            }
        }
        return rest;
    }

    private static String quoteFlag(String name) {
        return name.startsWith("--") ? name : "'" + name.substring(1) + "' in " + name;
    }
}
