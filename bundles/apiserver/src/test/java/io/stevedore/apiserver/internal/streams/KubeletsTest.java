package io.stevedore.apiserver.internal.streams;

import static org.assertj.core.api.Assertions.assertThat;

import io.stevedore.api.runtime.KubeletStreams;
import io.stevedore.apiserver.internal.testing.FakeKubelet;
import java.util.Map;
import org.junit.jupiter.api.Test;

class KubeletsTest {

    @Test
    void theNewestKubeletOfANodeServesIt() {
        Kubelets kubelets = new Kubelets();
        FakeKubelet old = new FakeKubelet("n");
        FakeKubelet updated = new FakeKubelet("n");
        kubelets.add("n", old);
        kubelets.add("n", updated);
        assertThat(kubelets.get("n")).isSameAs(updated);
        kubelets.removeEverywhere(updated);
        assertThat(kubelets.get("n")).isSameAs(old);
        kubelets.remove("n", old);
        assertThat(kubelets.get("n")).isNull();
        assertThat(kubelets.get("other")).isNull();
    }

    @Test
    void theServicePropertyNamesTheNode() {
        FakeKubelet k = new FakeKubelet("own-word");
        assertThat(Kubelets.nodeOf(k, Map.of(KubeletStreams.NODE_PROPERTY, "prop"))).isEqualTo("prop");
        assertThat(Kubelets.nodeOf(k, Map.of())).isEqualTo("own-word");
    }
}
