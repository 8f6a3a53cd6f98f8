package io.stevedore.controller.internal;

import static org.awaitility.Awaitility.await;

import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodConditionBuilder;
import io.fabric8.kubernetes.api.model.PodStatus;
import io.stevedore.api.client.InformerFactory;
import io.stevedore.api.client.KubeClient;
import io.stevedore.api.client.ResourceClient;
import io.stevedore.apiserver.internal.registry.Patchers;
import io.stevedore.apiserver.internal.registry.StoreRegistry;
import io.stevedore.apiserver.internal.testing.MemoryStore;
import io.stevedore.client.internal.KubeClientComponent;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;

/**
 * The seeded store of the controller tests: the real registry (defaults, validation, admission) on
 * an in-memory store, a client for seeding and checking, and a recording client for the controller
 * under test, whose writes are kept as actions ({@code "create pods default/web-"}) in the style of
 * sample-controller's fake clientset. Events are left out of the actions.
 */
final class Fixture implements AutoCloseable {

    private static final Set<String> WRITES = Set.of("create", "update", "updateStatus", "updateSubresource", "patch",
            "patchStatus", "delete", "createSubresource");

    final MemoryStore store = new MemoryStore();
    final StoreRegistry registry = new StoreRegistry(store, Clock.systemUTC(), Patchers.create());
    /** Seeds and reads; not recorded. */
    final KubeClient seed;
    /** What the controller under test uses; its writes are recorded. */
    final KubeClient recording;
    final List<String> actions = Collections.synchronizedList(new ArrayList<>());
    private final List<InformerFactory> factories = new ArrayList<>();
    private final List<Controller> running = new ArrayList<>();
    /** One informer factory for the controllers a test runs together (through the recording client). */
    final InformerFactory informers;

    Fixture() {
        registry.start();
        seed = new KubeClientComponent(registry);
        recording = (KubeClient) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {KubeClient.class},
                (proxy, m, args) -> {
                    Object r = invoke(seed, m, args);
                    if (m.getName().equals("resources")) {
                        return recordingResources((ResourceClient<?>) r);
                    }
                    if (m.getName().equals("newInformerFactory")) {
                        // Informers read through the seed client: only the controller's own writes count.
                        factories.add((InformerFactory) r);
                    }
                    return r;
                });
        informers = recording.newInformerFactory();
    }

    /** Starts the informers, then the controllers' workers; they stop with the fixture. */
    void run(Controller... controllers) throws InterruptedException {
        startInformers();
        for (Controller c : controllers) {
            c.start(2);
            running.add(c);
        }
    }

    private Object recordingResources(ResourceClient<?> target) {
        InvocationHandler h = (proxy, m, args) -> {
            // Attempts are recorded, whether or not the registry accepts them.
            if (WRITES.contains(m.getName()) && !target.type().plural().equals("events")) {
                String name = m.getName().equals("create") || m.getName().equals("update")
                        || m.getName().equals("updateStatus") || m.getName().equals("updateSubresource") ? objectName((HasMetadata) args[0]) : (String) args[0];
                String ns = target.namespace() == null || target.namespace().isEmpty() ? "" : target.namespace() + "/";
                actions.add(m.getName() + " " + target.type().plural() + " " + ns + name);
            }
            Object r = invoke(target, m, args);
            if (r instanceof ResourceClient<?> rc && m.getReturnType() == ResourceClient.class) {
                return recordingResources(rc);
            }
            return r;
        };
        return Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {ResourceClient.class}, h);
    }

    private static String objectName(HasMetadata o) {
        String name = o.getMetadata().getName();
        return name == null || name.isEmpty() ? o.getMetadata().getGenerateName() : name;
    }

    private static Object invoke(Object target, java.lang.reflect.Method m, Object[] args) throws Throwable {
        try {
            return m.invoke(target, args);
        } catch (InvocationTargetException e) {
            throw e.getCause();
        }
    }

    /** Starts what the controller registered and waits for the caches. */
    void startInformers() throws InterruptedException {
        for (InformerFactory f : factories) {
            f.startAllRegisteredInformers();
            if (!f.waitForCacheSync(Duration.ofSeconds(10))) {
                throw new IllegalStateException("caches did not sync");
            }
        }
    }

    List<String> takeActions() {
        synchronized (actions) {
            List<String> copy = List.copyOf(actions);
            actions.clear();
            return copy;
        }
    }

    <T extends HasMetadata> ResourceClient<T> res(Class<T> type) {
        return seed.resources(type).inNamespace("default");
    }

    List<Pod> pods() {
        return res(Pod.class).list().items();
    }

    /** Waits (bounded) until the condition holds. */
    static void until(java.util.concurrent.Callable<Boolean> condition) {
        await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(20)).until(condition);
    }

    /** Marks every matching pod Running and Ready (what a kubelet would report), ready since {@code since}. */
    void markReady(Predicate<Pod> which, Instant since) {
        for (Pod p : pods()) {
            if (!which.test(p) || Pods.isReady(p) || p.getMetadata().getDeletionTimestamp() != null) {
                continue;
            }
            PodStatus st = new PodStatus();
            st.setPhase("Running");
            String t = Times.format(since);
            st.setConditions(List.of(new PodConditionBuilder().withType("Ready").withStatus("True")
                    .withLastTransitionTime(t).build()));
            p.setStatus(st);
            try {
                res(Pod.class).updateStatus(p);
            } catch (io.stevedore.api.ApiException e) {
                // Changed or gone meanwhile (the controllers are running): the next look retries.
                if (e.code() != 409 && e.code() != 404) {
                    throw e;
                }
            }
        }
    }

    @Override
    public void close() {
        running.forEach(Controller::close);
        factories.forEach(InformerFactory::stopAllRegisteredInformers);
        registry.close();
    }
}
