package io.stevedore.bench;

/**
 * Write throughput and latency of ConfigMaps with 1 KiB of data through the HTTP API (and, for reference, through
 * the in-JVM registry), on a Hazelcast store in this JVM. Options: see {@link BenchArgs}.
 */
public final class ApiWriteBench {

    /** Target: p99 at most this many milliseconds at the open-loop rate through the HTTP API. */
    static final double P99_TARGET_MILLIS = 25;

    private ApiWriteBench() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        Table table = WriteSuite.newTable();
        WriteSuite.Result http;
        try (ApiHarness h = ApiHarness.start()) {
            h.createNamespace("bench");
            h.createNamespace("bench-registry");
            try (HttpApiTarget t = new HttpApiTarget(h.port(), "bench")) {
                http = WriteSuite.run(t, args);
            }
            try (RegistryTarget t = new RegistryTarget(h.registry(), "bench-registry")) {
                WriteSuite.addRows(table, WriteSuite.run(t, args), args);
            }
        }
        WriteSuite.addRows(table, http, args);
        System.out.println("API writes, ConfigMaps with 1 KiB of data, " + args.run().toSeconds() + " s per run");
        System.out.print(table);
        System.out.println();
        System.out.println(verdict(http.open(), args));
    }

    static String verdict(LatencyRecorder.Stats open, BenchArgs args) {
        boolean ok = open.p99() <= P99_TARGET_MILLIS && open.errors() == 0
                && open.throughput() >= 0.95 * args.rate();
        return String.format("target HTTP API p99 <= %.0f ms at %d writes/s: %s (p99 %.2f ms, %.0f writes/s, %d errors)",
                P99_TARGET_MILLIS, (long) args.rate(), ok ? "MET" : "NOT MET", open.p99(), open.throughput(),
                open.errors());
    }
}
