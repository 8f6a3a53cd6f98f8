package io.stevedore.shell.command;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import org.apache.karaf.shell.api.action.Argument;
import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.Completion;
import org.apache.karaf.shell.api.action.lifecycle.Service;
import org.apache.karaf.shell.support.completers.FileCompleter;

/** {@code kube:snapshot-save FILE}: writes a consistent snapshot of the cluster state, like etcdctl snapshot save. */
@Service
@Command(scope = "kube", name = "snapshot-save", description = "Save a snapshot of the whole cluster state to a file")
public class SnapshotSaveCommand extends SnapshotCommand {

    @Argument(index = 0, name = "file", required = true, description = "The snapshot file to write")
    @Completion(FileCompleter.class)
    String file;

    @Override
    void execute(PrintStream out) throws IOException {
        Path path = snapshotPath(file);
        long revision = store.saveSnapshot(path);
        out.println("Snapshot saved at " + path + " (revision " + revision + ")");
    }
}
