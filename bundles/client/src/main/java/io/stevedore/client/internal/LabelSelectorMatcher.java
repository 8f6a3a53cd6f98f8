package io.stevedore.client.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A parsed Kubernetes label selector string ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3}),
 * with Kubernetes' semantics: {@code !=} and {@code notin} also match objects without the label.
 */
final class LabelSelectorMatcher implements Predicate<Map<String, String>> {

    private static final LabelSelectorMatcher EVERYTHING = new LabelSelectorMatcher(List.of());
    private static final Pattern SET = Pattern.compile("^([^\\s!=<>(),]+)\\s+(in|notin)\\s*\\((.*)\\)$");
    private static final Pattern KEY = Pattern.compile("^[A-Za-z0-9]([-A-Za-z0-9_./]*[A-Za-z0-9])?$");

    private final List<Predicate<Map<String, String>>> requirements;

    private LabelSelectorMatcher(List<Predicate<Map<String, String>>> requirements) {
        this.requirements = requirements;
    }

    static LabelSelectorMatcher parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return EVERYTHING;
        }
        List<Predicate<Map<String, String>>> reqs = new ArrayList<>();
        for (String part : splitTopLevel(selector)) {
            reqs.add(requirement(part.trim(), selector));
        }
        return new LabelSelectorMatcher(List.copyOf(reqs));
    }

    boolean matchesEverything() {
        return requirements.isEmpty();
    }

    @Override
    public boolean test(Map<String, String> labels) {
        Map<String, String> l = labels == null ? Map.of() : labels;
        for (Predicate<Map<String, String>> r : requirements) {
            if (!r.test(l)) {
                return false;
            }
        }
        return true;
    }

    private static List<String> splitTopLevel(String s) {
        List<String> parts = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            } else if (c == ',' && depth == 0) {
                parts.add(s.substring(start, i));
                start = i + 1;
            }
        }
        parts.add(s.substring(start));
        return parts;
    }

    private static Predicate<Map<String, String>> requirement(String part, String selector) {
        Matcher set = SET.matcher(part);
        if (set.matches()) {
            String key = key(set.group(1), selector);
            Set<String> values = new java.util.HashSet<>();
            for (String v : set.group(3).split(",")) {
                if (!v.isBlank()) {
                    values.add(v.trim());
                }
            }
            boolean in = set.group(2).equals("in");
            return in ? l -> values.contains(l.get(key)) : l -> !values.contains(l.get(key));
        }
        if (part.startsWith("!")) {
            String key = key(part.substring(1).trim(), selector);
            return l -> !l.containsKey(key);
        }
        for (String op : new String[] {"!=", "==", "=", ">", "<"}) {
            int i = part.indexOf(op);
            if (i > 0) {
                String key = key(part.substring(0, i).trim(), selector);
                String value = part.substring(i + op.length()).trim();
                return switch (op) {
                    case "!=" -> l -> !value.equals(l.get(key));
                    case ">" -> numeric(key, value, selector, true);
                    case "<" -> numeric(key, value, selector, false);
                    default -> l -> value.equals(l.get(key));
                };
            }
        }
        String key = key(part, selector);
        return l -> l.containsKey(key);
    }

    private static Predicate<Map<String, String>> numeric(String key, String value, String selector, boolean gt) {
        long bound;
        try {
            bound = Long.parseLong(value);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("invalid label selector \"" + selector + "\": " + value
                    + " is not an integer");
        }
        return l -> {
            String v = l.get(key);
            if (v == null) {
                return false;
            }
            try {
                long n = Long.parseLong(v);
                return gt ? n > bound : n < bound;
            } catch (NumberFormatException e) {
                return false;
            }
        };
    }

    private static String key(String key, String selector) {
        if (!KEY.matcher(key).matches()) {
            throw new IllegalArgumentException("invalid label selector \"" + selector + "\": bad key \"" + key + "\"");
        }
        return key;
    }
}
