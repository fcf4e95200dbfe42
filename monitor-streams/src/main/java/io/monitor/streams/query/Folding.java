package io.monitor.streams.query;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Folds words so that queries match regardless of case, accents and German spelling variants.
 *
 * <p>The same function is applied to query words and to post words, so matching is a plain equality of
 * folded forms: lower case (root locale), {@code ß → ss}, accents and umlauts stripped ({@code ü → u},
 * {@code é → e}), and the German umlaut transliterations folded too ({@code ae → a}, {@code oe → o},
 * {@code ue → u}). So {@code München}, {@code Muenchen}, {@code munchen} and {@code MÜNCHEN} all fold to
 * {@code munchen}, and {@code Straße}/{@code Strasse} to {@code strasse}.
 *
 * <p>The price of the digraph rule is a few English collisions ({@code blue} and {@code blu}, {@code does}
 * and {@code dos} fold alike); both sides are folded the same way, so a brand word still matches itself,
 * and the collisions only matter when a post contains the collided spelling.
 */
public final class Folding {
    private static final Pattern MARKS = Pattern.compile("\\p{M}+");
    /** Folded forms of words with non-ASCII letters (Unicode normalisation is the costly part), bounded. */
    private static final int CACHE_MAX = 20_000;
    private static final java.util.concurrent.ConcurrentHashMap<String, String> NON_ASCII = new java.util.concurrent.ConcurrentHashMap<>();

    private Folding() {
    }

    /** The folded form of one word (or hashtag/handle body). */
    public static String fold(String word) {
        // Most words are ASCII: one pass finds whether anything changes (upper case, an ae/oe/ue digraph), and a word
        // already folded is returned as it is; exactly foldReference's result (FoldingTest compares the two).
        int n = word.length();
        // foldReference folds digraphs only when the first 'e' is not the first letter (its indexOf('e') > 0 test):
        // a word starting with e keeps its ae/oe/ue.
        boolean digraphs = n == 0 || lowerAscii(word.charAt(0)) != 'e';
        boolean change = false;
        char prev = 0;
        for (int i = 0; i < n; i++) {
            char c = word.charAt(i);
            if (c >= 0x80) {
                return foldReference(word);
            }
            if (c >= 'A' && c <= 'Z') {
                change = true;
                c = (char) (c + ('a' - 'A'));
            }
            if (digraphs && c == 'e' && (prev == 'a' || prev == 'o' || prev == 'u')) {
                change = true;
            }
            prev = c;
        }
        if (!change) {
            return word;
        }
        char[] out = new char[n];
        int k = 0;
        for (int i = 0; i < n; i++) {
            char c = lowerAscii(word.charAt(i));
            out[k++] = c;
            if (digraphs && (c == 'a' || c == 'o' || c == 'u') && i + 1 < n && lowerAscii(word.charAt(i + 1)) == 'e') {
                i++; // skip the 'e' of ae/oe/ue, as foldDigraphs does
            }
        }
        return new String(out, 0, k);
    }

    private static char lowerAscii(char c) {
        return c >= 'A' && c <= 'Z' ? (char) (c + ('a' - 'A')) : c;
    }

    /** {@link #fold} as first written: lower case, sharp s, accents, digraphs (the reference, and the non-ASCII path). */
    static String foldReference(String word) {
        String s = word.toLowerCase(Locale.ROOT);
        if (s.indexOf('ß') >= 0) {
            s = s.replace("ß", "ss");
        }
        if (!isAscii(s)) {
            String cached = NON_ASCII.get(s);
            if (cached != null) {
                return cached;
            }
            String key = s;
            s = MARKS.matcher(Normalizer.normalize(s, Normalizer.Form.NFD)).replaceAll("");
            s = Normalizer.normalize(s, Normalizer.Form.NFC);
            if (s.indexOf('e') > 0) {
                s = foldDigraphs(s);
            }
            if (NON_ASCII.size() >= CACHE_MAX) {
                NON_ASCII.clear(); // crude but bounded: the frequent words come back at once
            }
            NON_ASCII.put(key, s);
            return s;
        }
        if (s.indexOf('e') > 0) {
            s = foldDigraphs(s);
        }
        return s;
    }

    private static String foldDigraphs(String s) {
        if (!hasDigraph(s)) {
            return s; // most words with an 'e' hold no ae/oe/ue: no copy
        }
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            b.append(c);
            if ((c == 'a' || c == 'o' || c == 'u') && i + 1 < s.length() && s.charAt(i + 1) == 'e') {
                i++; // skip the 'e' of ae/oe/ue
            }
        }
        return b.toString();
    }

    private static boolean hasDigraph(String s) {
        for (int i = s.indexOf('e', 1); i > 0; i = s.indexOf('e', i + 1)) {
            char c = s.charAt(i - 1);
            if (c == 'a' || c == 'o' || c == 'u') {
                return true;
            }
        }
        return false;
    }

    private static boolean isAscii(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) >= 0x80) {
                return false;
            }
        }
        return true;
    }
}
