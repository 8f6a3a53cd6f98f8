package io.stevedore.runtime.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A host process known by more than its pid: the start time {@code /proc/PID/stat} gives it (in clock
 * ticks since boot) and the boot it ran in, so that a pid reused after the process died, or after a
 * reboot, is never taken for it.
 *
 * @param pid        its pid
 * @param startTicks field 22 of {@code /proc/PID/stat}
 * @param bootId     {@code /proc/sys/kernel/random/boot_id} when it was seen
 */
record HostProcess(long pid, long startTicks, String bootId) {

    /** What {@code /proc/PID/stat} says of a process (fields 3, 4, 5 and 22). */
    record Stat(char state, long ppid, long pgrp, long startTicks) {
        boolean gone() {
            return state == 'Z' || state == 'X' || state == 'x';
        }
    }

    private static final String BOOT_ID = readBootId();

    /** The process that has this pid now, if any. */
    static Optional<HostProcess> find(long pid) {
        return stat(pid).filter(s -> !s.gone()).map(s -> new HostProcess(pid, s.startTicks(), BOOT_ID));
    }

    /** Whether this very process still runs (a zombie does not). */
    boolean isAlive() {
        return BOOT_ID.equals(bootId)
                && stat(pid).filter(s -> !s.gone() && s.startTicks() == startTicks).isPresent();
    }

    /** Whether process {@code pid} runs and has {@code file} open as descriptor {@code fd}. */
    static boolean holds(long pid, int fd, Path file) {
        try {
            Path open = Files.readSymbolicLink(Path.of("/proc", Long.toString(pid), "fd", Integer.toString(fd)));
            boolean same = open.equals(file) || open.equals(file.toRealPath());
            return same && stat(pid).filter(s -> !s.gone()).isPresent();
        } catch (IOException | UnsupportedOperationException e) {
            return false;
        }
    }

    static Optional<Stat> stat(long pid) {
        String line;
        try {
            line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return Optional.empty();
        }
        // "pid (comm) S ppid pgrp ...": comm may hold spaces and parentheses, so count from the last ')'
        int close = line.lastIndexOf(')');
        if (close < 0 || close + 2 >= line.length()) {
            return Optional.empty();
        }
        String[] f = line.substring(close + 2).trim().split(" ");
        if (f.length < 20) {
            return Optional.empty();
        }
        try {
            return Optional.of(new Stat(f[0].charAt(0), Long.parseLong(f[1]), Long.parseLong(f[2]),
                    Long.parseLong(f[19])));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends a signal ({@code TERM}, {@code KILL}) to every process of a process group, through the
     * shell's {@code kill} (Java signals single processes only).
     *
     * @return whether the group existed
     */
    static boolean signalGroup(long pgid, String signal) {
        ProcessBuilder kill = new ProcessBuilder("/bin/sh", "-c", "kill -\"$1\" -\"$2\" 2>/dev/null", "kill",
                signal, Long.toString(pgid)).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        try {
            Process p = kill.start();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("kill -" + signal + " -" + pgid + " did not return");
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new IllegalStateException("kill -" + signal + " -" + pgid + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while signalling process group " + pgid, e);
        }
    }

    private static String readBootId() {
        try {
            return Files.readString(Path.of("/proc/sys/kernel/random/boot_id")).trim();
        } catch (IOException e) {
            return "";
        }
    }
}
