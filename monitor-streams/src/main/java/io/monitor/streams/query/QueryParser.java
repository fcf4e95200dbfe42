package io.monitor.streams.query;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Recursive-descent parser of the brand query language; see {@link BrandQuery} for the grammar. */
final class QueryParser {
    private static final String OPERAND = "a term, \"phrase\", #hashtag, @handle, field:value or '('";
    private static final Pattern NEAR = Pattern.compile("NEAR/(\\d{1,3})(f?)");
    private static final Pattern FIELD = Pattern.compile("([A-Za-z]+):(.*)", Pattern.DOTALL);
    private static final Set<String> FIELDS = Set.of("lang", "platform", "author");
    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");

    private enum Kind { LPAREN, RPAREN, AND, OR, NOT, NEAR, MINUS, PHRASE, WORD, EOF }

    private record Tok(Kind kind, String text, int pos, int end, int near, boolean ordered) {
        String describe() {
            return switch (kind) {
                case EOF -> "end of query";
                case PHRASE -> "\"" + text + "\"";
                default -> "'" + text + "'";
            };
        }
    }

    private final String query;
    private final List<Tok> toks;
    private int at;

    private QueryParser(String query) {
        this.query = query;
        this.toks = lex(query);
    }

    static Node parse(String query) {
        if (query == null) {
            throw new QueryParseException("", 0, OPERAND, "the query is empty; expected " + OPERAND);
        }
        QueryParser p = new QueryParser(query);
        if (p.peek().kind == Kind.EOF) {
            throw new QueryParseException(query, 0, OPERAND, "the query is empty; expected " + OPERAND);
        }
        Node n = p.parseOr();
        Tok t = p.peek();
        if (t.kind == Kind.RPAREN) {
            throw p.error(t.pos, "an operator or end of query", "found ')' without a matching '('");
        }
        if (t.kind != Kind.EOF) {
            throw p.error(t.pos, "an operator or end of query", "expected an operator or end of query, found " + t.describe());
        }
        return n;
    }

    // ---------------------------------------------------------------- grammar

    /** Deepest nesting of parentheses and NOTs a query may have. */
    public static final int MAX_DEPTH = 32;
    private int depth;

    private Node parseOr() {
        List<Node> parts = new ArrayList<>();
        boolean[] combined = new boolean[1];
        int andAt = -1;
        int firstOr = -1;
        parts.add(parseAnd(combined));
        if (combined[0]) {
            andAt = parts.size();
        }
        while (peek().kind == Kind.OR) {
            Tok or = next();
            if (firstOr < 0) {
                firstOr = or.pos;
            }
            requireOperand(or);
            combined[0] = false;
            parts.add(parseAnd(combined));
            if (combined[0] && andAt < 0) {
                andAt = parts.size();
            }
        }
        if (parts.size() > 1 && andAt > 0) {
            // Brandwatch refuses this too: "a b OR c" reads as "a AND (b OR c)" to some people and "(a b) OR c" to others.
            throw error(firstOr, "parentheses",
                    "AND and OR are mixed without parentheses; group them, e.g. (a AND b) OR c, or a AND (b OR c)");
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        if (parts.stream().allMatch(n -> n instanceof Node.Positional)) {
            return new Node.PositionalOr(parts.stream().map(n -> (Node.Positional) n).toList());
        }
        return new Node.Or(List.copyOf(parts));
    }

    private Node parseAnd(boolean[] combined) {
        List<Node> parts = new ArrayList<>();
        parts.add(parseUnary());
        while (true) {
            Tok t = peek();
            if (t.kind == Kind.AND) {
                next();
                requireOperand(t);
                parts.add(parseUnary());
            } else if (startsOperand(t) || t.kind == Kind.NOT || t.kind == Kind.MINUS) {
                parts.add(parseUnary()); // implicit AND between adjacent operands
            } else {
                break;
            }
        }
        if (parts.size() == 1) {
            return parts.get(0);
        }
        combined[0] = true;
        return new Node.And(List.copyOf(parts));
    }

    private Node parseUnary() {
        Tok t = peek();
        if (t.kind == Kind.NOT || t.kind == Kind.MINUS) {
            next();
            requireOperand(t);
            enter(t);
            try {
                return new Node.Not(t.kind == Kind.NOT ? parseUnary() : parsePrimary());
            } finally {
                depth--;
            }
        }
        return parseNear();
    }

    /**
     * Nesting of parentheses and NOTs is bounded: a query from the brands topic or the API must not be able to
     * exhaust the stack of the thread that compiles it.
     */
    private void enter(Tok t) {
        if (++depth > MAX_DEPTH) {
            throw error(t.pos, "at most " + MAX_DEPTH + " levels of nesting",
                    "the query nests parentheses or NOT more than " + MAX_DEPTH + " levels deep here; simplify it");
        }
    }

    private Node parseNear() {
        Node left = parsePrimary();
        while (peek().kind == Kind.NEAR) {
            Tok near = next();
            requireOperand(near);
            int rightPos = peek().pos;
            Node right = parsePrimary();
            if (!(left instanceof Node.Positional l)) {
                throw error(near.pos, "words or phrases",
                        near.text + " needs words, phrases, wildcards (or an OR group of them) on its left, found " + left);
            }
            if (!(right instanceof Node.Positional r)) {
                throw error(rightPos, "words or phrases",
                        near.text + " needs words, phrases, wildcards (or an OR group of them) on its right, found " + right);
            }
            left = new Node.Near(l, r, near.near, near.ordered);
        }
        return left;
    }

    private Node parsePrimary() {
        Tok t = next();
        switch (t.kind) {
            case LPAREN -> {
                if (peek().kind == Kind.RPAREN) {
                    throw error(peek().pos, OPERAND, "empty parentheses; expected " + OPERAND);
                }
                enter(t);
                Node inner = parseOr();
                depth--;
                Tok close = peek();
                if (close.kind != Kind.RPAREN) {
                    throw error(close.pos, "')'", "expected ')' to close the '(' at column " + (t.pos + 1)
                            + ", found " + close.describe());
                }
                next();
                return inner;
            }
            case PHRASE -> {
                List<String> words = Document.words(t.text);
                if (words.isEmpty()) {
                    throw error(t.pos, "a phrase with letters or digits", "the phrase \"" + t.text + "\" contains no letters or digits");
                }
                return words.size() == 1 ? new Node.Term(words.get(0)) : new Node.Phrase(List.copyOf(words));
            }
            case WORD -> {
                return word(t);
            }
            default -> throw error(t.pos, OPERAND, "expected " + OPERAND + ", found " + t.describe());
        }
    }

    private Node word(Tok t) {
        String w = t.text;
        if (w.startsWith("#") || w.startsWith("@")) {
            String body = w.substring(1);
            if (w.startsWith("@")) {
                while (body.endsWith(".")) {
                    body = body.substring(0, body.length() - 1);
                }
            }
            if (body.isEmpty() || !body.codePoints().allMatch(c -> Document.isWordChar(c) || c == '_'
                    || (w.startsWith("@") && (c == '.' || c == '-')))) {
                throw error(t.pos, "a " + (w.startsWith("#") ? "hashtag" : "handle"),
                        "'" + w + "' is not a valid " + (w.startsWith("#") ? "#hashtag" : "@handle")
                                + " (letters, digits and _ after the sign)");
            }
            String folded = Folding.fold(body);
            return w.startsWith("#") ? new Node.Hashtag(folded) : new Node.Handle(folded);
        }
        Matcher f = FIELD.matcher(w);
        if (f.matches() && !w.contains("://")) {
            String name = f.group(1).toLowerCase(Locale.ROOT);
            if (!FIELDS.contains(name)) {
                throw error(t.pos, "a known field", "unknown field '" + f.group(1) + ":'; known fields are lang:, platform:, author:"
                        + " (to search the text itself, put it in quotes)");
            }
            String value = f.group(2);
            if (value.isEmpty() && peek().kind == Kind.PHRASE && peek().pos == t.end) {
                value = next().text;
            }
            value = value.trim();
            if (value.isEmpty()) {
                throw error(t.end, "a value", "expected a value after '" + name + ":', e.g. lang:de, platform:bluesky, author:handle");
            }
            return switch (name) {
                case "lang" -> {
                    String l = value.toLowerCase(Locale.ROOT);
                    if (!LANG.matcher(l).matches()) {
                        throw error(t.pos + 5, "a language code", "'" + value + "' is not a language code; write e.g. lang:de or lang:en");
                    }
                    yield new Node.Field("lang", l);
                }
                case "platform" -> new Node.Field("platform", value.toLowerCase(Locale.ROOT));
                default -> new Node.Field("author", Folding.fold(value.startsWith("@") ? value.substring(1) : value));
            };
        }
        int star = w.indexOf('*');
        if (star >= 0) {
            if (star != w.length() - 1) {
                throw error(t.pos + star, "'*' at the end of a word", "'*' is only allowed at the end of a word (prefix wildcard, e.g. bahn*)");
            }
            List<String> words = Document.words(w.substring(0, star));
            if (words.size() != 1 || words.get(0).length() < BrandQuery.MIN_PREFIX) {
                throw error(t.pos, "at least " + BrandQuery.MIN_PREFIX + " letters before '*'",
                        "a wildcard needs one word of at least " + BrandQuery.MIN_PREFIX + " letters before '*', found '" + w + "'");
            }
            return new Node.Prefix(words.get(0));
        }
        List<String> words = Document.words(w);
        if (words.isEmpty()) {
            throw error(t.pos, OPERAND, "'" + w + "' contains no letters or digits; expected " + OPERAND);
        }
        // "e-bike" or "mcdonald's" are several words in a post, so they are searched as a phrase.
        return words.size() == 1 ? new Node.Term(words.get(0)) : new Node.Phrase(List.copyOf(words));
    }

    // ---------------------------------------------------------------- tokens

    private static boolean startsOperand(Tok t) {
        return t.kind == Kind.LPAREN || t.kind == Kind.PHRASE || t.kind == Kind.WORD;
    }

    private void requireOperand(Tok op) {
        Tok t = peek();
        boolean negationAllowed = op.kind != Kind.NEAR && op.kind != Kind.MINUS;
        if (!startsOperand(t) && !(negationAllowed && (t.kind == Kind.NOT || t.kind == Kind.MINUS))) {
            throw error(t.pos, OPERAND, "expected " + OPERAND + " after " + op.describe() + ", found " + t.describe());
        }
    }

    private Tok peek() {
        return toks.get(at);
    }

    private Tok next() {
        Tok t = toks.get(at);
        if (t.kind != Kind.EOF) {
            at++;
        }
        return t;
    }

    private QueryParseException error(int pos, String expected, String message) {
        return new QueryParseException(query, pos, expected, message);
    }

    private List<Tok> lex(String q) {
        List<Tok> out = new ArrayList<>();
        int n = q.length();
        int i = 0;
        while (i < n) {
            char c = q.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '(') {
                out.add(new Tok(Kind.LPAREN, "(", i, i + 1, 0, false));
                i++;
            } else if (c == ')') {
                out.add(new Tok(Kind.RPAREN, ")", i, i + 1, 0, false));
                i++;
            } else if (c == '"' || c == '“' || c == '„' || c == '”') {
                int close = indexOfQuote(q, i + 1);
                if (close < 0) {
                    throw error(i, "a closing '\"'", "the phrase that starts here has no closing '\"'");
                }
                out.add(new Tok(Kind.PHRASE, q.substring(i + 1, close), i, close + 1, 0, false));
                i = close + 1;
            } else if (c == '-' && (out.isEmpty() || isSeparatorBefore(q, i))) {
                if (i + 1 >= n || Character.isWhitespace(q.charAt(i + 1)) || q.charAt(i + 1) == ')') {
                    throw error(i + 1, OPERAND, "expected " + OPERAND + " right after the exclusion '-'");
                }
                out.add(new Tok(Kind.MINUS, "-", i, i + 1, 0, false));
                i++;
            } else {
                int j = i;
                while (j < n && !Character.isWhitespace(q.charAt(j)) && q.charAt(j) != '(' && q.charAt(j) != ')'
                        && !isQuote(q.charAt(j))) {
                    j++;
                }
                String w = q.substring(i, j);
                out.add(operatorOrWord(w, i, j));
                i = j;
            }
        }
        out.add(new Tok(Kind.EOF, "", n, n, 0, false));
        return out;
    }

    private Tok operatorOrWord(String w, int pos, int end) {
        switch (w) {
            case "AND":
                return new Tok(Kind.AND, w, pos, end, 0, false);
            case "OR":
                return new Tok(Kind.OR, w, pos, end, 0, false);
            case "NOT":
                return new Tok(Kind.NOT, w, pos, end, 0, false);
            default:
                break;
        }
        if (w.startsWith("NEAR")) {
            Matcher m = NEAR.matcher(w);
            if (!m.matches()) {
                throw error(pos, "NEAR/n", "expected NEAR/n with a number of words, e.g. NEAR/3 (or NEAR/3f for this order), found '" + w + "'");
            }
            return new Tok(Kind.NEAR, w, pos, end, Integer.parseInt(m.group(1)), !m.group(2).isEmpty());
        }
        String lower = w.toLowerCase(Locale.ROOT);
        if (lower.equals("and") || lower.equals("or") || lower.equals("not") || lower.startsWith("near/")) {
            // A lower-case "or" silently searched as a word would turn "bahn or zug" into three required words.
            String op = lower.startsWith("near/") ? w.toUpperCase(Locale.ROOT) : lower.toUpperCase(Locale.ROOT);
            throw error(pos, "an operator in capitals", "'" + w + "': operators are written in capitals (" + op
                    + "); to search the word itself, put it in quotes: \"" + w + "\"");
        }
        return new Tok(Kind.WORD, w, pos, end, 0, false);
    }

    private static boolean isSeparatorBefore(String q, int i) {
        char p = q.charAt(i - 1);
        return Character.isWhitespace(p) || p == '(';
    }

    private static boolean isQuote(char c) {
        return c == '"' || c == '“' || c == '„' || c == '”';
    }

    private static int indexOfQuote(String q, int from) {
        for (int k = from; k < q.length(); k++) {
            if (isQuote(q.charAt(k))) {
                return k;
            }
        }
        return -1;
    }
}
