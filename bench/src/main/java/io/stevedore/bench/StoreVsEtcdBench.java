package io.stevedore.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Write throughput and latency of 1 KiB objects, in one run: the Hazelcast store (in-JVM), the HTTP API (registry
 * over the store, ConfigMaps), and etcd 3.4 started here on loopback and driven through jetcd with the same
 * driver. Prints a table of every run and the ratios to etcd. Options: see {@link BenchArgs}, plus
 * {@code --targets=store,http,etcd} (any subset, in that order).
 */
public final class StoreVsEtcdBench {

    private StoreVsEtcdBench() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        List<String> targets = List.of(args.get("targets", "store,http,etcd").split(","));
        Map<String, WriteSuite.Result> results = new LinkedHashMap<>();
        if (targets.contains("store")) {
            try (StoreHarness h = StoreHarness.start(); StoreTarget t = new StoreTarget(h.store(), "/bench/")) {
                results.put("store", WriteSuite.run(t, args));
            }
        }
        if (targets.contains("http")) {
            try (ApiHarness h = ApiHarness.start(); HttpApiTarget t = new HttpApiTarget(h.port(), "bench")) {
                h.createNamespace("bench");
                results.put("http", WriteSuite.run(t, args));
            }
        }
        if (targets.contains("etcd")) {
            try (EtcdProcess etcd = EtcdProcess.start(); EtcdTarget t = new EtcdTarget(etcd.endpoint(), "/bench/")) {
                WriteSuite.log("etcd " + etcd.endpoint() + " (pid " + etcd.pid() + ")");
                results.put("etcd", WriteSuite.run(t, args));
            }
        }
        Table table = WriteSuite.newTable();
        results.values().forEach(r -> WriteSuite.addRows(table, r, args));
        System.out.println("Write throughput and latency, 1 KiB objects, " + args.run().toSeconds() + " s per run ("
                + Runtime.getRuntime().availableProcessors() + " CPUs)");
        System.out.print(table);
        WriteSuite.Result etcd = results.get("etcd");
        if (etcd != null) {
            Table ratios = new Table("vs etcd", "load", "throughput ratio", "p50 ratio", "p99 ratio");
            for (WriteSuite.Result r : new ArrayList<>(results.values())) {
                if (r != etcd) {
                    ratio(ratios, r.target(), "closed, 8 writers", r.closed8(), etcd.closed8());
                    ratio(ratios, r.target(), "closed, 32 writers", r.closed32(), etcd.closed32());
                    ratio(ratios, r.target(), "open, " + (long) args.rate() + "/s", r.open(), etcd.open());
                }
            }
            System.out.println();
            System.out.print(ratios);
        }
        WriteSuite.Result store = results.get("store");
        WriteSuite.Result http = results.get("http");
        System.out.println();
        if (store != null && etcd != null) {
            boolean ok = store.closed8().throughput() >= etcd.closed8().throughput()
                    && store.closed32().throughput() >= etcd.closed32().throughput();
            System.out.println("target store throughput >= etcd's (8 and 32 writers): " + (ok ? "MET" : "NOT MET"));
        }
        if (http != null) {
            System.out.println(ApiWriteBench.verdict(http.open(), args));
        }
    }

    private static void ratio(Table t, String target, String load, LatencyRecorder.Stats a, LatencyRecorder.Stats b) {
        t.row(target + " / etcd", load, String.format("%.2fx", a.throughput() / b.throughput()),
                String.format("%.2fx", a.p50() / b.p50()), String.format("%.2fx", a.p99() / b.p99()));
    }
}
