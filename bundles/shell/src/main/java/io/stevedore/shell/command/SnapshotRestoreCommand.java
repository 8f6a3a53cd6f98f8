package io.stevedore.shell.command;

import io.stevedore.api.store.Store;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.ShellPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code kube:snapshot-restore FILE}: replaces the cluster state with a snapshot's, as watchers see writes. */
@Service
@Command(scope = "kube", name = "snapshot-restore", description = "Restore the whole cluster state from a snapshot file")
public class SnapshotRestoreCommand implements Action {

    /** Optional, so that a missing store (a node without the control plane) does not hide every kube command. */
    @Reference(optional = true)
    Store store;

    @Reference
    Session session;

    @Argument(index = 0, name = "file", required = true, description = "The snapshot file to read")
    @Completion(FileCompleter.class)
    String file;

    @Override
    public Object execute() throws IOException {
        execute(session.getConsole());
        return null;
    }

    void execute(PrintStream out) throws IOException {
        if (store == null) {
            throw CommandError.client("no cluster state store is available in this container");
        }
        Path path = ShellPaths.resolve(session, file);
        if (!Files.isRegularFile(path)) {
            throw CommandError.client("snapshot file \"" + path + "\" does not exist");
        }
        long revision = store.restoreSnapshot(path);
        out.println("Snapshot " + path + " restored (revision " + revision + ")");
    }
}
