package io.monitor.ingest.http;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** HTML fragments (Mastodon content, HN comments, feed entries) to plain text: block tags become line breaks. */
public final class Html {
    private static final Pattern BREAK = Pattern.compile("(?i)<\\s*(br|/p|/div|/li|/h[1-6])\\b[^>]*>");
    private static final Pattern PARA = Pattern.compile("(?i)<\\s*p\\b[^>]*>");
    private static final Pattern TAG = Pattern.compile("<[^>]*>");
    private static final Pattern ENTITY = Pattern.compile("&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});");
    private static final Map<String, String> NAMED = Map.of("amp", "&", "lt", "<", "gt", ">", "quot", "\"",
            "apos", "'", "nbsp", " ", "hellip", "…", "mdash", "—", "ndash", "–");

    private Html() {
    }

    public static String toText(String html) {
        if (html == null) {
            return "";
        }
        String s = BREAK.matcher(html).replaceAll("\n");
        s = PARA.matcher(s).replaceAll("\n");
        s = TAG.matcher(s).replaceAll("");
        s = decodeEntities(s);
        s = s.replaceAll("[ \\t\\x0B\\f\\r]+", " ").replaceAll(" *\n *", "\n").replaceAll("\n{3,}", "\n\n");
        return s.strip();
    }

    public static String decodeEntities(String s) {
        Matcher m = ENTITY.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            String e = m.group(1);
            String rep;
            try {
                if (e.startsWith("#x")) {
                    rep = new String(Character.toChars(Integer.parseInt(e.substring(2), 16)));
                } else if (e.startsWith("#")) {
                    rep = new String(Character.toChars(Integer.parseInt(e.substring(1))));
                } else {
                    rep = NAMED.getOrDefault(e.toLowerCase(java.util.Locale.ROOT), m.group());
                }
            } catch (IllegalArgumentException ex) {
                rep = m.group();
            }
            m.appendReplacement(out, Matcher.quoteReplacement(rep));
        }
        m.appendTail(out);
        return out.toString();
    }
}
