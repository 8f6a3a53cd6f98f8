package io.stevedore.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The distribution as users run it: {@code ./stevedore up} of {@code --archive} in its own STEVEDORE_HOME on
 * free ports, driven over HTTP from this (separate) JVM. Measures, in order: the Karaf JVM's RSS idle; an open
 * loop of 1 KiB ConfigMap creates at {@code --rate} (default 1,000/s, 64 threads) after a {@code --warmup}, and
 * again {@code --steady} seconds later (default 45), each with p50/p99/max, the GC pauses the server logged and
 * server and driver CPU; RSS after them; RSS after {@code --churn} (default 60,000) creates and deletes; then
 * {@code ./stevedore down}. The JVM's options are the distribution's own (etc/ and bin/setenv),
 * plus STEVEDORE_JAVA_OPTS if set in this environment.
 */
public final class DistributionBench {

    private static final Pattern PAUSE = Pattern.compile(
            "^\\[([0-9.]+)s\\].*\\bPause (Young|Full|Remark|Cleanup|Mixed)[^\\n]*? ([0-9.]+)ms$");

    private DistributionBench() {
    }

    public static void main(String[] argv) throws Exception {
        BenchArgs args = BenchArgs.parse(argv);
        Path root = Path.of(args.get("root", ".")).toAbsolutePath().normalize();
        String archiveArg = args.get("archive", "");
        if (archiveArg.isEmpty()) {
            throw new IllegalArgumentException("--archive=PATH to a stevedore-karaf-*.tar.gz is required "
                    + "(bench/run.sh dist passes the newest build)");
        }
        Path archive = Path.of(archiveArg);
        int idleSeconds = Integer.parseInt(args.get("idle", "20"));
        int churn = Integer.parseInt(args.get("churn", "60000"));
        Path home = Files.createTempDirectory("stevedore-bench-dist");
        int apiPort = Ports.free();
        Launcher launcher = new Launcher(root.resolve("stevedore"), Map.of(
                "STEVEDORE_HOME", home.toString(),
                "STEVEDORE_API_PORT", Integer.toString(apiPort),
                "STEVEDORE_SSH_PORT", Integer.toString(Ports.free()),
                "STEVEDORE_HAZELCAST_PORT", Integer.toString(Ports.free()),
                "STEVEDORE_ARCHIVE", archive.toString()));
        Table table = new Table("measure", "value");
        Table load = WriteSuite.newTable();
        try {
            log("archive " + archive + ", home " + home);
            launcher.run("up");
            String settings = args.get("set", "");
            if (!settings.isEmpty()) {
                launcher.run("down");
                applySettings(home, settings);
                launcher.run("up");
            }
            long pid = Long.parseLong(Files.readString(home.resolve("karaf.pid")).trim());
            Path gcLog = home.resolve("karaf/data/log/gc.log");
            table.row("JVM options", jvmOptions(pid));
            TimeUnit.SECONDS.sleep(idleSeconds);
            table.row("RSS idle " + idleSeconds + " s after ready", mib(status(pid, "VmRSS")));

            try (HttpApiTarget http = new HttpApiTarget(apiPort, "bench")) {
                http.createNamespace("bench");
                WriteTarget creates = new CreatesOnly(http);
                log("warm-up: open loop at " + (long) args.rate() + "/s for " + args.warmup().toSeconds() + " s");
                LoadDriver.openLoop(creates, args.rate(), args.warmup(), args.openThreads());
                String jfr = args.get("jfr", "");
                if (!jfr.isEmpty()) {
                    jcmd(pid, "JFR.start", "name=bench", "settings=profile", "filename=" + jfr);
                }
                log("measured: open loop of creates at " + (long) args.rate() + "/s, " + args.openThreads()
                        + " threads, " + args.run().toSeconds() + " s");
                Measured early = measure(creates, args, pid, gcLog);
                if (!jfr.isEmpty()) {
                    jcmd(pid, "JFR.stop", "name=bench");
                    log("flight recording of the measured run in " + jfr);
                }
                early.report(load, table, args.rate(), "after " + args.warmup().toSeconds() + " s warm-up",
                        "the measured run");
                Duration more = Duration.ofSeconds(Long.parseLong(args.get("steady", "45")));
                if (!more.isZero()) {
                    // the same load once the JIT has compiled the request path (C2 takes about a minute here)
                    log("steady state: " + more.toSeconds() + " s more at the same rate, then measured again");
                    LoadDriver.openLoop(creates, args.rate(), more, args.openThreads());
                    long after = args.warmup().toSeconds() + more.toSeconds() + args.run().toSeconds();
                    measure(creates, args, pid, gcLog).report(load, table, args.rate(), "steady (after " + after
                            + " s)", "the steady-state run");
                }
                table.row("RSS after the run", mib(status(pid, "VmRSS")));

                if (churn > 0) {
                    log("churn: " + churn + " creates and deletes of 1 KiB ConfigMaps, 8 threads");
                    long t0 = System.nanoTime();
                    churn(http, churn, 8);
                    double seconds = (System.nanoTime() - t0) / 1e9;
                    table.row("churn: " + churn + " creates + deletes", String.format("%.1f s (%.0f writes/s)",
                            seconds, 2 * churn / seconds));
                    table.row("GC pauses, whole life of the JVM", pauses(gcLog, 0, Double.MAX_VALUE));
                    table.row("RSS after churn", mib(status(pid, "VmRSS")));
                    TimeUnit.SECONDS.sleep(10);
                    table.row("RSS 10 s later / peak (VmHWM)", mib(status(pid, "VmRSS")) + " / "
                            + mib(status(pid, "VmHWM")));
                }
            }
        } finally {
            launcher.run("down");
            if (Boolean.parseBoolean(args.get("keep", "false"))) {
                log("kept " + home);
            } else {
                TempDirs.deleteQuietly(home);
            }
        }
        System.out.println("The distribution (./stevedore up), driven over HTTP from another JVM, 1 KiB ConfigMaps");
        System.out.print(load);
        System.out.println();
        System.out.print(table);
    }

    /** One measured open-loop run: latency, and what the server did meanwhile (GC pauses, CPU). */
    record Measured(LatencyRecorder.Stats stats, String gcPauses, double seconds, double serverCpu,
                    double driverCpu) {
        void report(Table load, Table table, double rate, String when, String run) {
            load.stats(stats, "distribution over HTTP", "open, " + (long) rate + "/s creates, " + when);
            table.row("GC pauses during " + run, gcPauses);
            table.row("CPU during " + run + ": server / driver", String.format(
                    "%.1f s (%.2f ms per write, %.0f%% of one core) / %.1f s", serverCpu,
                    1000 * serverCpu / Math.max(1, stats.ops()), 100 * serverCpu / seconds, driverCpu));
        }
    }

    static Measured measure(WriteTarget target, BenchArgs args, long pid, Path gcLog) throws Exception {
        long self = ProcessHandle.current().pid();
        double from = uptimeSeconds(pid);
        double cpu = cpuSeconds(pid);
        double driver = cpuSeconds(self);
        LatencyRecorder.Stats stats = LoadDriver.openLoop(target, args.rate(), args.run(), args.openThreads());
        double to = uptimeSeconds(pid);
        return new Measured(stats, pauses(gcLog, from, to), to - from, cpuSeconds(pid) - cpu,
                cpuSeconds(self) - driver);
    }

    /** {@code pid:key=value[,pid:key=value]} written into etc/PID.cfg, as a user would edit it. */
    static void applySettings(Path home, String settings) throws IOException {
        for (String setting : settings.split(",")) {
            String pidName = setting.substring(0, setting.indexOf(':'));
            String kv = setting.substring(setting.indexOf(':') + 1);
            Path cfg = home.resolve("karaf/etc/" + pidName + ".cfg");
            String key = kv.substring(0, kv.indexOf('='));
            List<String> lines = new ArrayList<>(Files.readAllLines(cfg));
            lines.removeIf(l -> l.trim().startsWith(key + " ") || l.trim().startsWith(key + "="));
            lines.add(key + " = " + kv.substring(kv.indexOf('=') + 1));
            Files.write(cfg, lines);
            log("set " + setting);
        }
    }

    /** Creates of fresh names only: every write the driver would make an update becomes a create of a new object. */
    static final class CreatesOnly implements WriteTarget {
        private final WriteTarget target;
        private final AtomicLong sequence = new AtomicLong();

        CreatesOnly(WriteTarget target) {
            this.target = target;
        }

        @Override
        public String name() {
            return target.name() + "-creates";
        }

        @Override
        public long create(String key, long stampNanos) throws Exception {
            return target.create(key + "-" + sequence.incrementAndGet(), stampNanos);
        }

        @Override
        public long update(String key, long stampNanos, long expected) throws Exception {
            return create(key, stampNanos);
        }

        @Override
        public long revisionOf(String key) {
            return 0;
        }

        @Override
        public void close() {
        }
    }

    private static void churn(HttpApiTarget http, int total, int threads) throws InterruptedException {
        AtomicLong next = new AtomicLong();
        AtomicLong errors = new AtomicLong();
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Threads.start("churn-" + t, () -> {
                for (long i = next.getAndIncrement(); i < total; i = next.getAndIncrement()) {
                    String name = "churn-" + i;
                    try {
                        http.create(name, System.nanoTime());
                        http.delete(name);
                    } catch (Exception e) {
                        if (errors.incrementAndGet() > 100) {
                            return;
                        }
                    }
                }
            }));
        }
        for (Thread w : workers) {
            w.join(TimeUnit.MINUTES.toMillis(10));
            w.interrupt();
        }
        if (errors.get() > 0) {
            log("churn: " + errors.get() + " errors");
        }
    }

    /** Count, total, p99 and max of the GC pauses logged between two JVM uptimes. */
    static String pauses(Path gcLog, double from, double to) throws IOException {
        if (!Files.exists(gcLog)) {
            return "no GC log at " + gcLog;
        }
        List<Double> ms = new ArrayList<>();
        for (String line : Files.readAllLines(gcLog, StandardCharsets.UTF_8)) {
            Matcher m = PAUSE.matcher(line.trim());
            if (m.find()) {
                double at = Double.parseDouble(m.group(1));
                if (at >= from && at <= to) {
                    ms.add(Double.parseDouble(m.group(3)));
                }
            }
        }
        if (ms.isEmpty()) {
            return "none";
        }
        ms.sort(Double::compare);
        double total = ms.stream().mapToDouble(Double::doubleValue).sum();
        return String.format("%d, total %.0f ms, p50 %.1f ms, p99 %.1f ms, max %.1f ms", ms.size(), total,
                ms.get(ms.size() / 2), ms.get(Math.min(ms.size() - 1, (int) Math.ceil(ms.size() * 0.99) - 1)),
                ms.get(ms.size() - 1));
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid)));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            p.destroyForcibly();
            throw new IOException("jcmd " + String.join(" ", command) + " failed");
        }
    }

    /** The fields of /proc/PID/stat after the command name (index 0 = field 3, the state). */
    private static String[] procStat(long pid) throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid + "/stat"));
        return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
    }

    /** User + system CPU of a process so far (fields 14 and 15, in 100 Hz ticks). */
    private static double cpuSeconds(long pid) throws IOException {
        String[] f = procStat(pid);
        return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0;
    }

    /** Seconds since the process started (field 22: its start in ticks since boot). */
    private static double uptimeSeconds(long pid) throws IOException {
        double startedAt = Long.parseLong(procStat(pid)[19]) / 100.0;
        return Double.parseDouble(Files.readString(Path.of("/proc/uptime")).split(" ")[0]) - startedAt;
    }

    private static String jvmOptions(long pid) throws IOException {
        String cmd = Files.readString(Path.of("/proc/" + pid + "/cmdline")).replace('\0', ' ');
        StringBuilder sb = new StringBuilder();
        for (String a : cmd.split(" ")) {
            if (a.startsWith("-Xm") || a.startsWith("-Xss") || a.startsWith("-XX:") && !a.contains("Diagnostic")) {
                sb.append(sb.length() == 0 ? "" : " ").append(a);
            }
        }
        return sb.length() == 0 ? "(JVM defaults)" : sb.toString();
    }

    static long status(long pid, String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("\\D+", ""));
            }
        }
        throw new IOException(field + " not in /proc/" + pid + "/status");
    }

    private static String mib(long kib) {
        return String.format("%.0f MiB", kib / 1024.0);
    }

    /** The stevedore launcher with a fixed environment; a failing command fails the bench. */
    record Launcher(Path script, Map<String, String> env) {
        void run(String command) throws IOException, InterruptedException {
            ProcessBuilder pb = new ProcessBuilder(script.toString(), command).inheritIO();
            pb.redirectOutput(ProcessBuilder.Redirect.DISCARD);
            pb.environment().putAll(env);
            Process p = pb.start();
            if (!p.waitFor(Duration.ofMinutes(5).toSeconds(), TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IOException("./stevedore " + command + " timed out");
            }
            if (p.exitValue() != 0) {
                throw new IOException("./stevedore " + command + " exited with " + p.exitValue());
            }
        }
    }

    static void log(String message) {
        System.err.println("bench: " + message);
    }
}
