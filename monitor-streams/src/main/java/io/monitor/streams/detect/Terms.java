package io.monitor.streams.detect;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Words and hashtags of a post as the emerging-term and copy-paste rules see them: lower case, links and
 * @handles left out (copy-paste campaigns tag different people and shorten links differently), German and English
 * function words left out, words of at least four letters, hashtags of at least two.
 */
public final class Terms {
    static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_.]+");
    /** What separates words; {@link #words} scans for the runs between its matches instead of splitting. */
    static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}#_]+");
    private static final Set<String> STOP = Set.of(
            "the", "and", "for", "with", "this", "that", "have", "from", "your", "just", "what", "when", "they", "will",
            "about", "again", "there", "their", "would", "could", "been", "were", "more", "than", "them", "then", "into",
            "only", "also", "very", "still", "here", "https", "http", "über", "aber", "auch", "dass", "denn", "diese",
            "dieser", "doch", "eine", "einen", "einer", "heute", "hier", "immer", "jetzt", "kann", "mehr", "nicht",
            "noch", "oder", "schon", "sein", "sich", "sind", "und", "warum", "wieder", "wird", "wenn", "mein", "meine",
            "haben", "habe", "gibt", "weil", "nach", "einem", "ihre", "euch", "euer", "mich", "mir", "mit", "today",
            "some", "because", "after", "before", "where", "which", "while", "dont", "don't", "cant", "does", "being");

    private Terms() {
    }

    /** The words of {@code text} in order (lower case, links and handles removed, punctuation split off). */
    public static List<String> words(String text) {
        List<String> out = new ArrayList<>();
        if (text == null) {
            return out;
        }
        // The same result as removing LINK and HANDLE matches, lower-casing and splitting at SPLIT, at a fraction of
        // the cost (every mention's terms are extracted for the timeline): the regular expressions run only when
        // their first characters occur, and the split is a scan for the runs of letters, numbers, '#' and '_'
        // (TermsTest compares both on random text).
        String t = text;
        if (mayHaveLink(t)) {
            t = LINK.matcher(t).replaceAll(" ");
        }
        if (t.indexOf('@') >= 0) {
            t = HANDLE.matcher(t).replaceAll(" ");
        }
        t = t.toLowerCase(Locale.ROOT);
        int n = t.length();
        int i = 0;
        while (i < n) {
            int cp = t.codePointAt(i);
            if (!wordChar(cp)) {
                i += Character.charCount(cp);
                continue;
            }
            int start = i;
            do {
                i += Character.charCount(cp);
            } while (i < n && wordChar(cp = t.codePointAt(i)));
            if (i - start != 1 || t.charAt(start) != '#') {
                out.add(t.substring(start, i));
            }
        }
        return out;
    }

    /** {@code w.chars().allMatch(Character::isDigit)} without a stream per word. */
    private static boolean allDigits(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isDigit(w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code SPLIT} keeps the code point: a letter ({@code \p{L}}), a number ({@code \p{N}}), '#' or '_'. */
    private static boolean wordChar(int cp) {
        if (cp < 0x80) {
            return (cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9') || (cp >= 'A' && cp <= 'Z') || cp == '#' || cp == '_';
        }
        if (Character.isLetter(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.DECIMAL_DIGIT_NUMBER || type == Character.LETTER_NUMBER || type == Character.OTHER_NUMBER;
    }

    /** False only when {@code LINK} cannot match: no "http" and no "www." in any case. */
    private static boolean mayHaveLink(String s) {
        for (int i = 0, n = s.length() - 3; i < n; i++) {
            char c = (char) (s.charAt(i) | 0x20);
            if ((c == 'h' && s.regionMatches(true, i, "http", 0, 4)) || (c == 'w' && s.regionMatches(true, i, "www.", 0, 4))) {
                return true;
            }
        }
        return false;
    }

    /** The distinct terms and hashtags worth counting, each once per post. */
    public static Set<String> distinctTerms(String text) {
        return distinctTerms(words(text));
    }

    /** {@link #distinctTerms(String)} of words already split by {@link #words}. */
    public static Set<String> distinctTerms(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            boolean tag = w.startsWith("#") && w.length() > 2 && w.indexOf('#', 1) < 0;
            if (tag || (w.length() >= 4 && w.indexOf('#') < 0 && !STOP.contains(w) && !allDigits(w))) {
                out.add(w);
            }
        }
        return out;
    }
}
