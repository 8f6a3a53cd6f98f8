package io.stevedore.bench;

/**
 * The write measurements every target gets: a closed-loop warm-up (not recorded), closed loops with 8 and 32
 * writer threads, and an open loop at the fixed rate.
 */
final class WriteSuite {

    static final int FEW_THREADS = 8;
    static final int MANY_THREADS = 32;

    /** Results of one target. */
    record Result(String target, LatencyRecorder.Stats closed8, LatencyRecorder.Stats closed32,
                  LatencyRecorder.Stats open) {
    }

    private WriteSuite() {
    }

    static Result run(WriteTarget target, BenchArgs args) throws InterruptedException {
        log(target.name() + ": warm-up " + args.warmup().toSeconds() + " s");
        LoadDriver.closedLoop(target, FEW_THREADS, args.warmup());
        log(target.name() + ": closed loop, " + FEW_THREADS + " writers, " + args.run().toSeconds() + " s");
        LatencyRecorder.Stats c8 = LoadDriver.closedLoop(target, FEW_THREADS, args.run());
        log(target.name() + ": " + describe(c8));
        log(target.name() + ": closed loop, " + MANY_THREADS + " writers, " + args.run().toSeconds() + " s");
        LatencyRecorder.Stats c32 = LoadDriver.closedLoop(target, MANY_THREADS, args.run());
        log(target.name() + ": " + describe(c32));
        log(target.name() + ": open loop at " + (long) args.rate() + " writes/s, " + args.run().toSeconds() + " s");
        LatencyRecorder.Stats open = LoadDriver.openLoop(target, args.rate(), args.run(), args.openThreads());
        log(target.name() + ": " + describe(open));
        return new Result(target.name(), c8, c32, open);
    }

    static void addRows(Table table, Result r, BenchArgs args) {
        table.stats(r.closed8(), r.target(), "closed, " + FEW_THREADS + " writers");
        table.stats(r.closed32(), r.target(), "closed, " + MANY_THREADS + " writers");
        table.stats(r.open(), r.target(), "open, " + (long) args.rate() + "/s");
    }

    static Table newTable() {
        return new Table("target", "load", "writes/s", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
    }

    static String describe(LatencyRecorder.Stats s) {
        return String.format("%.0f writes/s, p50 %.2f ms, p99 %.2f ms, max %.1f ms, %d errors", s.throughput(),
                s.p50(), s.p99(), s.max(), s.errors());
    }

    static void log(String message) {
        System.err.println("bench: " + message);
    }
}
