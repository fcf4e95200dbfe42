package io.monitor.deploy;

import java.util.LinkedHashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The metric names a PromQL expression reads. Small on purpose: strings, label matchers, ranges and grouping
 * clauses are removed, then every identifier that is not a function call or a keyword is a metric name.
 */
final class PromQl {
    private static final Set<String> KEYWORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "offset", "bool", "inf", "nan", "atan2", "start", "end");
    private static final Pattern STRINGS = Pattern.compile("\"(?:[^\"\\\\]|\\\\.)*\"|'(?:[^'\\\\]|\\\\.)*'|`[^`]*`");
    private static final Pattern MATCHERS = Pattern.compile("\\{[^}]*}");
    private static final Pattern RANGES = Pattern.compile("\\[[^]]*]");
    private static final Pattern GROUPING = Pattern.compile("\\b(by|without|on|ignoring|group_left|group_right)\\s*\\([^)]*\\)");
    private static final Pattern IDENT = Pattern.compile("[A-Za-z_:][A-Za-z0-9_:]*");

    private static final Pattern SELECTOR = Pattern.compile("([A-Za-z_:][A-Za-z0-9_:]*)\\s*\\{([^}]*)}");
    private static final Pattern MATCHER_KEY = Pattern.compile("([A-Za-z_][A-Za-z0-9_]*)\\s*(?:=~|!~|!=|=)");

    private PromQl() {
    }

    /** Metric name → the label names its selectors match on ({@code name{a="x", b=~"y"}}). */
    static java.util.Map<String, Set<String>> matcherLabels(String expr) {
        java.util.Map<String, Set<String>> out = new java.util.LinkedHashMap<>();
        Matcher m = SELECTOR.matcher(expr);
        while (m.find()) {
            Set<String> keys = out.computeIfAbsent(m.group(1), k -> new LinkedHashSet<>());
            Matcher k = MATCHER_KEY.matcher(STRINGS.matcher(m.group(2)).replaceAll("\"\""));
            while (k.find()) {
                keys.add(k.group(1));
            }
        }
        return out;
    }

    /** Label names of {@code by (...)}, {@code without (...)}, {@code on (...)} and the like. */
    static Set<String> groupingLabels(String expr) {
        Set<String> out = new LinkedHashSet<>();
        Matcher m = GROUPING.matcher(STRINGS.matcher(expr).replaceAll(" "));
        while (m.find()) {
            String inner = m.group().substring(m.group().indexOf('(') + 1, m.group().length() - 1);
            for (String l : inner.split(",")) {
                if (!l.isBlank()) {
                    out.add(l.strip());
                }
            }
        }
        return out;
    }

    static Set<String> metricNames(String expr) {
        String s = STRINGS.matcher(expr).replaceAll(" ");
        s = MATCHERS.matcher(s).replaceAll(" ");
        s = RANGES.matcher(s).replaceAll(" ");
        s = GROUPING.matcher(s).replaceAll(" ");
        Set<String> out = new LinkedHashSet<>();
        Matcher m = IDENT.matcher(s);
        while (m.find()) {
            String id = m.group();
            int before = m.start() - 1;
            if (before >= 0 && (Character.isDigit(s.charAt(before)) || s.charAt(before) == '.' || s.charAt(before) == '$')) {
                continue; // 1e3, 0.95, a Grafana $variable
            }
            int after = m.end();
            while (after < s.length() && Character.isWhitespace(s.charAt(after))) {
                after++;
            }
            if (after < s.length() && s.charAt(after) == '(') {
                continue; // a function or aggregation
            }
            if (KEYWORDS.contains(id.toLowerCase(java.util.Locale.ROOT))) {
                continue;
            }
            out.add(id);
        }
        return out;
    }
}
