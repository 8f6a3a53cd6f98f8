package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.RuntimeError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;

/**
 * Hands out pod addresses from 127.42.0.0/16 (all of 127.0.0.0/8 is the host's loopback on Linux, so
 * nothing needs configuring). Like CNI's host-local IPAM it goes round the range from the last address
 * it gave, kept in a file, so that an address just released is not handed out again at once.
 */
final class LoopbackAddresses {

    static final String RANGE = "127.42.0.0/16";
    private static final int SIZE = 1 << 16;

    private final Path lastFile;
    private int last;

    LoopbackAddresses(Path lastFile) {
        this.lastFile = lastFile;
        this.last = readLast(lastFile);
    }

    /** A free address (not in {@code inUse}), remembered as the last one given. */
    synchronized String allocate(Set<String> inUse) {
        for (int i = 1; i < SIZE; i++) {
            int host = (last + i) % SIZE;
            if (host == 0 || host == SIZE - 1) {
                continue; // the range's network and broadcast addresses
            }
            String ip = address(host);
            if (!inUse.contains(ip)) {
                last = host;
                try {
                    StateDir.write(lastFile, ip + "\n");
                } catch (IOException e) {
                    throw new RuntimeError("process runtime: cannot record the last pod address: " + e.getMessage(),
                            false, e);
                }
                return ip;
            }
        }
        throw new RuntimeError("process runtime: no free pod address in " + RANGE);
    }

    static String address(int host) {
        return "127.42." + (host >> 8) + "." + (host & 0xff);
    }

    private static int readLast(Path file) {
        try {
            String[] octets = Files.readString(file).trim().split("\\.");
            return octets.length == 4 ? Integer.parseInt(octets[2]) << 8 | Integer.parseInt(octets[3]) : 0;
        } catch (IOException | NumberFormatException e) {
            return 0;
        }
    }
}
