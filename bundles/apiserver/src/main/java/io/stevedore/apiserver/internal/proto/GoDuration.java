package io.stevedore.apiserver.internal.proto;

import java.math.BigDecimal;

/** Go's {@code time.Duration} text form ({@code "1h2m3.5s"}, {@code "150ms"}, {@code "0s"}), as {@code metav1.Duration} uses in JSON. */
final class GoDuration {

    private static final long MICRO = 1_000L;
    private static final long MILLI = 1_000_000L;
    private static final long SECOND = 1_000_000_000L;
    private static final long MINUTE = 60 * SECOND;
    private static final long HOUR = 60 * MINUTE;

    private GoDuration() {
    }

    /** Formats nanoseconds the way Go's {@code Duration.String} does. */
    static String format(long nanos) {
        if (nanos == 0) {
            return "0s";
        }
        boolean negative = nanos < 0;
        BigDecimal abs = BigDecimal.valueOf(nanos).abs();
        StringBuilder out = new StringBuilder(negative ? "-" : "");
        if (abs.compareTo(BigDecimal.valueOf(SECOND)) < 0) {
            long n = abs.longValueExact();
            if (n < MICRO) {
                return out.append(n).append("ns").toString();
            }
            if (n < MILLI) {
                return out.append(plain(abs, MICRO)).append("µs").toString();
            }
            return out.append(plain(abs, MILLI)).append("ms").toString();
        }
        BigDecimal hours = abs.divideToIntegralValue(BigDecimal.valueOf(HOUR));
        BigDecimal rest = abs.subtract(hours.multiply(BigDecimal.valueOf(HOUR)));
        BigDecimal minutes = rest.divideToIntegralValue(BigDecimal.valueOf(MINUTE));
        rest = rest.subtract(minutes.multiply(BigDecimal.valueOf(MINUTE)));
        if (hours.signum() > 0) {
            out.append(hours.toPlainString()).append('h');
        }
        if (hours.signum() > 0 || minutes.signum() > 0) {
            out.append(minutes.toPlainString()).append('m');
        }
        return out.append(plain(rest, SECOND)).append('s').toString();
    }

    private static String plain(BigDecimal value, long unit) {
        BigDecimal scaled = value.divide(BigDecimal.valueOf(unit)).stripTrailingZeros();
        return scaled.scale() < 0 ? scaled.setScale(0).toPlainString() : scaled.toPlainString();
    }

    /** Parses Go's duration syntax (units ns, us, µs, ms, s, m, h; a sign; fractions) into nanoseconds. */
    static long parse(String text) {
        String s = text.trim();
        if (s.isEmpty()) {
            throw new IllegalArgumentException("invalid duration \"\"");
        }
        boolean negative = false;
        int i = 0;
        if (s.charAt(0) == '-' || s.charAt(0) == '+') {
            negative = s.charAt(0) == '-';
            i = 1;
        }
        if (s.substring(i).equals("0")) {
            return 0;
        }
        BigDecimal total = BigDecimal.ZERO;
        while (i < s.length()) {
            int start = i;
            while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
                i++;
            }
            if (start == i) {
                throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            }
            BigDecimal number = new BigDecimal(s.substring(start, i));
            int unitStart = i;
            while (i < s.length() && !Character.isDigit(s.charAt(i)) && s.charAt(i) != '.') {
                i++;
            }
            long unit = switch (s.substring(unitStart, i)) {
                case "ns" -> 1L;
                case "us", "µs", "μs" -> MICRO;
                case "ms" -> MILLI;
                case "s" -> SECOND;
                case "m" -> MINUTE;
                case "h" -> HOUR;
                default -> throw new IllegalArgumentException("invalid duration \"" + text + "\"");
            };
            total = total.add(number.multiply(BigDecimal.valueOf(unit)));
        }
        long nanos = total.longValue();
        return negative ? -nanos : nanos;
    }
}
