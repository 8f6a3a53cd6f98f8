package io.stevedore.shell.internal;

import java.nio.file.Path;
import java.nio.file.Paths;
import org.apache.karaf.shell.api.console.Session;

/** File arguments, relative to the shell's current directory as the shell's own commands take them. */
public final class ShellPaths {

    private ShellPaths() {
    }

    public static Path resolve(Session session, String file) {
        Path p = Paths.get(file);
        if (!p.isAbsolute() && session != null && session.currentDir() != null) {
            return session.currentDir().resolve(p).normalize();
        }
        return p;
    }
}
