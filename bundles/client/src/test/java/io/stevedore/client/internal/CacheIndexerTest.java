package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.fabric8.kubernetes.api.model.Node;
import io.fabric8.kubernetes.api.model.NodeBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.stevedore.api.client.Indexer;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CacheIndexerTest {

    private static Pod pod(String ns, String name, String app, String node) {
        return new PodBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("app", app)
                .endMetadata().withNewSpec().withNodeName(node).endSpec().build();
    }

    private static List<String> names(List<Pod> pods) {
        return pods.stream().map(p -> p.getMetadata().getName()).sorted().toList();
    }

    private final CacheIndexer<Pod> cache = new CacheIndexer<>(true);

    @Test
    void getsAndListsByNamespaceAndLabelSelector() {
        cache.put(pod("a", "web-1", "web", "n1"));
        cache.put(pod("a", "db-1", "db", "n1"));
        cache.put(pod("b", "web-2", "web", "n2"));

        assertThat(cache.get("a", "web-1")).isPresent();
        assertThat(cache.get("b", "web-1")).isEmpty();
        assertThat(cache.getByKey("b/web-2")).isPresent();
        assertThat(names(cache.list("a", null))).containsExactly("db-1", "web-1");
        assertThat(names(cache.list(null, "app=web"))).containsExactly("web-1", "web-2");
        assertThat(names(cache.list("a", "app!=web"))).containsExactly("db-1");
        assertThat(names(cache.list())).hasSize(3);
        assertThat(cache.listKeys()).containsExactlyInAnyOrder("a/web-1", "a/db-1", "b/web-2");
        assertThat(cache.listIndexValues(Indexer.NAMESPACE_INDEX)).containsExactlyInAnyOrder("a", "b");
        assertThatThrownBy(() -> cache.list("a", "app in (x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void customIndexesFollowUpdatesAndDeletes() {
        cache.put(pod("a", "p1", "web", "n1"));
        cache.addIndexers(Map.of("node", p -> List.of(p.getSpec().getNodeName())));
        cache.put(pod("a", "p2", "web", "n1"));

        assertThat(names(cache.byIndex("node", "n1"))).containsExactly("p1", "p2");
        cache.put(pod("a", "p1", "web", "n2"));
        assertThat(names(cache.byIndex("node", "n1"))).containsExactly("p2");
        assertThat(cache.indexKeys("node", "n2")).containsExactly("a/p1");
        cache.remove("a/p2");
        assertThat(cache.byIndex("node", "n1")).isEmpty();
        assertThat(cache.listIndexValues("node")).containsExactly("n2");
        assertThatThrownBy(() -> cache.byIndex("nope", "x")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> cache.addIndexers(Map.of("node", p -> List.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void replaceSwapsContentsAndIndexes() {
        cache.put(pod("a", "old", "web", "n1"));
        Pod fresh = pod("b", "new", "db", "n1");
        cache.replace(Map.of("b/new", fresh));
        assertThat(cache.listKeys()).containsExactly("b/new");
        assertThat(cache.list("a", null)).isEmpty();
        assertThat(cache.list("b", "app=db")).containsExactly(fresh);
    }

    @Test
    void clusterScopedObjectsAreKeyedByName() {
        CacheIndexer<Node> nodes = new CacheIndexer<>(false);
        nodes.put(new NodeBuilder().withNewMetadata().withName("n1").addToLabels("zone", "z1").endMetadata().build());
        assertThat(nodes.listKeys()).containsExactly("n1");
        assertThat(nodes.get(null, "n1")).isPresent();
        assertThat(nodes.get("ignored", "n1")).isPresent();
        assertThat(nodes.list("any", "zone=z1")).hasSize(1);
    }
}
