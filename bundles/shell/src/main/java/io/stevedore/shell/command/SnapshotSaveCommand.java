package io.stevedore.shell.command;

import io.stevedore.api.store.Store;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.ShellPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.api.console.Session;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code kube:snapshot-save FILE}: writes a consistent snapshot of the cluster state, like etcdctl snapshot save. */
@Service
@Command(scope = "kube", name = "snapshot-save", description = "Save a snapshot of the whole cluster state to a file")
public class SnapshotSaveCommand implements Action {

    /** Optional, so that a missing store (a node without the control plane) does not hide every kube command. */
    @Reference(optional = true)
    Store store;

    @Reference
    Session session;

    @Argument(index = 0, name = "file", required = true, description = "The snapshot file to write")
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
        long revision = store.saveSnapshot(path);
        out.println("Snapshot saved at " + path + " (revision " + revision + ")");
    }
}
