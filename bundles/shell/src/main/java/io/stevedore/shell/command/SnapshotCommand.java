package io.stevedore.shell.command;

import io.stevedore.api.store.Store;
import io.stevedore.shell.internal.CommandError;
import io.stevedore.shell.internal.ShellPaths;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Action;
import org.apache.karaf.shell.api.action.lifecycle.Reference;
import org.apache.karaf.shell.api.console.Session;

/**
 * The common part of {@code kube:snapshot-save} and {@code kube:snapshot-restore}: the optional store,
 * the session, and resolving the snapshot file once a store is known to be there. Karaf injects the
 * fields of this class into the concrete commands, which declare their own file argument.
 */
abstract class SnapshotCommand implements Action {

    /** Optional, so that a missing store (a node without the control plane) does not hide every kube command. */
    @Reference(optional = true)
    Store store;

    @Reference
    Session session;

    @Override
    public Object execute() throws IOException {
        execute(session.getConsole());
        return null;
    }

    abstract void execute(PrintStream out) throws IOException;

    /** The snapshot file, resolved against the session's directory; fails when there is no store. */
    Path snapshotPath(String file) {
        if (store == null) {
            throw CommandError.client("no cluster state store is available in this container");
        }
        return ShellPaths.resolve(session, file);
    }
}
