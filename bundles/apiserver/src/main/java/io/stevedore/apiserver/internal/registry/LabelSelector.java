package io.stevedore.apiserver.internal.registry;

import io.stevedore.api.ApiException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/** Placeholder label selector parser: =, ==, !=, in, notin, exists, !exists. */
final class LabelSelector {

    private LabelSelector() {
    }

    static Predicate<Map<String, String>> parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return m -> true;
        }
        List<Predicate<Map<String, String>>> terms = new ArrayList<>();
        for (String raw : splitTerms(selector)) {
            String t = raw.trim();
            if (t.isEmpty()) {
                throw ApiException.badRequest("unable to parse requirement: found '', expected: identifier");
            }
            String[] words = t.split("\\s+", 3);
            if (words.length >= 2 && (words[1].equals("in") || words[1].equals("notin"))) {
                String key = words[0];
                String rest = t.substring(t.indexOf(words[1]) + words[1].length()).trim();
                if (!rest.startsWith("(") || !rest.endsWith(")")) {
                    throw ApiException.badRequest("unable to parse requirement: found '" + rest + "', expected: '('");
                }
                Set<String> values = Set.of(rest.substring(1, rest.length() - 1).trim().split("\\s*,\\s*"));
                boolean in = words[1].equals("in");
                terms.add(m -> in ? values.contains(m.get(key)) : !values.contains(m.get(key)));
            } else if (t.contains("!=")) {
                String[] kv = t.split("!=", 2);
                String k = kv[0].trim();
                String v = kv[1].trim();
                terms.add(m -> !v.equals(m.get(k)));
            } else if (t.contains("=")) {
                String[] kv = t.split("==?", 2);
                String k = kv[0].trim();
                String v = kv[1].trim();
                terms.add(m -> v.equals(m.get(k)));
            } else if (t.startsWith("!")) {
                String k = t.substring(1).trim();
                terms.add(m -> !m.containsKey(k));
            } else {
                terms.add(m -> m.containsKey(t));
            }
        }
        return m -> terms.stream().allMatch(p -> p.test(m));
    }

    private static List<String> splitTerms(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        StringBuilder cur = new StringBuilder();
        for (char c : s.toCharArray()) {
            if (c == '(') {
                depth++;
            } else if (c == ')') {
                depth--;
            }
            if (c == ',' && depth == 0) {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }
}
