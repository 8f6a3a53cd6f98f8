package io.stevedore.apiserver.internal.kinds;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Field selectors ({@code metadata.name=x,status.phase!=Running}) as apimachinery's
 * {@code fields.ParseSelector} reads them, with backslash escapes for {@code ,}, {@code =} and {@code \}.
 */
public final class FieldSelectors {

    private FieldSelectors() {
    }

    /** One term: {@code field=value} or {@code field!=value}. */
    public record Term(String field, boolean equals, String value) {

        public boolean matches(Map<String, String> fields) {
            String v = fields.get(field);
            return equals ? value.equals(v) : !value.equals(v);
        }

        @Override
        public String toString() {
            return field + (equals ? "=" : "!=") + value;
        }
    }

    /** A parsed field selector: every term must match; no terms match everything. */
    public record Selector(List<Term> terms) {

        public static final Selector EVERYTHING = new Selector(List.of());

        public boolean matches(Map<String, String> fields) {
            return terms.stream().allMatch(t -> t.matches(fields));
        }

        public boolean isEmpty() {
            return terms.isEmpty();
        }

        /**
         * Checks every field is one the kind supports.
         *
         * @throws IllegalArgumentException "field label not supported: x"
         */
        public Selector requireSupported(Set<String> supported) {
            for (Term t : terms) {
                if (!supported.contains(t.field())) {
                    throw new IllegalArgumentException("field label not supported: " + t.field());
                }
            }
            return this;
        }

        /** The value required for {@code field} by an equality term, or {@code null}. */
        public String requiredValue(String field) {
            return terms.stream().filter(t -> t.equals() && t.field().equals(field)).map(Term::value).findFirst().orElse(null);
        }
    }

    /**
     * Parses a field selector.
     *
     * @throws IllegalArgumentException "invalid selector: 's'; can't understand 'part'"
     */
    public static Selector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return Selector.EVERYTHING;
        }
        List<Term> terms = new ArrayList<>();
        for (String part : splitTerms(selector)) {
            if (part.isEmpty()) {
                continue;
            }
            Term t = term(part);
            if (t == null) {
                throw new IllegalArgumentException("invalid selector: '" + selector + "'; can't understand '" + part + "'");
            }
            terms.add(t);
        }
        return new Selector(terms);
    }

    private static Term term(String part) {
        for (String op : List.of("!=", "==", "=")) {
            int i = indexOfUnescaped(part, op);
            if (i >= 0) {
                String lhs = part.substring(0, i);
                String rhs = part.substring(i + op.length());
                return new Term(lhs.trim(), !op.equals("!="), unescape(rhs));
            }
        }
        return null;
    }

    private static List<String> splitTerms(String s) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                cur.append(c).append(s.charAt(++i));
            } else if (c == ',') {
                out.add(cur.toString());
                cur.setLength(0);
            } else {
                cur.append(c);
            }
        }
        out.add(cur.toString());
        return out;
    }

    private static int indexOfUnescaped(String s, String op) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) == '\\') {
                i++;
                continue;
            }
            if (s.startsWith(op, i)) {
                return i;
            }
        }
        return -1;
    }

    private static String unescape(String s) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '\\' && i + 1 < s.length()) {
                b.append(s.charAt(++i));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }
}
