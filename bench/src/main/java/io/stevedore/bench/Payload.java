package io.stevedore.bench;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** The 1 KiB values the benchmarks write: the writer's timestamp in decimal, then padding. */
public final class Payload {

    private static final int STAMP_DIGITS = 20;

    private Payload() {
    }

    /** {@code size} bytes: {@code stampNanos} as 20 zero-padded decimal digits, then {@code 'x'}s. */
    public static byte[] bytes(long stampNanos, int size) {
        byte[] out = new byte[Math.max(size, STAMP_DIGITS)];
        Arrays.fill(out, (byte) 'x');
        byte[] stamp = stamp(stampNanos).getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(stamp, 0, out, 0, STAMP_DIGITS);
        return out;
    }

    /** The timestamp field: 20 zero-padded decimal digits (nanoTime may be negative: offset by Long.MIN_VALUE). */
    public static String stamp(long stampNanos) {
        String digits = Long.toUnsignedString(stampNanos - Long.MIN_VALUE);
        return "0".repeat(STAMP_DIGITS - digits.length()) + digits;
    }

    /** Reads the timestamp back from a value written by {@link #bytes} or from a {@link #stamp} string. */
    public static long readStamp(byte[] value) {
        return readStamp(new String(value, 0, STAMP_DIGITS, StandardCharsets.US_ASCII));
    }

    public static long readStamp(CharSequence stamp) {
        return Long.parseUnsignedLong(stamp.subSequence(0, STAMP_DIGITS).toString()) + Long.MIN_VALUE;
    }

    /** ASCII padding of {@code n} characters. */
    public static String padding(int n) {
        return "x".repeat(Math.max(n, 0));
    }
}
