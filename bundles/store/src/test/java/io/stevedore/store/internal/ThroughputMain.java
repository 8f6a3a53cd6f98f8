package io.stevedore.store.internal;

import io.stevedore.api.store.KeyValue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Throughput sanity check (not a test): a standalone store with its WAL in a temporary directory; N writer
 * threads update their own keys with compare-and-set for a few seconds; prints writes/s and latency percentiles.
 * Usage: {@code ThroughputMain [threads=8] [seconds=5] [valueBytes=1024]}.
 */
public final class ThroughputMain {

    private ThroughputMain() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 8;
        int seconds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
        int size = args.length > 2 ? Integer.parseInt(args[2]) : 1024;
        Path dir = Files.createTempDirectory("stevedore-bench");
        long t0 = System.nanoTime();
        HazelcastStore store = HazelcastStore.start(TestSupport.standalone(dir));
        long t1 = System.nanoTime();
        byte[] value = new byte[size];
        Arrays.fill(value, (byte) 'x');
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        List<Future<long[]>> results = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            int thread = t;
            results.add(pool.submit(() -> {
                long[] lat = new long[4_000_000];
                int n = 0;
                KeyValue[] keys = new KeyValue[16];
                for (int i = 0; System.nanoTime() < end && n < lat.length; i++) {
                    int k = i % keys.length;
                    long s = System.nanoTime();
                    keys[k] = keys[k] == null ? store.create("/bench/" + thread + "/" + k, value)
                            : store.update(keys[k].key(), value, keys[k].modRevision());
                    lat[n++] = System.nanoTime() - s;
                }
                return Arrays.copyOf(lat, n);
            }));
        }
        List<Long> all = new ArrayList<>();
        for (Future<long[]> f : results) {
            for (long l : f.get()) {
                all.add(l);
            }
        }
        pool.shutdown();
        all.sort(null);
        double rate = all.size() / (double) seconds;
        System.out.printf("start %.2f s; %d writers, %d B values: %.0f writes/s, p50 %.2f ms, p99 %.2f ms (rev %d)%n",
                (t1 - t0) / 1e9, threads, size, rate, all.get(all.size() / 2) / 1e6,
                all.get((int) (all.size() * 0.99)) / 1e6, store.currentRevision());
        System.out.println(store.sequencer().stats());
        long c0 = System.nanoTime();
        store.close();
        System.out.printf("close %.2f s%n", (System.nanoTime() - c0) / 1e9);
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
