package io.monitor.streams.detect;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
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
        if (text == null) {
            return new ArrayList<>();
        }
        // The topology splits a negative mention's text twice after the repartition (its terms for the timeline and
        // the pane, then the crisis rules' words): the words of the text this thread split last are kept (a pure
        // function of the text; the very same String instance, so the check is one comparison), each caller gets
        // its own list.
        LastWords last = LAST_WORDS.get();
        if (last.text != text) {
            last.words = split(text).toArray(new String[0]);
            last.text = text;
        }
        return new ArrayList<>(Arrays.asList(last.words));
    }

    /**
     * {@link #words(String)} as an unmodifiable list that shares this thread's kept split (no copy): for a caller
     * that only reads the words once (the projection's carried terms).
     */
    public static List<String> wordsView(String text) {
        if (text == null) {
            return List.of();
        }
        LastWords last = LAST_WORDS.get();
        if (last.text != text) {
            last.words = split(text).toArray(new String[0]);
            last.text = text;
        }
        return Collections.unmodifiableList(Arrays.asList(last.words));
    }

    /** The text this thread split last, and its words. */
    private static final class LastWords {
        String text;
        String[] words;
    }

    private static final ThreadLocal<LastWords> LAST_WORDS = ThreadLocal.withInitial(LastWords::new);

    private static List<String> split(String text) {
        // The regular expressions only run where they can match (most posts hold no link and no handle); the
        // checks are exact: LINK needs "http" or "www." (ASCII, any case) and HANDLE an '@'.
        String t = mayHoldLink(text) ? LINK.matcher(text).replaceAll(" ") : text;
        if (t.indexOf('@') >= 0) {
            t = HANDLE.matcher(t).replaceAll(" ");
        }
        t = t.toLowerCase(Locale.ROOT);
        List<String> tokens = tokens(t);
        for (int i = 0; i < tokens.size(); i++) {
            String w = tokens.get(i);
            if (w.length() == 1 && w.charAt(0) == '#') {
                tokens.remove(i--); // rare: a lone '#'
            }
        }
        return tokens;
    }

    /**
     * The non-empty pieces of {@code text.split("[^\\p{L}\\p{N}#_]+")} (runs of letters, numbers, '#' and '_', by
     * code point), in order, without running a regular expression per post: {@code \p{L}} is the five letter
     * categories of {@link Character#getType(int)}, {@code \p{N}} the three number categories.
     */
    public static List<String> tokens(String text) {
        // Sized for about one token per six characters: growing the list was a quarter of the projection's time.
        List<String> out = new ArrayList<>(Math.max(10, text.length() / 6));
        int n = text.length();
        int start = -1;
        for (int i = 0; i < n; ) {
            char c = text.charAt(i);
            boolean token;
            int width = 1;
            if (c < 0x100) {
                token = LATIN1[c]; // most text: one table read instead of the category lookup
            } else if (Character.isSurrogate(c)) {
                int cp = text.codePointAt(i);
                token = tokenChar(cp);
                width = Character.charCount(cp);
            } else {
                token = tokenChar(c);
            }
            if (token) {
                if (start < 0) {
                    start = i;
                }
            } else if (start >= 0) {
                out.add(text.substring(start, i));
                start = -1;
            }
            i += width;
        }
        if (start >= 0) {
            out.add(text.substring(start, n));
        }
        return out;
    }

    /** {@link #tokenChar} of the first 256 characters, computed by it. */
    private static final boolean[] LATIN1 = new boolean[0x100];

    static {
        for (int c = 0; c < LATIN1.length; c++) {
            LATIN1[c] = tokenChar(c);
        }
    }

    private static boolean tokenChar(int cp) {
        if (cp < 128) {
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9') || cp == '#' || cp == '_';
        }
        switch (Character.getType(cp)) {
            case Character.UPPERCASE_LETTER, Character.LOWERCASE_LETTER, Character.TITLECASE_LETTER,
                    Character.MODIFIER_LETTER, Character.OTHER_LETTER,
                    Character.DECIMAL_DIGIT_NUMBER, Character.LETTER_NUMBER, Character.OTHER_NUMBER -> {
                return true;
            }
            default -> {
                return false;
            }
        }
    }

    /** The distinct terms and hashtags worth counting, each once per post. */
    public static Set<String> distinctTerms(String text) {
        return distinctTerms(words(text));
    }

    /** {@link #distinctTerms(String)} of words already split by {@link #words}. */
    public static Set<String> distinctTerms(List<String> words) {
        Set<String> out = new LinkedHashSet<>();
        for (String w : words) {
            if (counted(w)) {
                out.add(w);
            }
        }
        return out;
    }

    /** Whether {@link #distinctTerms(List)} counts the word {@code w} (of {@link #words}): a hashtag or a term. */
    public static boolean counted(String w) {
        boolean tag = w.startsWith("#") && w.length() > 2 && w.indexOf('#', 1) < 0;
        return tag || (w.length() >= 4 && w.indexOf('#') < 0 && !STOP.contains(w) && !allDigits(w));
    }

    /** {@code w.chars().allMatch(Character::isDigit)} without a stream per word. */
    public static boolean allDigits(String w) {
        for (int i = 0; i < w.length(); i++) {
            if (!Character.isDigit((int) w.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * False only when {@link #LINK} cannot match: it needs "http" or "www." in ASCII letters of any case (its
     * {@code (?i)} folds ASCII only; {@code regionMatches} folds more, which only lets the expression run).
     */
    static boolean mayHoldLink(String text) {
        for (int i = text.length() - 4; i >= 0; i--) {
            char c = text.charAt(i);
            if ((c == 'h' || c == 'H') && text.regionMatches(true, i, "http", 0, 4)) {
                return true;
            }
            if ((c == 'w' || c == 'W') && text.regionMatches(true, i, "www.", 0, 4)) {
                return true;
            }
        }
        return false;
    }
}
