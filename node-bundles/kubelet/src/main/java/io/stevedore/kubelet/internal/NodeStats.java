package io.stevedore.kubelet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** What the node has, read from /proc and the data directory's file system. */
final class NodeStats {

    private NodeStats() {
    }

    static long memoryTotalBytes() {
        return meminfo("MemTotal:", Runtime.getRuntime().maxMemory());
    }

    static long memoryAvailableBytes() {
        return meminfo("MemAvailable:", Long.MAX_VALUE);
    }

    private static long meminfo(String key, long fallback) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/meminfo"))) {
                if (line.startsWith(key)) {
                    String[] parts = line.substring(key.length()).trim().split("\\s+");
                    return Long.parseLong(parts[0]) * 1024;
                }
            }
        } catch (IOException | RuntimeException e) {
            // not Linux: fall back
        }
        return fallback;
    }

    static long diskTotalBytes(Path dir) {
        try {
            return Files.getFileStore(existing(dir)).getTotalSpace();
        } catch (IOException e) {
            return 0;
        }
    }

    static long diskAvailableBytes(Path dir) {
        try {
            return Files.getFileStore(existing(dir)).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    private static Path existing(Path dir) {
        Path p = dir.toAbsolutePath();
        while (p != null && !Files.exists(p)) {
            p = p.getParent();
        }
        return p == null ? Path.of("/") : p;
    }

    static long pidMax() {
        return readLong(Path.of("/proc/sys/kernel/pid_max"), 32768);
    }

    static long processes() {
        try (var s = Files.list(Path.of("/proc"))) {
            return s.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).count();
        } catch (IOException e) {
            return 0;
        }
    }

    static String read(Path p, String fallback) {
        try {
            return Files.readString(p).trim();
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    private static long readLong(Path p, long fallback) {
        try {
            return Long.parseLong(Files.readString(p).trim());
        } catch (IOException | RuntimeException e) {
            return fallback;
        }
    }

    static String osImage() {
        try {
            List<String> lines = Files.readAllLines(Path.of("/etc/os-release"));
            for (String l : lines) {
                if (l.startsWith("PRETTY_NAME=")) {
                    return l.substring(12).replace("\"", "");
                }
            }
        } catch (IOException e) {
            // unknown
        }
        return System.getProperty("os.name");
    }
}
