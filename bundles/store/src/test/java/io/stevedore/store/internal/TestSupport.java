package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchListener;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

/** Helpers shared by the store tests. */
final class TestSupport {

    private TestSupport() {
    }

    static int freePort() {
        try (ServerSocket s = new ServerSocket(0)) {
            s.setReuseAddress(true);
            return s.getLocalPort();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A standalone member with its own cluster name and port, storing under {@code dir}. */
    static StoreConfig standalone(Path dir) {
        return StoreConfig.standalone(dir).withCluster("test-" + UUID.randomUUID(), freePort(), List.of(), 1);
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    static String text(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    /** key -> "modRevision:value" of a list, for comparisons. */
    static Map<String, String> summary(List<KeyValue> items) {
        Map<String, String> m = new TreeMap<>();
        items.forEach(kv -> m.put(kv.key(), kv.createRevision() + "/" + kv.modRevision() + ":" + text(kv.value())));
        return m;
    }

    /**
     * A watch listener that keeps the state it is told about, and checks that revisions strictly increase.
     */
    static final class Mirror implements WatchListener {
        final Map<String, KeyValue> state = new TreeMap<>();
        final List<StoreEvent> events = new ArrayList<>();
        final List<String> violations = new ArrayList<>();
        final List<StoreException> errors = new ArrayList<>();
        volatile long revision;
        volatile long progress;

        Mirror(List<KeyValue> initial, long revision) {
            initial.forEach(kv -> state.put(kv.key(), kv));
            this.revision = revision;
        }

        @Override
        public synchronized void onEvent(StoreEvent e) {
            if (e.revision() <= revision) {
                violations.add("revision " + e.revision() + " after " + revision);
            }
            events.add(e);
            KeyValue old = state.get(e.key());
            switch (e.type()) {
                case CREATED -> {
                    if (old != null) {
                        violations.add("created existing " + e.key() + " at " + e.revision());
                    }
                    state.put(e.key(), new KeyValue(e.key(), e.value(), e.revision(), e.revision()));
                }
                case UPDATED -> {
                    if (old == null) {
                        violations.add("updated missing " + e.key() + " at " + e.revision());
                        return;
                    }
                    state.put(e.key(), new KeyValue(e.key(), e.value(), old.createRevision(), e.revision()));
                }
                case DELETED -> {
                    if (state.remove(e.key()) == null) {
                        violations.add("deleted missing " + e.key() + " at " + e.revision());
                    }
                }
            }
            revision = e.revision();
        }

        @Override
        public void onProgress(long rev) {
            progress = rev;
        }

        @Override
        public synchronized void onError(StoreException error) {
            errors.add(error);
        }

        synchronized Map<String, String> summary() {
            return TestSupport.summary(new ArrayList<>(state.values()));
        }

        synchronized List<Long> revisions() {
            return events.stream().map(StoreEvent::revision).toList();
        }
    }
}
