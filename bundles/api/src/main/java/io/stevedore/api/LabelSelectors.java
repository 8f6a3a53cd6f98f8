package io.stevedore.api;

import io.fabric8.kubernetes.api.model.LabelSelector;
import io.fabric8.kubernetes.api.model.LabelSelectorRequirement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Label selectors: the string syntax of apimachinery's {@code labels.Parse}
 * ({@code a=b,c!=d,e in (x,y),f notin (z),g,!h,n>3}) with its error texts, and matching. One parser for the API
 * server (list and watch filters), the internal client (listers) and everything built on them.
 */
public final class LabelSelectors {

    private LabelSelectors() {
    }

    /** A requirement's operator. */
    public enum Op {
        EQUALS("="), DOUBLE_EQUALS("=="), NOT_EQUALS("!="), IN("in"), NOT_IN("notin"), EXISTS(""),
        DOES_NOT_EXIST("!"), GT("gt"), LT("lt");

        final String token;

        Op(String token) {
            this.token = token;
        }
    }

    /** One requirement of a selector; values are kept sorted as Kubernetes does. */
    public record Requirement(String key, Op op, List<String> values) {

        public boolean matches(Map<String, String> labels) {
            boolean has = labels.containsKey(key);
            String v = labels.get(key);
            return switch (op) {
                case EQUALS, DOUBLE_EQUALS, IN -> has && values.contains(v);
                case NOT_EQUALS, NOT_IN -> !has || !values.contains(v);
                case EXISTS -> has;
                case DOES_NOT_EXIST -> !has;
                case GT, LT -> {
                    if (!has) {
                        yield false;
                    }
                    try {
                        long lv = Long.parseLong(v);
                        long rv = Long.parseLong(values.get(0));
                        yield op == Op.GT ? lv > rv : lv < rv;
                    } catch (NumberFormatException e) {
                        yield false;
                    }
                }
            };
        }

        @Override
        public String toString() {
            return switch (op) {
                case EXISTS -> key;
                case DOES_NOT_EXIST -> "!" + key;
                case EQUALS -> key + "=" + values.get(0);
                case DOUBLE_EQUALS -> key + "==" + values.get(0);
                case NOT_EQUALS -> key + "!=" + values.get(0);
                case IN -> key + " in (" + String.join(",", values) + ")";
                case NOT_IN -> key + " notin (" + String.join(",", values) + ")";
                case GT -> key + ">" + values.get(0);
                case LT -> key + "<" + values.get(0);
            };
        }
    }

    /** A parsed selector: all requirements must match. An empty selector matches everything. */
    public record Selector(List<Requirement> requirements) {

        public static final Selector EVERYTHING = new Selector(List.of());

        /** Whether the labels (null meaning none) satisfy every requirement. */
        public boolean matches(Map<String, String> labels) {
            Map<String, String> l = labels == null ? Map.of() : labels;
            return requirements.stream().allMatch(r -> r.matches(l));
        }

        public boolean isEmpty() {
            return requirements.isEmpty();
        }

        @Override
        public String toString() {
            return requirements.stream().map(Requirement::toString).collect(Collectors.joining(","));
        }
    }

    /** A selector that matches nothing: what a null structured selector means. */
    public static final Selector NOTHING = new Selector(List.of(new Requirement("", Op.IN, List.of())));

    /**
     * A structured selector, as in a ReplicaSet's {@code spec.selector} or an affinity term: null
     * selects nothing, an empty one everything.
     *
     * @throws IllegalArgumentException for an unknown operator
     */
    public static Selector of(LabelSelector selector) {
        if (selector == null) {
            return NOTHING;
        }
        List<Requirement> reqs = new ArrayList<>();
        if (selector.getMatchLabels() != null) {
            selector.getMatchLabels().forEach((k, v) -> reqs.add(new Requirement(k, Op.EQUALS, List.of(v))));
        }
        if (selector.getMatchExpressions() != null) {
            for (LabelSelectorRequirement r : selector.getMatchExpressions()) {
                reqs.add(new Requirement(r.getKey(), op(r.getOperator()),
                        r.getValues() == null ? List.of() : r.getValues()));
            }
        }
        return new Selector(reqs);
    }

    /** A set-based selector from a map (a ReplicationController's or Service's {@code spec.selector}). */
    public static Selector ofMap(Map<String, String> labels) {
        List<Requirement> reqs = new ArrayList<>();
        if (labels != null) {
            labels.forEach((k, v) -> reqs.add(new Requirement(k, Op.EQUALS, List.of(v))));
        }
        return new Selector(reqs);
    }

    /** The operator of a structured requirement ({@code In}, {@code NotIn}, ..., {@code Gt}, {@code Lt}). */
    public static Op op(String operator) {
        return switch (operator == null ? "" : operator) {
            case "In" -> Op.IN;
            case "NotIn" -> Op.NOT_IN;
            case "Exists" -> Op.EXISTS;
            case "DoesNotExist" -> Op.DOES_NOT_EXIST;
            case "Gt" -> Op.GT;
            case "Lt" -> Op.LT;
            default -> throw new IllegalArgumentException("unknown operator " + operator);
        };
    }

    /**
     * Parses a selector string.
     *
     * @throws IllegalArgumentException with Kubernetes' message when malformed
     */
    public static Selector parse(String selector) {
        if (selector == null || selector.isBlank()) {
            return Selector.EVERYTHING;
        }
        return new Parser(selector).parse();
    }

    /**
     * One requirement, validated as {@code labels.NewRequirement} does (values sorted).
     *
     * @throws IllegalArgumentException with Kubernetes' message when invalid
     */
    public static Requirement requirement(String key, Op op, List<String> values) {
        List<String> errs = new ArrayList<>();
        List<String> keyErrs = Names.qualifiedName(key);
        if (!keyErrs.isEmpty()) {
            errs.add("key: Invalid value: " + quote(key) + ": " + String.join("; ", keyErrs));
        }
        switch (op) {
            case IN, NOT_IN -> {
                if (values.isEmpty()) {
                    errs.add("values: Invalid value: []: for 'in', 'notin' operators, values set can't be empty");
                }
            }
            case EQUALS, DOUBLE_EQUALS, NOT_EQUALS -> {
                if (values.size() != 1) {
                    errs.add("values: Invalid value: " + goList(values)
                            + ": exact-match compatible operators must have exactly one value");
                }
            }
            case EXISTS, DOES_NOT_EXIST -> {
                if (!values.isEmpty()) {
                    errs.add("values: Invalid value: " + goList(values)
                            + ": values set must be empty for exists and does not exist");
                }
            }
            case GT, LT -> {
                if (values.size() != 1) {
                    errs.add("values: Invalid value: " + goList(values)
                            + ": for 'Gt', 'Lt' operators, exactly one value is required");
                } else if (!values.get(0).matches("[-+]?[0-9]+")) {
                    errs.add("values[0]: Invalid value: " + quote(values.get(0))
                            + ": for 'Gt', 'Lt' operators, the value must be an integer");
                }
            }
            default -> {
            }
        }
        for (int i = 0; i < values.size(); i++) {
            List<String> vErrs = Names.labelValue(values.get(i));
            if (!vErrs.isEmpty()) {
                errs.add("values[" + i + "][" + key + "]: Invalid value: " + quote(values.get(i)) + ": "
                        + String.join("; ", vErrs));
            }
        }
        if (!errs.isEmpty()) {
            throw new IllegalArgumentException(errs.size() == 1 ? errs.get(0) : "[" + String.join(", ", errs) + "]");
        }
        List<String> sorted = op == Op.GT || op == Op.LT ? values : new ArrayList<>(new TreeSet<>(values));
        return new Requirement(key, op, List.copyOf(sorted));
    }

    private static String goList(List<String> values) {
        return values.stream().map(LabelSelectors::quote).collect(Collectors.joining(",", "[", "]"));
    }

    /** A Go {@code %q}-style quoted string, as field errors print values. */
    static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\t' -> b.append("\\t");
                case '\r' -> b.append("\\r");
                default -> b.append(c);
            }
        }
        return b.append('"').toString();
    }

    private enum Tok { IDENT, BANG, NEQ, EQ, DEQ, GT, LT, IN, NOTIN, OPEN, CLOSE, COMMA, EOS }

    private record Token(Tok type, String lit) {
    }

    /** A recursive-descent parser following the grammar of {@code labels.Parse}. */
    private static final class Parser {
        private final List<Token> tokens = new ArrayList<>();
        private int pos;

        Parser(String s) {
            int i = 0;
            while (i < s.length()) {
                char c = s.charAt(i);
                if (Character.isWhitespace(c)) {
                    i++;
                } else if (c == '!' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    tokens.add(new Token(Tok.NEQ, "!="));
                    i += 2;
                } else if (c == '!') {
                    tokens.add(new Token(Tok.BANG, "!"));
                    i++;
                } else if (c == '=' && i + 1 < s.length() && s.charAt(i + 1) == '=') {
                    tokens.add(new Token(Tok.DEQ, "=="));
                    i += 2;
                } else if (c == '=') {
                    tokens.add(new Token(Tok.EQ, "="));
                    i++;
                } else if (c == '>') {
                    tokens.add(new Token(Tok.GT, ">"));
                    i++;
                } else if (c == '<') {
                    tokens.add(new Token(Tok.LT, "<"));
                    i++;
                } else if (c == '(') {
                    tokens.add(new Token(Tok.OPEN, "("));
                    i++;
                } else if (c == ')') {
                    tokens.add(new Token(Tok.CLOSE, ")"));
                    i++;
                } else if (c == ',') {
                    tokens.add(new Token(Tok.COMMA, ","));
                    i++;
                } else {
                    int start = i;
                    while (i < s.length() && !Character.isWhitespace(s.charAt(i)) && "!=<>(),".indexOf(s.charAt(i)) < 0) {
                        i++;
                    }
                    String lit = s.substring(start, i);
                    Tok t = lit.equals("in") ? Tok.IN : lit.equals("notin") ? Tok.NOTIN : Tok.IDENT;
                    tokens.add(new Token(t, lit));
                }
            }
            tokens.add(new Token(Tok.EOS, ""));
        }

        private Token peek() {
            return tokens.get(pos);
        }

        private Token next() {
            Token t = tokens.get(pos);
            if (pos < tokens.size() - 1) {
                pos++;
            }
            return t;
        }

        Selector parse() {
            List<Requirement> reqs = new ArrayList<>();
            while (true) {
                Token t = peek();
                switch (t.type()) {
                    case IDENT, BANG -> {
                        try {
                            reqs.add(requirement());
                        } catch (IllegalArgumentException e) {
                            throw new IllegalArgumentException("unable to parse requirement: " + e.getMessage(), e);
                        }
                        Token after = next();
                        if (after.type() == Tok.EOS) {
                            reqs.sort(Comparator.comparing(Requirement::key));
                            return new Selector(reqs);
                        }
                        if (after.type() == Tok.COMMA) {
                            Token n = peek();
                            if (n.type() != Tok.IDENT && n.type() != Tok.BANG) {
                                throw new IllegalArgumentException("found '" + n.lit() + "', expected: identifier after ','");
                            }
                        } else {
                            throw new IllegalArgumentException("found '" + after.lit() + "', expected: ',' or 'end of string'");
                        }
                    }
                    case EOS -> {
                        reqs.sort(Comparator.comparing(Requirement::key));
                        return new Selector(reqs);
                    }
                    default -> throw new IllegalArgumentException(
                            "found '" + t.lit() + "', expected: !, identifier, or 'end of string'");
                }
            }
        }

        private Requirement requirement() {
            boolean notExists = false;
            if (peek().type() == Tok.BANG) {
                next();
                notExists = true;
            }
            Token key = next();
            if (key.type() != Tok.IDENT) {
                throw new IllegalArgumentException("found '" + key.lit() + "', expected: identifier");
            }
            List<String> keyErrs = Names.qualifiedName(key.lit());
            if (!keyErrs.isEmpty()) {
                throw new IllegalArgumentException("key: Invalid value: " + quote(key.lit()) + ": "
                        + String.join("; ", keyErrs));
            }
            Tok after = peek().type();
            if (notExists) {
                return LabelSelectors.requirement(key.lit(), Op.DOES_NOT_EXIST, List.of());
            }
            if (after == Tok.EOS || after == Tok.COMMA) {
                return LabelSelectors.requirement(key.lit(), Op.EXISTS, List.of());
            }
            Token op = next();
            Op o = switch (op.type()) {
                case EQ -> Op.EQUALS;
                case DEQ -> Op.DOUBLE_EQUALS;
                case NEQ -> Op.NOT_EQUALS;
                case IN -> Op.IN;
                case NOTIN -> Op.NOT_IN;
                case GT -> Op.GT;
                case LT -> Op.LT;
                default -> throw new IllegalArgumentException(
                        "found '" + op.lit() + "', expected: in, notin, =, ==, !=, gt, lt");
            };
            List<String> values = o == Op.IN || o == Op.NOT_IN ? values() : List.of(exactValue());
            return LabelSelectors.requirement(key.lit(), o, values);
        }

        private String exactValue() {
            Tok t = peek().type();
            if (t == Tok.EOS || t == Tok.COMMA) {
                return "";
            }
            Token v = next();
            if (v.type() == Tok.IDENT || v.type() == Tok.IN || v.type() == Tok.NOTIN) {
                return v.lit();
            }
            throw new IllegalArgumentException("found '" + v.lit() + "', expected: identifier");
        }

        private List<String> values() {
            Token open = next();
            if (open.type() != Tok.OPEN) {
                throw new IllegalArgumentException("found '" + open.lit() + "' expected: '('");
            }
            Token t = peek();
            switch (t.type()) {
                case IDENT, IN, NOTIN, COMMA -> {
                    List<String> list = identifiers();
                    Token close = next();
                    if (close.type() != Tok.CLOSE) {
                        throw new IllegalArgumentException("found '" + close.lit() + "', expected: ')'");
                    }
                    return list;
                }
                case CLOSE -> {
                    next();
                    return List.of("");
                }
                default -> throw new IllegalArgumentException(
                        "found '" + t.lit() + "', expected: ',', ')' or identifier");
            }
        }

        private List<String> identifiers() {
            List<String> out = new ArrayList<>();
            while (true) {
                Token t = next();
                switch (t.type()) {
                    case IDENT, IN, NOTIN -> {
                        out.add(t.lit());
                        Tok n = peek().type();
                        if (n == Tok.COMMA) {
                            continue;
                        }
                        if (n == Tok.CLOSE) {
                            return out;
                        }
                        throw new IllegalArgumentException("found '" + peek().lit() + "', expected: ',' or ')'");
                    }
                    case COMMA -> {
                        if (out.isEmpty()) {
                            out.add("");
                        }
                        Tok n = peek().type();
                        if (n == Tok.CLOSE) {
                            out.add("");
                            return out;
                        }
                        if (n == Tok.COMMA) {
                            out.add("");
                        }
                    }
                    default -> throw new IllegalArgumentException("found '" + t.lit() + "', expected: ',', or identifier");
                }
            }
        }
    }
}
