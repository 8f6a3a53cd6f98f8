package io.stevedore.shell.command;

import org.apache.karaf.shell.api.action.Command;
import org.apache.karaf.shell.api.action.lifecycle.Service;

/** {@code kube:cordon NODE...}: mark nodes unschedulable. */
@Service
@Command(scope = "kube", name = "cordon", description = "Mark nodes as unschedulable")
public class CordonCommand extends SchedulingCommand {

    @Override
    boolean cordon() {
        return true;
    }
}
