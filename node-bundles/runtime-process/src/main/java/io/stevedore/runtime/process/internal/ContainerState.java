package io.stevedore.runtime.process.internal;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A container as its state file ({@code sandboxes/SID/containers/ID/container.json}) keeps it: what
 * it runs and, once started, which host processes are its own.
 *
 * @param argv       the command line (command and args)
 * @param env        the environment it runs with, in order
 * @param workingDir the host directory it runs in
 * @param wrapper    the wrapper shell that waits for the command and records its exit, once started
 * @param command    the command, leader of its own process group, once started and seen
 */
record ContainerState(String id, String sandboxId, String name, int attempt, String image, List<String> argv,
                      Map<String, String> env, String workingDir, boolean stdin, boolean stdinOnce, boolean tty,
                      Map<String, String> labels, Instant createdAt, Instant startedAt, HostProcess wrapper,
                      HostProcess command) {

    ContainerState {
        argv = List.copyOf(argv);
        env = Collections.unmodifiableMap(new LinkedHashMap<>(env));
        labels = Map.copyOf(labels);
    }

    ContainerState started(Instant at, HostProcess wrapper, HostProcess command) {
        return new ContainerState(id, sandboxId, name, attempt, image, argv, env, workingDir, stdin, stdinOnce, tty,
                labels, createdAt, at, wrapper, command);
    }

    Map<String, Object> toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("version", 1);
        m.put("id", id);
        m.put("sandboxId", sandboxId);
        m.put("name", name);
        m.put("attempt", attempt);
        m.put("image", image);
        m.put("argv", argv);
        m.put("env", env);
        m.put("workingDir", workingDir);
        m.put("stdin", stdin);
        m.put("stdinOnce", stdinOnce);
        m.put("tty", tty);
        m.put("labels", new LinkedHashMap<>(labels));
        m.put("createdAt", createdAt.toString());
        m.put("startedAt", startedAt == null ? null : startedAt.toString());
        m.put("wrapper", process(wrapper));
        m.put("command", process(command));
        return m;
    }

    static ContainerState fromJson(Map<String, Object> m) {
        String started = StateDir.string(m, "startedAt");
        return new ContainerState(StateDir.string(m, "id"), StateDir.string(m, "sandboxId"), StateDir.string(m, "name"),
                (int) StateDir.number(m, "attempt"), StateDir.string(m, "image"), StateDir.stringList(m, "argv"),
                StateDir.stringMap(m, "env"), StateDir.string(m, "workingDir"), StateDir.bool(m, "stdin"),
                StateDir.bool(m, "stdinOnce"), StateDir.bool(m, "tty"), StateDir.stringMap(m, "labels"),
                Instant.parse(StateDir.string(m, "createdAt")), started == null ? null : Instant.parse(started),
                process(m.get("wrapper")), process(m.get("command")));
    }

    private static Map<String, Object> process(HostProcess p) {
        if (p == null) {
            return null;
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("pid", p.pid());
        m.put("startTicks", p.startTicks());
        m.put("bootId", p.bootId());
        return m;
    }

    @SuppressWarnings("unchecked")
    private static HostProcess process(Object json) {
        if (!(json instanceof Map<?, ?> raw)) {
            return null;
        }
        Map<String, Object> m = (Map<String, Object>) raw;
        return new HostProcess(StateDir.number(m, "pid"), StateDir.number(m, "startTicks"),
                StateDir.string(m, "bootId"));
    }
}
