package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.RuntimeError;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Starts a container's command under a small wrapper shell, so that the command outlives the JVM and
 * its end is recorded even when no JVM is there to see it:
 * <ul>
 *   <li>the wrapper runs in a session of its own ({@code setsid}), detached from Karaf's terminal, with
 *       stdout and stderr redirected straight to the log file (no pipe to the JVM: nothing breaks
 *       when Karaf dies, no SIGPIPE);</li>
 *   <li>it starts the command through {@code setsid} again, so that the command leads a process group
 *       (and session) of its own, without the wrapper: signals sent to that group reach the command and
 *       its children, and even SIGKILL leaves the wrapper alive to record how it ended;</li>
 *   <li>it writes the command's pid to {@code pid}, waits for it, and writes its exit code to
 *       {@code exit} (128+N when signal N killed it, as Docker reports; the file's modification time is
 *       when it exited); then, as a container's processes all end with its main process, it kills
 *       what is left of the group;</li>
 *   <li>for a container with stdin, a process holding the {@code stdin} FIFO open (the "keeper") keeps
 *       the command from seeing end-of-file while nobody is attached; killing it closes stdin.</li>
 * </ul>
 */
final class Launcher {

    /** $1 exit file, $2 pid file, $3 stdin FIFO or "", $4 keeper pid file, $5 setsid; then the command. */
    static final String WRAPPER = String.join("\n",
            "exit_file=$1 pid_file=$2 fifo=$3 keeper_file=$4 setsid=$5",
            "shift 5",
            "keeper=",
            "if [ -n \"$fifo\" ]; then",
            "  PATH=/usr/local/bin:/usr/bin:/bin:$PATH sleep 2147483647 3<>\"$fifo\" </dev/null >/dev/null 2>&1 &",
            "  keeper=$!",
            "  echo \"$keeper\" >\"$keeper_file\"",
            "  \"$setsid\" \"$@\" <\"$fifo\" &",
            "else",
            "  \"$setsid\" \"$@\" </dev/null &",
            "fi",
            "pid=$!",
            "echo \"$pid\" >\"$pid_file\"",
            "wait \"$pid\"",
            "code=$?",
            "echo \"$code\" >\"$exit_file\"",
            "kill -KILL -\"$pid\" 2>/dev/null",
            "[ -z \"$keeper\" ] || kill \"$keeper\" 2>/dev/null",
            "exit 0");

    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);

    private final Path setsid;

    Launcher(Path setsid) {
        this.setsid = setsid;
    }

    /** The wrapper and the command it started (null when that ended before it could be looked at). */
    record Launched(HostProcess wrapper, HostProcess command) {
    }

    /**
     * Starts the command and returns once the wrapper has recorded its pid.
     *
     * @param stdinFifo the FIFO to create and read stdin from, or null for /dev/null
     * @param onStarted told of the wrapper as soon as it runs (before the command is known), so that it
     *                  can be recorded before anything else can fail
     */
    Launched launch(List<String> argv, Map<String, String> env, Path workingDir, Path log, Path pidFile,
                    Path exitFile, Path stdinFifo, Path keeperFile, Consumer<HostProcess> onStarted) {
        if (stdinFifo != null) {
            mkfifo(stdinFifo);
        }
        List<String> line = new ArrayList<>(List.of(setsid.toString(), "/bin/sh", "-c", WRAPPER, "stevedore-wrapper",
                exitFile.toString(), pidFile.toString(), stdinFifo == null ? "" : stdinFifo.toString(),
                keeperFile.toString(), setsid.toString()));
        line.addAll(argv);
        ProcessBuilder pb = new ProcessBuilder(line).directory(workingDir.toFile())
                .redirectInput(new File("/dev/null"))
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().putAll(env);
        Process p;
        try {
            p = pb.start();
        } catch (IOException e) {
            throw new RuntimeError("process runtime: cannot start " + argv.get(0) + ": " + e.getMessage(), false, e);
        }
        HostProcess wrapper = HostProcess.find(p.pid()).orElse(null);
        onStarted.accept(wrapper);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        Optional<Long> pid;
        while ((pid = readPid(pidFile)).isEmpty()) {
            if (!p.isAlive() && readPid(pidFile).isEmpty()) {
                throw new RuntimeError("process runtime: the wrapper of " + argv.get(0) + " exited with "
                        + p.exitValue() + " before starting it");
            }
            if (System.nanoTime() > deadline) {
                p.destroyForcibly();
                throw new RuntimeError("process runtime: " + argv.get(0) + " did not start within "
                        + START_TIMEOUT.toSeconds() + "s");
            }
            sleep(5);
        }
        // the pid is known as soon as the wrapper forked: wait until the command leads its own group
        // (setsid done), or a signal sent to that group right away would reach nothing
        long command = pid.get();
        long wrapperPid = p.pid();
        while (HostProcess.stat(command).filter(s -> !s.gone() && s.pgrp() == wrapperPid).isPresent()) {
            if (System.nanoTime() > deadline) {
                throw new RuntimeError("process runtime: " + argv.get(0) + " did not start within "
                        + START_TIMEOUT.toSeconds() + "s");
            }
            sleep(1);
        }
        return new Launched(wrapper, HostProcess.find(command).orElse(null));
    }

    /** The pid the wrapper wrote, once it has written it whole. */
    static Optional<Long> readPid(Path file) {
        try {
            String s = Files.readString(file).trim();
            return s.isEmpty() ? Optional.empty() : Optional.of(Long.parseLong(s));
        } catch (IOException | NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static void mkfifo(Path fifo) {
        try {
            Files.deleteIfExists(fifo);
            Process p = new ProcessBuilder("mkfifo", "-m", "600", fifo.toString()).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).trim();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new RuntimeError("process runtime: mkfifo " + fifo + " failed: " + out);
            }
        } catch (IOException e) {
            throw new RuntimeError("process runtime: mkfifo " + fifo + ": " + e.getMessage(), false, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("process runtime: interrupted creating " + fifo, false, e);
        }
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RuntimeError("process runtime: interrupted while starting a container", false, e);
        }
    }
}
