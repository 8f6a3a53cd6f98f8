package io.stevedore.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kube:uncordon NODE...}: mark nodes schedulable again. */
@Service
@Command(scope = "kube", name = "uncordon", description = "Mark nodes as schedulable")
public class UncordonCommand extends SchedulingCommand {

    @Override
    boolean cordon() {
        return false;
    }
}
