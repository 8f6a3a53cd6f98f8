package io.stevedore.bench;

import io.stevedore.api.ResourceTypes;
import io.stevedore.api.registry.ListOptions;
import io.stevedore.api.registry.Registry;
import io.stevedore.api.registry.WatchEvent;
import io.stevedore.api.store.Store;
import io.stevedore.api.store.StoreEvent;
import io.stevedore.api.store.StoreException;
import io.stevedore.api.store.WatchHandle;
import io.stevedore.api.store.WatchListener;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Watch delivery latency: from the start of a write call to the delivery of its event, with writes at a fixed rate
 * (open loop) of 1 KiB objects carrying their start time. Three paths, each on the same in-JVM API server:
 * {@link Store#watch} (store writes), {@link Registry#watch} (registry writes) and an HTTP chunked watch stream
 * {@code GET /api/v1/namespaces/NS/configmaps?watch=true&resourceVersion=N} (HTTP writes). Options: see
 * {@link BenchArgs}, plus {@code --watchRate} (writes/s, default 500).
 */
public final class WatchLatencyBench {

    static final double STORE_P99_TARGET = 5;
    static final double HTTP_P99_TARGET = 20;
    private static final int WRITERS = 16;
    private static final Duration DRAIN = Duration.ofSeconds(30);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private WatchLatencyBench() {
    }

    /**
     * Where a path's deliveries are recorded; swapped after the warm-up. Besides the latency from the write
     * call's start, it records the latency from the write's acknowledgement (0 when the event arrived first),
     * which leaves out the write's own WAL force.
     */
    private static final class Sink {
        final AtomicReference<LatencyRecorder> recorder = new AtomicReference<>(new LatencyRecorder());
        final AtomicReference<LatencyRecorder> afterAck = new AtomicReference<>(new LatencyRecorder());
        final java.util.concurrent.ConcurrentHashMap<Long, Long> acks = new java.util.concurrent.ConcurrentHashMap<>();
        final java.util.Set<Long> early = java.util.concurrent.ConcurrentHashMap.newKeySet();

        void delivered(long stampNanos) {
            long now = System.nanoTime();
            recorder.get().record(now - stampNanos);
            Long ack = acks.remove(stampNanos);
            if (ack != null) {
                afterAck.get().record(Math.max(0, now - ack));
            } else {
                early.add(stampNanos);
            }
        }

        void acknowledged(long stampNanos) {
            if (early.remove(stampNanos)) {
                afterAck.get().record(0);
            } else {
                acks.put(stampNanos, System.nanoTime());
            }
        }

        void failed() {
            recorder.get().error();
        }
    }

    /** One path's results: the writes' own figures and the deliveries'. */
    record Result(String path, LatencyRecorder.Stats writes, LatencyRecorder.Stats deliveries,
                  LatencyRecorder.Stats afterAck) {
    }

    /** Tells the sink when each write was acknowledged. */
    private record AckingTarget(WriteTarget target, Sink sink) implements WriteTarget {
        @Override
        public String name() {
            return target.name();
        }

        @Override
        public long create(String key, long stampNanos) throws Exception {
            long rev = target.create(key, stampNanos);
            sink.acknowledged(stampNanos);
            return rev;
        }

        @Override
        public long update(String key, long stampNanos, long expected) throws Exception {
            long rev = target.update(key, stampNanos, expected);
            sink.acknowledged(stampNanos);
            return rev;
        }

        @Override
        public long revisionOf(String key) throws Exception {
            return target.revisionOf(key);
        }

        @Override
        public void close() throws Exception {
            target.close();
        }
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        double rate = Double.parseDouble(args.get("watchRate", "500"));
        Result store;
        Result registry;
        Result http;
        try (ApiHarness h = ApiHarness.start()) {
            h.createNamespace("bench-registry");
            h.createNamespace("bench-http");
            store = storePath(h.storeHarness().store(), rate, args);
            registry = registryPath(h.registry(), rate, args);
            http = httpPath(h.port(), rate, args);
        }
        Table t = new Table("watch path", "writes/s", "events", "missing", "p50 ms", "p99 ms", "p99.9 ms", "max ms",
                "write p99 ms", "after-ack p50 ms", "after-ack p99 ms");
        for (Result r : new Result[] {store, registry, http}) {
            LatencyRecorder.Stats d = r.deliveries();
            t.row(r.path(), String.format("%.0f", r.writes().throughput()), d.ops(),
                    r.writes().ops() - d.ops(), d.p50(), d.p99(), d.p999(), d.max(), r.writes().p99(),
                    r.afterAck().p50(), r.afterAck().p99());
        }
        System.out.println("Watch delivery latency (write call start -> event delivered), 1 KiB objects, "
                + (long) rate + " writes/s open loop, " + args.run().toSeconds() + " s per path");
        System.out.print(t);
        System.out.println();
        System.out.println(verdict("in-JVM Store.watch", store, STORE_P99_TARGET));
        System.out.println(verdict("in-JVM Registry.watch", registry, STORE_P99_TARGET));
        System.out.println(verdict("HTTP watch stream", http, HTTP_P99_TARGET));
    }

    static String verdict(String what, Result r, double target) {
        boolean ok = r.deliveries().p99() <= target && r.deliveries().ops() == r.writes().ops();
        return String.format("target %s p99 <= %.0f ms: %s (p99 %.2f ms, %d of %d events)", what, target,
                ok ? "MET" : "NOT MET", r.deliveries().p99(), r.deliveries().ops(), r.writes().ops());
    }

    private static Result storePath(Store store, double rate, BenchArgs args) throws InterruptedException {
        Sink sink = new Sink();
        String prefix = "/bench/watch/";
        WatchListener listener = new WatchListener() {
            @Override
            public void onEvent(StoreEvent event) {
                sink.delivered(Payload.readStamp(event.value()));
            }

            @Override
            public void onError(StoreException error) {
                WriteSuite.log("store watch failed: " + error);
                sink.failed();
            }
        };
        try (WatchHandle w = store.watch(prefix, store.currentRevision(), listener)) {
            return measure("Store.watch", new StoreTarget(store, prefix), sink, rate, args);
        }
    }

    private static Result registryPath(Registry registry, double rate, BenchArgs args) throws Exception {
        Sink sink = new Sink();
        String ns = "bench-registry";
        String rv = registry.list(ResourceTypes.CONFIGMAPS, ns, ListOptions.ALL).resourceVersion();
        AutoCloseable w = registry.watch(ResourceTypes.CONFIGMAPS, ns, ListOptions.ALL.withResourceVersion(rv),
                (WatchEvent e) -> deliver(e.type(), e.object(), sink));
        try {
            return measure("Registry.watch", new RegistryTarget(registry, ns), sink, rate, args);
        } finally {
            w.close();
        }
    }

    private static void deliver(String type, JsonNode object, Sink sink) {
        if ("ADDED".equals(type) || "MODIFIED".equals(type)) {
            sink.delivered(Payload.readStamp(object.get("data").get("t").asString()));
        } else if (!"BOOKMARK".equals(type)) {
            WriteSuite.log("unexpected watch event " + type + ": " + object);
            sink.failed();
        }
    }

    private static Result httpPath(int port, double rate, BenchArgs args) throws Exception {
        Sink sink = new Sink();
        String ns = "bench-http";
        String path = "/api/v1/namespaces/" + ns + "/configmaps";
        long rv;
        try (HttpConnection c = new HttpConnection(port)) {
            HttpConnection.Response list = c.request("GET", path, null);
            if (list.status() != 200) {
                throw new IOException("list: HTTP " + list.status() + " " + list.text());
            }
            rv = HttpApiTarget.resourceVersion(list);
        }
        HttpConnection stream = new HttpConnection(port);
        int status = stream.openStream(path + "?watch=true&resourceVersion=" + rv + "&timeoutSeconds=900");
        if (status != 200) {
            stream.close();
            throw new IOException("watch: HTTP " + status);
        }
        Thread reader = Threads.start("http-watch-reader", () -> {
            try {
                for (String line = stream.nextLine(); line != null; line = stream.nextLine()) {
                    if (!line.isBlank()) {
                        JsonNode event = JSON.readTree(line);
                        deliver(event.get("type").asString(), event.get("object"), sink);
                    }
                }
            } catch (IOException | RuntimeException e) {
                // closed at the end of the measurement, or broken: the missing count tells
            }
        });
        try (HttpApiTarget target = new HttpApiTarget(port, ns)) {
            return measure("HTTP watch", target, sink, rate, args);
        } finally {
            stream.close();
            reader.join(TimeUnit.SECONDS.toMillis(10));
        }
    }

    /** Warm-up at the rate (not recorded), then the measured open-loop run; waits for every event to arrive. */
    private static Result measure(String name, WriteTarget target, Sink sink, double rate, BenchArgs args)
            throws InterruptedException {
        WriteSuite.log(name + ": warm-up " + args.warmup().toSeconds() + " s at " + (long) rate + " writes/s");
        target = new AckingTarget(target, sink);
        LatencyRecorder.Stats warm = LoadDriver.openLoop(target, rate, args.warmup(), WRITERS);
        awaitDeliveries(sink.recorder.get(), warm.ops());
        LatencyRecorder measured = new LatencyRecorder();
        LatencyRecorder measuredAfterAck = new LatencyRecorder();
        sink.acks.clear();
        sink.early.clear();
        sink.recorder.set(measured);
        sink.afterAck.set(measuredAfterAck);
        WriteSuite.log(name + ": " + args.run().toSeconds() + " s at " + (long) rate + " writes/s");
        LatencyRecorder.Stats writes = LoadDriver.openLoop(target, rate, args.run(), WRITERS);
        awaitDeliveries(measured, writes.ops());
        LatencyRecorder.Stats deliveries = measured.stats(writes.seconds());
        WriteSuite.log(name + ": deliveries " + WriteSuite.describe(deliveries) + "; writes "
                + WriteSuite.describe(writes));
        return new Result(name, writes, deliveries, measuredAfterAck.stats(writes.seconds()));
    }

    private static void awaitDeliveries(LatencyRecorder recorder, long expected) throws InterruptedException {
        long deadline = System.nanoTime() + DRAIN.toNanos();
        while (recorder.count() + recorder.errors() < expected && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
    }
}
