package io.stevedore.shell.command;

import io.stevedore.shell.internal.CommandError;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code kube:snapshot-restore FILE}: replaces the cluster state with a snapshot's, as watchers see writes. */
@Service
@Command(scope = "kube", name = "snapshot-restore", description = "Restore the whole cluster state from a snapshot file")
public class SnapshotRestoreCommand extends SnapshotCommand {

    @Argument(index = 0, name = "file", required = true, description = "The snapshot file to read")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(PrintStream out) throws IOException {
        Path path = snapshotPath(file);
        if (!Files.isRegularFile(path)) {
            throw CommandError.client("snapshot file \"" + path + "\" does not exist");
        }
        long revision = store.restoreSnapshot(path);
        out.println("Snapshot " + path + " restored (revision " + revision + ")");
    }
}
