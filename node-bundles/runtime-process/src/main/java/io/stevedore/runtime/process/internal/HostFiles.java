package io.stevedore.runtime.process.internal;

import io.stevedore.api.runtime.ContainerSpec;
import io.stevedore.api.runtime.RuntimeError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** What a container needs of the host's file system: its executable, and its volumes as links. */
final class HostFiles {

    private static final Logger LOG = LoggerFactory.getLogger(HostFiles.class);

    private HostFiles() {
    }

    /**
     * The executable as {@code execvp} would find it with this {@code PATH}, or an error worded like
     * runc's, so that a pod's status says what Docker's would.
     */
    static String executable(String name, String path, Path workingDir) {
        if (name.contains("/")) {
            Path p = workingDir.resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
            throw new RuntimeError("process runtime: exec: \"" + name + "\": no such file or directory");
        }
        for (String dir : path.split(":")) {
            Path p = workingDir.resolve(dir.isEmpty() ? "." : dir).resolve(name);
            if (Files.isRegularFile(p) && Files.isExecutable(p)) {
                return p.toString();
            }
        }
        throw new RuntimeError("process runtime: exec: \"" + name + "\": executable file not found in $PATH");
    }

    /**
     * Makes each mount a symbolic link {@code root/<containerPath without its leading slash>} to its host
     * path (parents first, so nested mounts land inside their parent volume as bind mounts would). A
     * path leading out of {@code root}, or one where a real file already is, is skipped with a warning.
     */
    static void linkMounts(Path root, List<ContainerSpec.Mount> mounts) {
        List<ContainerSpec.Mount> ordered = new ArrayList<>(mounts);
        ordered.sort(Comparator.comparing(ContainerSpec.Mount::containerPath));
        for (ContainerSpec.Mount m : ordered) {
            String relative = m.containerPath().replaceFirst("^/+", "");
            Path link = root.resolve(relative).normalize();
            if (relative.isEmpty() || !link.startsWith(root) || link.equals(root)) {
                LOG.warn("Not linking {}: its container path {} is outside the container's root", m.hostPath(),
                        m.containerPath());
                continue;
            }
            try {
                Files.createDirectories(link.getParent());
                if (Files.isSymbolicLink(link)) {
                    Files.delete(link);
                } else if (Files.exists(link, LinkOption.NOFOLLOW_LINKS)) {
                    LOG.warn("Not linking {} at {}: something is there already", m.hostPath(), link);
                    continue;
                }
                Files.createSymbolicLink(link, Path.of(m.hostPath()));
            } catch (IOException e) {
                throw new RuntimeError("process runtime: cannot link " + link + " to " + m.hostPath() + ": "
                        + e.getMessage(), false, e);
            }
        }
    }
}
