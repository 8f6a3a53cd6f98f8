package io.stevedore.shell.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrailingFlagsTest {

    private final List<String> seen = new ArrayList<>();

    private TrailingFlags flags() {
        return new TrailingFlags()
                .value(v -> seen.add("ns=" + v), "-n", "--namespace")
                .value(v -> seen.add("o=" + v), "-o", "--output")
                .flag(() -> seen.add("A"), "-A", "--all-namespaces");
    }

    @Test
    void flagsAnywhereInEveryForm() {
        List<String> rest = flags().parse(List.of("a", "-n", "x", "b", "--output=yaml", "-A", "-oname",
                "--namespace", "y", "-n=z"));
        assertThat(rest).containsExactly("a", "b");
        assertThat(seen).containsExactly("ns=x", "o=yaml", "A", "o=name", "ns=y", "ns=z");
    }

    @Test
    void doubleDashEndsFlags() {
        assertThat(flags().parse(List.of("-A", "--", "-n"))).containsExactly("-n");
    }

    @Test
    void unknownAndIncompleteFlagsAreKubectlErrors() {
        assertThatThrownBy(() -> flags().parse(List.of("--nope"))).hasMessage("error: unknown flag: --nope");
        assertThatThrownBy(() -> flags().parse(List.of("-x"))).hasMessage("error: unknown shorthand flag: 'x' in -x");
        assertThatThrownBy(() -> flags().parse(List.of("pods", "-n")))
                .hasMessage("error: flag needs an argument: 'n' in -n");
        assertThat(flags().parse(null)).isEmpty();
    }
}
