package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.Pod;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.PatchType;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SharedIndexInformerTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final KubeClient client = new RegistryKubeClient(registry);
    private final ResourceClient<Pod> pods = client.resources(Pod.class);
    private final InformerFactory factory = client.newInformerFactory();

    @AfterEach
    void tearDown() throws Exception {
        factory.stopAllRegisteredInformers();
        registry.close();
    }

    private String rv(String ns, String name) {
        return pods.inNamespace(ns).get(name).orElseThrow().getMetadata().getResourceVersion();
    }

    @Test
    void listsThenSeesAddsUpdatesAndDeletesInOrderOnOneThread() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "before", "web"));
        String rv0 = rv("a", "before");
        SharedIndexInformer<Pod> informer = factory.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        RecordingHandler<Pod> handler = new RecordingHandler<>();
        informer.addEventHandler(handler);
        factory.startAllRegisteredInformers();
        assertThat(factory.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
        assertThat(informer.hasSynced()).isTrue();
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(rv("a", "before"));

        pods.create(RegistryKubeClientTest.pod("a", "p1", "web"));
        String rv1 = rv("a", "p1");
        pods.inNamespace("a").patch("p1", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
        String rv2 = rv("a", "p1");
        pods.inNamespace("a").delete("before");

        await().until(() -> handler.events.size() >= 4);
        assertThat(handler.events).containsExactly(
                "add before@" + rv0,
                "add p1@" + rv1, "update p1@" + rv2 + " from " + rv1, "delete before");
        assertThat(handler.threads).allMatch(t -> t.endsWith("-dispatcher")).hasSize(4);
        assertThat(handler.threads.stream().distinct()).hasSize(1);
        await().until(() -> informer.getIndexer().size() == 1);
        assertThat(informer.lister().get("a", "p1")).get()
                .extracting(p -> p.getMetadata().getLabels().get("x")).isEqualTo("1");
        assertThat(informer.lister().get("a", "before")).isEmpty();
    }

    @Test
    void syncsByAStreamingListAndFallsBackToListThenWatchWhereRefused() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "first", "web"));
        SharedIndexInformer<Pod> streaming = client.resources(Pod.class).informer(Duration.ZERO);
        streaming.start();
        try {
            assertThat(streaming.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
            assertThat(registry.streamingListsServed()).isEqualTo(1);
            assertThat(registry.openWatches()).isEqualTo(1); // the list's watch goes on as the watch
            assertThat(streaming.lister().get("a", "first")).isPresent();
            pods.create(RegistryKubeClientTest.pod("a", "second", "web"));
            await().until(() -> streaming.lister().get("a", "second").isPresent());
        } finally {
            streaming.stop();
        }

        registry.refuseStreamingLists();
        SharedIndexInformer<Pod> fallback = client.resources(Pod.class).informer(Duration.ZERO);
        fallback.start();
        try {
            assertThat(fallback.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
            assertThat(fallback.getIndexer().size()).isEqualTo(2);
            pods.create(RegistryKubeClientTest.pod("a", "third", "web"));
            await().until(() -> fallback.lister().get("a", "third").isPresent());
            assertThat(registry.streamingListsServed()).isEqualTo(1);
        } finally {
            fallback.stop();
        }
    }

    @Test
    void relistsAfterExpiredWatchAndDeliversTheDifference() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "keep", "web"));
        pods.create(RegistryKubeClientTest.pod("a", "change", "web"));
        pods.create(RegistryKubeClientTest.pod("a", "remove", "web"));
        SharedIndexInformer<Pod> informer = factory.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        RecordingHandler<Pod> handler = new RecordingHandler<>();
        informer.addEventHandler(handler);
        informer.start();
        assertThat(informer.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
        await().until(() -> handler.events.size() == 3 && registry.openWatches() == 1);
        String changeRv = rv("a", "change");

        registry.holdWatchDelivery();
        pods.create(RegistryKubeClientTest.pod("a", "new", "web"));
        pods.inNamespace("a").patch("change", PatchType.MERGE, "{\"metadata\":{\"labels\":{\"x\":\"1\"}}}");
        pods.inNamespace("a").delete("remove");
        registry.expireWatches();

        await().until(() -> handler.events.size() >= 6);
        assertThat(handler.events.subList(3, handler.events.size())).containsExactlyInAnyOrder(
                "add new@" + rv("a", "new"),
                "update change@" + rv("a", "change") + " from " + changeRv,
                "delete-unknown remove");
        assertThat(informer.getIndexer().listKeys()).containsExactlyInAnyOrder("a/keep", "a/change", "a/new");
        assertThat(informer.lastSyncResourceVersion()).isEqualTo(Long.toString(registry.currentRv()));

        // the informer watches again and keeps up
        await().until(() -> registry.openWatches() == 1);
        pods.create(RegistryKubeClientTest.pod("a", "after", "web"));
        await().until(() -> handler.events.contains("add after@" + rv("a", "after")));
        assertThat(handler.events).hasSize(7);
    }

    @Test
    void handlerAddedLateGetsTheCacheThenChanges() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "p1", "web"));
        pods.create(RegistryKubeClientTest.pod("b", "p2", "web"));
        SharedIndexInformer<Pod> informer = factory.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        informer.start();
        assertThat(informer.waitForCacheSync(Duration.ofSeconds(10))).isTrue();

        RecordingHandler<Pod> late = new RecordingHandler<>();
        informer.addEventHandler(late);
        pods.create(RegistryKubeClientTest.pod("a", "p3", "web"));
        await().until(() -> late.events.size() >= 3);
        assertThat(late.withPrefix("add ")).hasSize(3);
        assertThat(late.events.get(2)).startsWith("add p3@");
    }

    @Test
    void resyncRedeliversCachedObjectsAsUpdatesOfThemselves() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "p1", "web"));
        SharedIndexInformer<Pod> informer = factory.sharedIndexInformerFor(Pod.class, Duration.ofMillis(50));
        RecordingHandler<Pod> handler = new RecordingHandler<>();
        informer.addEventHandler(handler);
        informer.start();
        String rv = rv("a", "p1");
        await().until(() -> handler.withPrefix("resync ").size() >= 2);
        assertThat(handler.withPrefix("resync ")).allMatch(e -> e.equals("resync p1@" + rv + " from " + rv));
        assertThat(informer.getResyncPeriod()).isEqualTo(Duration.ofMillis(50));
    }

    @Test
    void factorySharesOneInformerPerKindAndStopsThem() throws Exception {
        SharedIndexInformer<Pod> first = factory.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        assertThat(factory.sharedIndexInformerFor(Pod.class, Duration.ofMinutes(1))).isSameAs(first);
        factory.startAllRegisteredInformers();
        assertThat(factory.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
        await().until(() -> registry.openWatches() == 1);
        factory.stopAllRegisteredInformers();
        assertThat(first.isRunning()).isFalse();
        assertThat(registry.openWatches()).isZero();
    }

    @Test
    void scopedInformerSeesOnlyItsNamespaceAndSelector() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "web-a", "web"));
        pods.create(RegistryKubeClientTest.pod("a", "db-a", "db"));
        pods.create(RegistryKubeClientTest.pod("b", "web-b", "web"));
        try (SharedIndexInformer<Pod> informer = pods.inNamespace("a").withLabel("app", "web")
                .informer(Duration.ZERO)) {
            informer.addIndexers(Map.of("app", p -> List.of(p.getMetadata().getLabels().get("app"))));
            informer.start();
            assertThat(informer.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
            pods.create(RegistryKubeClientTest.pod("b", "web-b2", "web"));
            pods.create(RegistryKubeClientTest.pod("a", "db-a2", "db"));
            pods.create(RegistryKubeClientTest.pod("a", "web-a2", "web"));
            await().until(() -> informer.getIndexer().size() == 2);
            assertThat(informer.getIndexer().byIndex("app", "web")).extracting(p -> p.getMetadata().getName())
                    .containsExactlyInAnyOrder("web-a", "web-a2");
        }
    }

    @Test
    void otherWatchErrorsWatchAgainFromTheLastResourceVersionWithoutRelisting() throws Exception {
        pods.create(RegistryKubeClientTest.pod("a", "p1", "web"));
        SharedIndexInformer<Pod> informer = factory.sharedIndexInformerFor(Pod.class, Duration.ZERO);
        RecordingHandler<Pod> handler = new RecordingHandler<>();
        informer.addEventHandler(handler);
        informer.start();
        await().until(() -> handler.events.size() == 1 && registry.openWatches() == 1);

        registry.holdWatchDelivery();
        pods.create(RegistryKubeClientTest.pod("a", "p2", "web"));
        registry.failWatches(500);
        // the event log still has p2: the new watch replays it from the last resourceVersion
        await().until(() -> handler.events.size() >= 2);
        assertThat(handler.events).containsExactly("add p1@" + rv("a", "p1"), "add p2@" + rv("a", "p2"));
        assertThat(registry.watchesOpened()).isEqualTo(2);
        registry.bookmark();
        await().until(() -> informer.lastSyncResourceVersion().equals(Long.toString(registry.currentRv())));
    }

    @Test
    void stopEndsTheInformerThreads() throws Exception {
        SharedIndexInformer<Pod> informer = factory.sharedIndexInformerFor(Pod.class, Duration.ofMillis(20));
        informer.start();
        assertThat(informer.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
        assertThat(informerThreads()).isNotEmpty();
        informer.stop();
        assertThat(informerThreads()).isEmpty();
        assertThat(informer.isRunning()).isFalse();
    }

    private static List<String> informerThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
                .filter(n -> n.startsWith("informer-pods")).toList();
    }
}
