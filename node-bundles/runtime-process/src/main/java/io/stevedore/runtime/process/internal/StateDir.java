package io.stevedore.runtime.process.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The runtime's directory: one directory per sandbox with its state file, and in it one directory per
 * container with its state file, combined log, exit record and working root.
 * <pre>
 * DATA/sandboxes/SID/sandbox.json
 * DATA/sandboxes/SID/containers/CID/container.json
 *                                  /output.log   stdout and stderr, in order
 *                                  /pid          the command's pid, written by the wrapper
 *                                  /exit         its exit code, written by the wrapper (mtime: when)
 *                                  /stdin        a FIFO, for containers with stdin
 *                                  /stdin.keeper the pid of the process that holds the FIFO open
 *                                  /root         its root: mount links and default working directory
 * </pre>
 * State files are replaced atomically (written aside, then renamed), so a crash never leaves half of one.
 */
final class StateDir {

    private static final Logger LOG = LoggerFactory.getLogger(StateDir.class);
    private static final String SANDBOX_FILE = "sandbox.json";
    private static final String CONTAINER_FILE = "container.json";

    private final Path sandboxes;

    StateDir(Path root) {
        this.sandboxes = root.resolve("sandboxes");
        try {
            Files.createDirectories(sandboxes);
        } catch (IOException e) {
            throw new IllegalStateException("cannot create " + sandboxes + ": " + e.getMessage(), e);
        }
    }

    Path sandboxDir(String sandboxId) {
        return sandboxes.resolve(sandboxId);
    }

    Path containerDir(String sandboxId, String containerId) {
        return sandboxDir(sandboxId).resolve("containers").resolve(containerId);
    }

    Path containerDir(ContainerState c) {
        return containerDir(c.sandboxId(), c.id());
    }

    Path logFile(ContainerState c) {
        return containerDir(c).resolve("output.log");
    }

    Path pidFile(ContainerState c) {
        return containerDir(c).resolve("pid");
    }

    Path exitFile(ContainerState c) {
        return containerDir(c).resolve("exit");
    }

    Path stdinFifo(ContainerState c) {
        return containerDir(c).resolve("stdin");
    }

    Path stdinKeeperFile(ContainerState c) {
        return containerDir(c).resolve("stdin.keeper");
    }

    Path rootDir(String sandboxId, String containerId) {
        return containerDir(sandboxId, containerId).resolve("root");
    }

    void save(SandboxState s) throws IOException {
        write(sandboxDir(s.id()).resolve(SANDBOX_FILE), Json.write(s.toJson()));
    }

    void save(ContainerState c) throws IOException {
        write(containerDir(c).resolve(CONTAINER_FILE), Json.write(c.toJson()));
    }

    List<SandboxState> loadSandboxes() {
        List<SandboxState> result = new ArrayList<>();
        for (Path dir : children(sandboxes)) {
            read(dir.resolve(SANDBOX_FILE), SandboxState::fromJson).ifPresent(result::add);
        }
        return result;
    }

    List<ContainerState> loadContainers(String sandboxId) {
        List<ContainerState> result = new ArrayList<>();
        for (Path dir : children(sandboxDir(sandboxId).resolve("containers"))) {
            read(dir.resolve(CONTAINER_FILE), ContainerState::fromJson).ifPresent(result::add);
        }
        return result;
    }

    /** Deletes a directory tree; symbolic links (the mounts) are removed, never followed. */
    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir, LinkOption.NOFOLLOW_LINKS)) {
            return;
        }
        Files.walkFileTree(dir, new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                Files.deleteIfExists(file);
                return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) throws IOException {
                if (e instanceof NoSuchFileException) {
                    return FileVisitResult.CONTINUE;
                }
                throw e;
            }

            @Override
            public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                if (e != null && !(e instanceof NoSuchFileException)) {
                    throw e;
                }
                Files.deleteIfExists(d);
                return FileVisitResult.CONTINUE;
            }
        });
    }

    /** Replaces a file's content atomically. */
    static void write(Path file, String content) throws IOException {
        Files.createDirectories(file.getParent());
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, content, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    private static List<Path> children(Path dir) {
        List<Path> result = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return result;
        }
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, Files::isDirectory)) {
            entries.forEach(result::add);
        } catch (IOException e) {
            LOG.warn("Cannot list {}: {}", dir, e.toString());
        }
        return result;
    }

    @SuppressWarnings("unchecked")
    private static <T> Optional<T> read(Path file, Function<Map<String, Object>, T> decode) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        try {
            return Optional.of(decode.apply((Map<String, Object>) Json.parse(Files.readString(file))));
        } catch (IOException | RuntimeException e) {
            LOG.warn("Ignoring unreadable state file {}: {}", file, e.toString());
            return Optional.empty();
        }
    }

    // Field access for the state records' fromJson

    static String string(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v == null ? null : v.toString();
    }

    static long number(Map<String, Object> m, String key) {
        Object v = m.get(key);
        return v instanceof Number n ? n.longValue() : 0;
    }

    static boolean bool(Map<String, Object> m, String key) {
        return Boolean.TRUE.equals(m.get(key));
    }

    static Map<String, String> stringMap(Map<String, Object> m, String key) {
        Map<String, String> result = new LinkedHashMap<>();
        if (m.get(key) instanceof Map<?, ?> raw) {
            raw.forEach((k, v) -> result.put(String.valueOf(k), v == null ? "" : v.toString()));
        }
        return result;
    }

    static List<String> stringList(Map<String, Object> m, String key) {
        List<String> result = new ArrayList<>();
        if (m.get(key) instanceof List<?> raw) {
            raw.forEach(v -> result.add(String.valueOf(v)));
        }
        return result;
    }
}
