package io.monitor.sentiment.text;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A single-pass, regex-free tokenizer for social-media posts in German and English.
 *
 * <p>Recognises URLs ({@code http(s)://}, {@code www.}), @handles, #hashtags (split at camel case,
 * digits and underscores: "#NichtMeinZug" → nicht, mein, zug), emoji (one token per emoji, skin tones,
 * variation selectors and ZWJ continuations folded away), ASCII emoticons (":-)", "<3", ":'("),
 * elongated words ("guuuut" → norm "guut", normSingle "gut"), ALL-CAPS words, runs of '!' and '?', and
 * clause boundaries. Thread-safe and immutable; one call allocates only the tokens it returns.
 */
public final class SocialTokenizer {

    private static final String EMOTICON_RESOURCE = "/io/monitor/sentiment/lexicon/emoticons.txt";
    private static final int MAX_EMOTICON_LENGTH = 5;

    private final Set<String> emoticons;
    /** ASCII chars an emoticon may start with (fast pre-check before any substring lookup) */
    private final boolean[] emoticonStart = new boolean[128];
    /** ASCII pairs an emoticon may start with, index {@code first * 128 + second} */
    private final boolean[] emoticonPrefix = new boolean[128 * 128];

    public SocialTokenizer(Set<String> emoticons) {
        this.emoticons = Set.copyOf(emoticons);
        for (String e : this.emoticons) {
            char c = e.charAt(0);
            char d = e.length() > 1 ? e.charAt(1) : 0;
            if (c < 128 && !Character.isLetter(c)) {
                emoticonStart[c] = true;
                if (d < 128) {
                    emoticonPrefix[c * 128 + d] = true;
                }
            }
        }
    }

    /** A tokenizer knowing the emoticons listed in the bundled {@code emoticons.txt}. */
    public static SocialTokenizer withDefaultEmoticons() {
        return new SocialTokenizer(loadEmoticons());
    }

    static Set<String> loadEmoticons() {
        Set<String> set = new HashSet<>();
        try (InputStream in = SocialTokenizer.class.getResourceAsStream(EMOTICON_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + EMOTICON_RESOURCE);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line; (line = reader.readLine()) != null; ) {
                String e = line.strip();
                if (!e.isEmpty() && !e.startsWith("##") && e.length() <= MAX_EMOTICON_LENGTH) {
                    set.add(e);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return set;
    }

    public Tokens tokenize(String text) {
        if (text == null || text.isEmpty()) {
            return new Tokens(List.of(), false, 0, 0);
        }
        int n = text.length();
        List<Token> out = new ArrayList<>(Math.min(64, n / 4 + 4));
        boolean hasLower = false;
        int exclamations = 0;
        int questions = 0;
        int i = 0;
        while (i < n) {
            char c = text.charAt(i);
            if (c <= ' ' || (c >= 128 && (Character.isWhitespace(c) || Character.isSpaceChar(c)))) {
                i++;
                continue;
            }
            if ((c == 'h' || c == 'H' || c == 'w' || c == 'W') && isUrlStart(text, i)) {
                int end = skipNonSpace(text, i);
                out.add(new Token(Token.Type.URL, text, i, end, "<url>", "<url>", false, false, false, 0, 0));
                i = end;
                continue;
            }
            if (c == '@' && i + 1 < n && isHandleChar(text.charAt(i + 1)) && !precededByWordChar(text, i)) {
                int end = i + 1;
                while (end < n && isHandleChar(text.charAt(end))) {
                    end++;
                }
                String handle = text.substring(i + 1, end);
                out.add(new Token(Token.Type.MENTION, text, i, end, handle, handle, false, false, false, 0, 0));
                i = end;
                continue;
            }
            if ((c == '#' || c == '＃') && i + 1 < n && Character.isLetterOrDigit(text.charAt(i + 1))) {
                int end = i + 1;
                while (end < n && (Character.isLetterOrDigit(text.charAt(end)) || text.charAt(end) == '_')) {
                    end++;
                }
                for (int k = i + 1; k < end && !hasLower; k++) {
                    hasLower = Character.isLowerCase(text.charAt(k));
                }
                splitHashtag(text, i + 1, end, out);
                i = end;
                continue;
            }
            int cp = c < 128 ? c : text.codePointAt(i);
            if (c < 128 ? (c | 0x20) >= 'a' && (c | 0x20) <= 'z' : Character.isLetter(cp)) {
                int end = wordEnd(text, i);
                boolean lower = addWord(text, i, end, false, out);
                hasLower |= lower;
                i = end;
                continue;
            }
            if (c == '!' || c == '?' || c == '¡' || c == '¿' || c == '‼' || c == '⁉') {
                int ex = 0;
                int q = 0;
                int end = i;
                while (end < n) {
                    char d = text.charAt(end);
                    if (d == '!' || d == '¡') {
                        ex++;
                    } else if (d == '?' || d == '¿') {
                        q++;
                    } else if (d == '‼') {
                        ex += 2;
                    } else if (d == '⁉') {
                        ex++;
                        q++;
                    } else if (d != '1' || ex == 0) { // "!!!11" counts the ones as shouting
                        break;
                    }
                    end++;
                }
                exclamations += ex;
                questions += q;
                out.add(new Token(Token.Type.EMPHASIS, text, i, end, "!?", "!?", false, false, false, ex, q));
                i = end;
                continue;
            }
            if (c < 128 && emoticonStart[c] && (!Character.isDigit(c) || !precededByWordChar(text, i))) {
                int len = matchEmoticon(text, i);
                if (len > 0) {
                    String e = text.substring(i, i + len);
                    out.add(new Token(Token.Type.EMOTICON, text, i, i + len, e, e, false, false, false, 0, 0));
                    i += len;
                    continue;
                }
            }
            if (Character.isDigit(cp)) {
                int end = i;
                while (end < n && (Character.isDigit(text.charAt(end))
                        || ((text.charAt(end) == '.' || text.charAt(end) == ',') && end + 1 < n && Character.isDigit(text.charAt(end + 1))))) {
                    end++;
                }
                // "4u", "2day": digits glued to letters stay one word
                if (end < n && Character.isLetter(text.charAt(end))) {
                    int wordEnd = wordEnd(text, end);
                    addWord(text, i, wordEnd, false, out);
                    i = wordEnd;
                    continue;
                }
                out.add(new Token(Token.Type.NUMBER, text, i, end, "<num>", "<num>", false, false, false, 0, 0));
                i = end;
                continue;
            }
            if (isEmoji(cp)) {
                int end = i + Character.charCount(cp);
                // fold modifiers, variation selectors and ZWJ-joined continuations into this emoji
                while (end < n) {
                    int next = text.codePointAt(end);
                    if (next == 0xFE0F || next == 0xFE0E || (next >= 0x1F3FB && next <= 0x1F3FF) || next == 0x20E3) {
                        end += Character.charCount(next);
                    } else if (next == 0x200D && end + 1 < n) {
                        end += 1;
                        int joined = text.codePointAt(end);
                        end += Character.charCount(joined);
                    } else {
                        break;
                    }
                }
                String e = cp < 0x10000 ? String.valueOf((char) cp) : text.substring(i, i + 2);
                out.add(new Token(Token.Type.EMOJI, text, i, end, e, e, false, false, false, 0, 0));
                i = end;
                continue;
            }
            if (c == '.' || c == ',' || c == ';' || c == ':' || c == '…' || c == '(' || c == ')' || c == '"'
                    || c == '–' || c == '—' || c == '|' || c == '„' || c == '“' || c == '”') {
                int end = i + 1;
                while (end < n && text.charAt(end) == c) {
                    end++;
                }
                if (c != '(' && c != '"' && c != '„' && c != '“') { // opening marks start rather than end a clause
                    out.add(new Token(Token.Type.BOUNDARY, text, i, end, ".", ".", false, false, false, 0, 0));
                }
                i = end;
                continue;
            }
            i += Character.charCount(cp);
        }
        return new Tokens(out, hasLower, exclamations, questions);
    }

    private int matchEmoticon(String text, int i) {
        int n = text.length();
        if (i + 1 >= n) {
            return 0;
        }
        char second = text.charAt(i + 1);
        if (second >= 128 || !emoticonPrefix[text.charAt(i) * 128 + second]) {
            return 0;
        }
        for (int len = Math.min(MAX_EMOTICON_LENGTH, n - i); len >= 2; len--) {
            int end = i + len;
            if (end < n && Character.isLetterOrDigit(text.charAt(end)) && Character.isLetterOrDigit(text.charAt(end - 1))) {
                continue; // ":Dann" is no ":D"
            }
            if (emoticons.contains(text.substring(i, end))) {
                return len;
            }
        }
        return 0;
    }

    private static boolean isUrlStart(String text, int i) {
        return text.regionMatches(true, i, "http://", 0, 7) || text.regionMatches(true, i, "https://", 0, 8)
                || text.regionMatches(true, i, "www.", 0, 4);
    }

    private static int skipNonSpace(String text, int i) {
        int n = text.length();
        while (i < n && !Character.isWhitespace(text.charAt(i))) {
            i++;
        }
        return i;
    }

    private static boolean isHandleChar(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_'
                || (c == '.' ? false : Character.isLetter(c));
    }

    private static boolean precededByWordChar(String text, int i) {
        return i > 0 && Character.isLetterOrDigit(text.charAt(i - 1));
    }

    /** End of a word starting at {@code i}: letters, digits, combining marks, and one inner apostrophe. */
    private static int wordEnd(String text, int i) {
        int n = text.length();
        int end = i;
        while (end < n) {
            char c = text.charAt(end);
            if (c < 128 && ((c | 0x20) >= 'a' && (c | 0x20) <= 'z' || c >= '0' && c <= '9')) {
                end++; // ASCII fast path: most words are plain ASCII
                continue;
            }
            int cp = text.codePointAt(end);
            if (Character.isLetterOrDigit(cp) || Character.getType(cp) == Character.NON_SPACING_MARK) {
                end += Character.charCount(cp);
            } else if ((cp == '\'' || cp == '’') && end + 1 < n && Character.isLetter(text.charAt(end + 1)) && end > i) {
                end++;
            } else {
                break;
            }
        }
        return end;
    }

    private void splitHashtag(String text, int start, int end, List<Token> out) {
        int partStart = start;
        for (int k = start + 1; k <= end; k++) {
            boolean split;
            if (k == end) {
                split = true;
            } else {
                char prev = text.charAt(k - 1);
                char cur = text.charAt(k);
                char next = k + 1 < end ? text.charAt(k + 1) : 0;
                split = cur == '_'
                        || prev == '_'
                        || (Character.isLowerCase(prev) && Character.isUpperCase(cur))                   // bahnChaos
                        || (Character.isUpperCase(prev) && Character.isUpperCase(cur) && Character.isLowerCase(next)) // DBFail -> DB Fail
                        || (Character.isDigit(prev) != Character.isDigit(cur));                          // S21 -> S 21
            }
            if (split) {
                if (k > partStart && text.charAt(partStart) != '_') {
                    if (Character.isDigit(text.charAt(partStart))) {
                        out.add(new Token(Token.Type.NUMBER, text, partStart, k, "<num>", "<num>", false, false, true, 0, 0));
                    } else {
                        addWord(text, partStart, k, true, out);
                    }
                }
                partStart = (k < end && text.charAt(k) == '_') ? k + 1 : k;
            }
        }
    }

    /** Adds one word token; returns whether it had a lower-case letter. */
    private static boolean addWord(String text, int start, int end, boolean fromHashtag, List<Token> out) {
        // fast path, most words: plain ASCII lower case without letter runs → the norm is the text itself
        boolean plain = true;
        char p1 = 0;
        char p2 = 0;
        for (int k = start; k < end && plain; k++) {
            char ch = text.charAt(k);
            plain = ((ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '\'') && !(ch == p1 && ch == p2);
            p2 = p1;
            p1 = ch;
        }
        if (plain) {
            String n = text.substring(start, end);
            out.add(new Token(Token.Type.WORD, text, start, end, n, n, false, false, fromHashtag, 0, 0));
            return true;
        }
        char[] buf = new char[2 * (end - start)]; // folding at most doubles a char (ä → ae)
        int len = 0;
        int letters = 0;
        int upper = 0;
        boolean lower = false;
        char prev = 0;
        int run = 0;
        boolean elongated = false;
        for (int k = start; k < end; k++) {
            char ch = text.charAt(k);
            char lc;
            boolean letter;
            if (ch < 128) {
                if (ch >= 'a' && ch <= 'z') {
                    lower = true;
                    letter = true;
                    lc = ch;
                } else if (ch >= 'A' && ch <= 'Z') {
                    upper++;
                    letter = true;
                    lc = (char) (ch + 32);
                } else {
                    letter = false;
                    lc = ch;
                }
            } else {
                letter = Character.isLetter(ch);
                if (letter) {
                    if (Character.isUpperCase(ch)) {
                        upper++;
                    } else if (Character.isLowerCase(ch)) {
                        lower = true;
                    }
                }
                lc = lower(ch);
            }
            if (letter) {
                letters++;
            }
            run = lc == prev ? run + 1 : 1;
            prev = lc;
            if (run >= 3 && letter) {
                elongated = true;
                continue;
            }
            switch (lc) {
                case 'ä' -> { buf[len++] = 'a'; buf[len++] = 'e'; }
                case 'ö' -> { buf[len++] = 'o'; buf[len++] = 'e'; }
                case 'ü' -> { buf[len++] = 'u'; buf[len++] = 'e'; }
                case 'ß' -> { buf[len++] = 's'; buf[len++] = 's'; }
                default -> buf[len++] = lc;
            }
        }
        String n = new String(buf, 0, len);
        String s = elongated ? collapseRuns(text, start, end) : n;
        boolean allCaps = letters >= 2 && upper == letters;
        out.add(new Token(Token.Type.WORD, text, start, end, n, s, allCaps, elongated, fromHashtag, 0, 0));
        return lower;
    }

    /** Lower-cased and folded, with letter runs of three or more shortened to one letter. */
    private static String collapseRuns(String text, int start, int end) {
        StringBuilder sb = new StringBuilder(end - start);
        int k = start;
        while (k < end) {
            char lc = lower(text.charAt(k));
            int runEnd = k + 1;
            while (runEnd < end && lower(text.charAt(runEnd)) == lc) {
                runEnd++;
            }
            int run = runEnd - k;
            int keep = run >= 3 && Character.isLetter(lc) ? 1 : run;
            for (int r = 0; r < keep; r++) {
                appendFolded(sb, lc);
            }
            k = runEnd;
        }
        return sb.toString();
    }

    private static char lower(char ch) {
        char lc = Character.toLowerCase(ch);
        return lc == '’' ? '\'' : lc;
    }

    private static void appendFolded(StringBuilder sb, char lc) {
        switch (lc) {
            case 'ä': sb.append("ae"); break;
            case 'ö': sb.append("oe"); break;
            case 'ü': sb.append("ue"); break;
            case 'ß': sb.append("ss"); break;
            default: sb.append(lc);
        }
    }

    /** Folds a dictionary word the same way {@link #tokenize} folds a token's norm. */
    public static String fold(String word) {
        StringBuilder sb = new StringBuilder(word.length() + 2);
        for (int k = 0; k < word.length(); k++) {
            char lc = Character.toLowerCase(word.charAt(k));
            appendFolded(sb, lc == '’' ? '\'' : lc);
        }
        return sb.toString();
    }

    static boolean isEmoji(int cp) {
        if (cp >= 0x1F1E6 && cp <= 0x1F1FF) {
            return false; // regional indicators (flags) carry no sentiment
        }
        return (cp >= 0x1F000 && cp <= 0x1FAFF)
                || (cp >= 0x2600 && cp <= 0x27BF)
                || (cp >= 0x2B00 && cp <= 0x2BFF)
                || (cp >= 0x2300 && cp <= 0x23FF)
                || cp == 0x2122 || cp == 0x2139 || cp == 0x3030 || cp == 0x303D || cp == 0x3297 || cp == 0x3299;
    }
}
