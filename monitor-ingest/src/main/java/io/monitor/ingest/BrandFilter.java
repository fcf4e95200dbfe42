package io.monitor.ingest;

import io.monitor.core.config.BrandSettings;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A coarse pre-filter for firehose connectors (Bluesky): does a text mention any of the brands at all? Terms are
 * the brand names, their hashtags ({@code #tag}), and the quoted phrases, {@code @handles}, {@code #hashtags} and plain
 * words of their queries outside {@code NOT ...} parts; a text passes when it contains one of them,
 * case-insensitively. It is deliberately loose: the exact boolean query is evaluated downstream by the Streams
 * topology, so a false positive here costs one record, a false negative would lose a mention.
 */
public final class BrandFilter {
    private static final Pattern TOKEN = Pattern.compile("\"([^\"]+)\"|[()]|[@#]?[\\p{L}\\p{N}_][\\p{L}\\p{N}_.-]*");
    private static final Set<String> OPERATORS = Set.of("and", "or", "not");

    private final List<String> terms;

    public BrandFilter(List<BrandSettings> brands) {
        Set<String> t = new LinkedHashSet<>();
        for (BrandSettings b : brands) {
            t.add(b.name().toLowerCase(Locale.ROOT));
            b.hashtags().forEach(h -> t.add("#" + h.replaceFirst("^#", "").toLowerCase(Locale.ROOT)));
            t.addAll(queryTerms(b.query()));
        }
        t.removeIf(s -> s.isBlank() || s.length() < 3);
        this.terms = List.copyOf(t);
    }

    /** The positive terms of a query: everything but operators, parentheses and what a NOT applies to. */
    static List<String> queryTerms(String query) {
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(query == null ? "" : query);
        while (m.find()) {
            tokens.add(m.group(1) != null ? "\"" + m.group(1) : m.group());
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            String tok = tokens.get(i);
            String lower = tok.toLowerCase(Locale.ROOT);
            if (lower.equals("not")) {
                i = skipOperand(tokens, i + 1);
            } else if (!tok.equals("(") && !tok.equals(")") && !OPERATORS.contains(lower)) {
                out.add(lower.startsWith("\"") ? lower.substring(1) : lower);
            }
        }
        return out;
    }

    /** Index of the last token of the operand starting at {@code i} (one term, or a parenthesized group). */
    private static int skipOperand(List<String> tokens, int i) {
        if (i >= tokens.size() || !tokens.get(i).equals("(")) {
            return i;
        }
        int depth = 0;
        for (int j = i; j < tokens.size(); j++) {
            if (tokens.get(j).equals("(")) {
                depth++;
            } else if (tokens.get(j).equals(")") && --depth == 0) {
                return j;
            }
        }
        return tokens.size();
    }

    public List<String> terms() {
        return terms;
    }

    public boolean matches(String text) {
        if (text == null || text.isEmpty()) {
            return false;
        }
        String lower = text.toLowerCase(Locale.ROOT);
        for (String t : terms) {
            if (lower.contains(t)) {
                return true;
            }
        }
        return false;
    }
}
