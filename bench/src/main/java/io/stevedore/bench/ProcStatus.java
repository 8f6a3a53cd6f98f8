package io.stevedore.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Figures of this JVM from /proc/self/status. */
final class ProcStatus {

    private ProcStatus() {
    }

    /** A size field (VmRSS, VmHWM) in MiB, or "n/a". */
    static String mib(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return (Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024) + " MiB";
                }
            }
        } catch (IOException | NumberFormatException e) {
            return "n/a";
        }
        return "n/a";
    }
}
