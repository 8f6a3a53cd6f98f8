package io.stevedore.runtime.process.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HostProcessTest {

    @Test
    void knowsAProcessByPidStartTimeAndBoot() {
        long self = ProcessHandle.current().pid();
        HostProcess me = HostProcess.find(self).orElseThrow();
        assertThat(me.isAlive()).isTrue();
        assertThat(HostProcess.stat(self)).hasValueSatisfying(s -> {
            assertThat(s.gone()).isFalse();
            assertThat(s.ppid()).isEqualTo(ProcessHandle.current().parent().map(ProcessHandle::pid).orElse(0L));
        });

        // the same pid with another start time, or from another boot, is a reused pid: not ours
        assertThat(new HostProcess(self, me.startTicks() + 1, me.bootId()).isAlive()).isFalse();
        assertThat(new HostProcess(self, me.startTicks(), "another-boot").isAlive()).isFalse();
    }

    @Test
    void aMissingProcessIsNotFound() {
        assertThat(HostProcess.find(Integer.MAX_VALUE)).isEmpty();
        assertThat(new HostProcess(Integer.MAX_VALUE, 1, "").isAlive()).isFalse();
    }
}
