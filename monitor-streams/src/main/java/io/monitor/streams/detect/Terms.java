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
    private static final Pattern LINK = Pattern.compile("(?i)\\b(?:https?://|www\\.)\\S+");
    private static final Pattern HANDLE = Pattern.compile("(?<![\\p{L}\\p{N}_])@[\\p{L}\\p{N}_.]+");
    private static final Pattern SPLIT = Pattern.compile("[^\\p{L}\\p{N}#_]+");
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
        String t = HANDLE.matcher(LINK.matcher(text).replaceAll(" ")).replaceAll(" ").toLowerCase(Locale.ROOT);
        for (String w : SPLIT.split(t)) {
            if (!w.isEmpty() && !w.equals("#")) {
                out.add(w);
            }
        }
        return out;
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
            if (tag || (w.length() >= 4 && w.indexOf('#') < 0 && !STOP.contains(w) && !w.chars().allMatch(Character::isDigit))) {
                out.add(w);
            }
        }
        return out;
    }
}
