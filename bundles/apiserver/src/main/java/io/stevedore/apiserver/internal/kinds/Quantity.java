package io.stevedore.apiserver.internal.kinds;

import java.math.BigDecimal;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Kubernetes resource quantity ({@code 500m}, {@code 1Gi}, {@code 2}, {@code 1e3}) parsed to
 * its exact value, for comparisons. {@link #toString()} is Kubernetes' canonical form
 * ({@code 1000m} prints as {@code 1}, {@code 1024Mi} as {@code 1Gi}); {@link #text()} the original.
 *
 * @param value the amount in base units (cores, bytes, ...)
 * @param text  the original text
 */
public record Quantity(BigDecimal value, String text) implements Comparable<Quantity> {

    /** The regular expression of apimachinery's {@code ErrFormatWrong}. */
    public static final String REGEX = "^([+-]?[0-9.]+)([eEinumkKMGTP]*[-+]?[0-9]*)$";
    /** The message of a malformed quantity. */
    public static final String FORMAT_ERROR = "quantities must match the regular expression '" + REGEX + "'";
    /** The message of an unknown suffix. */
    public static final String SUFFIX_ERROR = "unable to parse quantity's suffix";

    private static final Pattern PATTERN = Pattern.compile(REGEX);
    private static final Pattern NUMBER = Pattern.compile("^[+-]?([0-9]+(\\.[0-9]*)?|\\.[0-9]+)$");
    private static final Map<String, BigDecimal> SUFFIXES = Map.ofEntries(
            Map.entry("", BigDecimal.ONE),
            Map.entry("n", new BigDecimal("1e-9")), Map.entry("u", new BigDecimal("1e-6")),
            Map.entry("m", new BigDecimal("1e-3")), Map.entry("k", new BigDecimal("1e3")),
            Map.entry("M", new BigDecimal("1e6")), Map.entry("G", new BigDecimal("1e9")),
            Map.entry("T", new BigDecimal("1e12")), Map.entry("P", new BigDecimal("1e15")),
            Map.entry("E", new BigDecimal("1e18")),
            Map.entry("Ki", BigDecimal.valueOf(2).pow(10)), Map.entry("Mi", BigDecimal.valueOf(2).pow(20)),
            Map.entry("Gi", BigDecimal.valueOf(2).pow(30)), Map.entry("Ti", BigDecimal.valueOf(2).pow(40)),
            Map.entry("Pi", BigDecimal.valueOf(2).pow(50)), Map.entry("Ei", BigDecimal.valueOf(2).pow(60)));

    /**
     * Parses a quantity.
     *
     * @throws IllegalArgumentException with Kubernetes' message when malformed
     */
    public static Quantity parse(String text) {
        String s = text == null ? "" : text.trim();
        Matcher m = PATTERN.matcher(s);
        if (s.isEmpty() || !m.matches()) {
            throw new IllegalArgumentException(FORMAT_ERROR);
        }
        String num = m.group(1);
        String suffix = m.group(2);
        if (!NUMBER.matcher(num).matches()) {
            throw new IllegalArgumentException(FORMAT_ERROR);
        }
        BigDecimal multiplier = SUFFIXES.get(suffix);
        if (multiplier == null) {
            if (suffix.length() > 1 && (suffix.charAt(0) == 'e' || suffix.charAt(0) == 'E')
                    && suffix.substring(1).matches("[-+]?[0-9]+")) {
                multiplier = BigDecimal.ONE.scaleByPowerOfTen(Integer.parseInt(suffix.substring(1)));
            } else {
                throw new IllegalArgumentException(SUFFIX_ERROR);
            }
        }
        BigDecimal n = new BigDecimal(num.startsWith("+") ? num.substring(1) : num);
        return new Quantity(n.multiply(multiplier), s);
    }

    /** Parses a JSON quantity (a string or a bare number). */
    public static Quantity parse(tools.jackson.databind.JsonNode n) {
        if (n != null && n.isNumber()) {
            return new Quantity(n.decimalValue(), n.asString());
        }
        return parse(Nodes.str(n));
    }

    public boolean isNegative() {
        return value.signum() < 0;
    }

    @Override
    public int compareTo(Quantity o) {
        return value.compareTo(o.value);
    }

    /** The canonical form, as {@code resource.Quantity.String()} prints it. */
    @Override
    public String toString() {
        BigDecimal v = value.setScale(9, java.math.RoundingMode.UP).stripTrailingZeros();
        if (v.signum() == 0) {
            return "0";
        }
        String suffix = text.replaceFirst("^[+-]?[0-9.]+", "");
        boolean binary = suffix.endsWith("i");
        boolean exponent = !binary && (suffix.startsWith("e") || suffix.startsWith("E"));
        if (binary && v.abs().compareTo(BigDecimal.valueOf(1024)) >= 0 && v.scale() <= 0) {
            String[] units = {"", "Ki", "Mi", "Gi", "Ti", "Pi", "Ei"};
            java.math.BigInteger n = v.toBigIntegerExact();
            java.math.BigInteger k1024 = java.math.BigInteger.valueOf(1024);
            int i = 0;
            while (i < units.length - 1 && n.mod(k1024).signum() == 0) {
                n = n.divide(k1024);
                i++;
            }
            return n + units[i];
        }
        int e = 18;
        while (e > -9 && v.scaleByPowerOfTen(-e).stripTrailingZeros().scale() > 0) {
            e -= 3;
        }
        String mantissa = v.scaleByPowerOfTen(-e).stripTrailingZeros().toPlainString();
        if (exponent) {
            return e == 0 ? mantissa : mantissa + "e" + e;
        }
        String unit = switch (e) {
            case -9 -> "n";
            case -6 -> "u";
            case -3 -> "m";
            case 3 -> "k";
            case 6 -> "M";
            case 9 -> "G";
            case 12 -> "T";
            case 15 -> "P";
            case 18 -> "E";
            default -> "";
        };
        return mantissa + unit;
    }
}
