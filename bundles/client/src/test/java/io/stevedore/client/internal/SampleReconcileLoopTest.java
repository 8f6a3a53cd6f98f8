package io.stevedore.client.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.ConfigMapBuilder;
import io.fabric8.kubernetes.api.model.OwnerReference;
import io.stevedore.api.ApiException;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.Lister;
import io.stevedore.api.client.ObjectKeys;
import io.stevedore.api.client.RateLimitingQueue;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.api.client.ResourceEventHandler;
import io.stevedore.api.client.SharedIndexInformer;
import io.stevedore.api.registry.PatchType;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The controller pattern end to end: an informer enqueues keys, two workers reconcile from the
 * cache. The sample controller keeps a "-mirror" ConfigMap, owned by each ConfigMap labelled
 * {@code mirror=true}, with the same data.
 */
class SampleReconcileLoopTest {

    private final FakeRegistry registry = new FakeRegistry();
    private final KubeClient client = new KubeClientComponent(registry);
    private final InformerFactory informers = client.newInformerFactory();
    private final RateLimitingQueue<String> queue = client.newRateLimitingQueue("mirror");
    private final List<Thread> workers = new ArrayList<>();
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean overlap = new AtomicBoolean();
    private final AtomicInteger failures = new AtomicInteger();

    @AfterEach
    void tearDown() throws Exception {
        queue.shutDown();
        for (Thread w : workers) {
            w.join(10_000);
            assertThat(w.isAlive()).isFalse();
        }
        informers.stopAllRegisteredInformers();
        registry.close();
    }

    /** The controller under test: what a real one in bundles/controller would look like. */
    final class MirrorController {
        final ResourceClient<ConfigMap> configMaps = client.resources(ConfigMap.class);
        final SharedIndexInformer<ConfigMap> informer =
                informers.sharedIndexInformerFor(ConfigMap.class, Duration.ZERO);
        final Lister<ConfigMap> lister = informer.lister();

        MirrorController() {
            informer.addEventHandler(new ResourceEventHandler<>() {
                @Override
                public void onAdd(ConfigMap obj) {
                    enqueue(obj);
                }

                @Override
                public void onUpdate(ConfigMap oldObj, ConfigMap newObj) {
                    enqueue(newObj);
                }

                @Override
                public void onDelete(ConfigMap obj, boolean deletedFinalStateUnknown) {
                    enqueue(obj);
                }
            });
        }

        private void enqueue(ConfigMap cm) {
            Optional<OwnerReference> owner = cm.getMetadata().getOwnerReferences().stream()
                    .filter(r -> Boolean.TRUE.equals(r.getController()) && "ConfigMap".equals(r.getKind()))
                    .findFirst();
            if (owner.isPresent()) {
                queue.add(ObjectKeys.of(cm.getMetadata().getNamespace(), owner.get().getName()));
            } else if ("true".equals(cm.getMetadata().getLabels().get("mirror"))) {
                queue.add(ObjectKeys.of(cm));
            }
        }

        void runWorker() {
            try {
                for (String key; (key = queue.get()) != null; ) {
                    if (!inFlight.add(key)) {
                        overlap.set(true);
                    }
                    try {
                        reconcile(key);
                        queue.forget(key);
                    } catch (ApiException e) {
                        failures.incrementAndGet();
                        queue.addRateLimited(key);
                    } finally {
                        inFlight.remove(key);
                        queue.done(key);
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        void reconcile(String key) {
            String ns = ObjectKeys.namespace(key);
            String name = ObjectKeys.name(key);
            Optional<ConfigMap> source = lister.get(ns, name);
            Optional<ConfigMap> mirror = lister.get(ns, name + "-mirror");
            if (source.isEmpty()) {
                if (mirror.isPresent()) {
                    configMaps.inNamespace(ns).delete(name + "-mirror");
                }
                return;
            }
            ConfigMap desired = new ConfigMapBuilder().withNewMetadata().withNamespace(ns)
                    .withName(name + "-mirror").addNewOwnerReference().withApiVersion("v1").withKind("ConfigMap")
                    .withName(name).withUid(source.get().getMetadata().getUid()).withController(true).endOwnerReference()
                    .endMetadata().withData(source.get().getData()).build();
            if (mirror.isEmpty()) {
                configMaps.inNamespace(ns).create(desired);
            } else if (!mirror.get().getData().equals(desired.getData())) {
                ConfigMap update = client.deepCopy(mirror.get());
                update.setData(desired.getData());
                configMaps.inNamespace(ns).update(update);
            }
        }
    }

    private ConfigMap source(String ns, String name, String value) {
        return new ConfigMapBuilder().withNewMetadata().withNamespace(ns).withName(name).addToLabels("mirror", "true")
                .endMetadata().addToData("value", value).build();
    }

    private boolean converged(ResourceClient<ConfigMap> cms, Map<String, String> expected) {
        for (Map.Entry<String, String> e : expected.entrySet()) {
            String ns = ObjectKeys.namespace(e.getKey());
            Optional<ConfigMap> m = cms.inNamespace(ns).get(ObjectKeys.name(e.getKey()) + "-mirror");
            if (e.getValue() == null ? m.isPresent() : m.isEmpty() || !e.getValue().equals(m.get().getData().get("value"))) {
                return false;
            }
        }
        return true;
    }

    @Test
    void twoWorkersDrivenByAnInformerConverge() throws Exception {
        ResourceClient<ConfigMap> cms = client.resources(ConfigMap.class);
        Map<String, String> expected = new java.util.HashMap<>();
        for (int i = 0; i < 10; i++) {
            cms.create(source(i % 2 == 0 ? "a" : "b", "cm" + i, "v" + i));
            expected.put((i % 2 == 0 ? "a/" : "b/") + "cm" + i, "v" + i);
        }
        cms.create(new ConfigMapBuilder().withNewMetadata().withNamespace("a").withName("plain").endMetadata().build());

        MirrorController controller = new MirrorController();
        informers.startAllRegisteredInformers();
        assertThat(informers.waitForCacheSync(Duration.ofSeconds(10))).isTrue();
        for (int w = 0; w < 2; w++) {
            Thread t = new Thread(controller::runWorker, "worker-" + w);
            workers.add(t);
            t.start();
        }

        await().atMost(Duration.ofSeconds(30)).until(() -> converged(cms, expected));

        for (int i = 10; i < 20; i++) {
            cms.create(source("a", "cm" + i, "v" + i));
            expected.put("a/cm" + i, "v" + i);
        }
        for (int i = 0; i < 10; i += 3) {
            String ns = i % 2 == 0 ? "a" : "b";
            cms.inNamespace(ns).patch("cm" + i, PatchType.MERGE, "{\"data\":{\"value\":\"changed" + i + "\"}}");
            expected.put(ns + "/cm" + i, "changed" + i);
        }
        cms.inNamespace("b").delete("cm1");
        expected.put("b/cm1", null);
        // someone tampers with a mirror: the controller puts it back
        cms.inNamespace("b").patch("cm5-mirror", PatchType.MERGE, "{\"data\":{\"value\":\"tampered\"}}");

        await().atMost(Duration.ofSeconds(30)).until(() -> converged(cms, expected));
        assertThat(cms.inNamespace("a").get("plain-mirror")).isEmpty();
        assertThat(cms.inNamespace("a").get("cm0-mirror").orElseThrow().getMetadata().getOwnerReferences())
                .singleElement().extracting(OwnerReference::getName).isEqualTo("cm0");
        assertThat(overlap).as("one key never in two workers").isFalse();
        await().until(() -> queue.len() == 0);
    }
}
