package io.stevedore.bench;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * Command-line settings shared by the benchmarks, as {@code --name=value}: {@code seconds} per measured run
 * (default 20), {@code warmup} seconds (default 5), {@code rate} of the open-loop runs in writes/s (default 1000),
 * {@code openThreads} writers of the open-loop runs (default 64).
 */
public record BenchArgs(Duration run, Duration warmup, double rate, int openThreads, Map<String, String> all) {

    public static BenchArgs parse(String[] args) {
        Map<String, String> m = new HashMap<>();
        for (String a : args) {
            if (!a.startsWith("--") || !a.contains("=")) {
                throw new IllegalArgumentException("expected --name=value, got " + a);
            }
            m.put(a.substring(2, a.indexOf('=')), a.substring(a.indexOf('=') + 1));
        }
        return new BenchArgs(Duration.ofMillis((long) (1000 * Double.parseDouble(m.getOrDefault("seconds", "20")))),
                Duration.ofMillis((long) (1000 * Double.parseDouble(m.getOrDefault("warmup", "5")))),
                Double.parseDouble(m.getOrDefault("rate", "1000")),
                Integer.parseInt(m.getOrDefault("openThreads", "64")), Map.copyOf(m));
    }

    public String get(String name, String fallback) {
        return all.getOrDefault(name, fallback);
    }
}
