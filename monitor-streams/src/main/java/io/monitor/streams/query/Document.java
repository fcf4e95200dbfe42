package io.monitor.streams.query;

import io.monitor.core.model.Mention;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * One post prepared for query matching: its folded words in order (with positions, for phrases and
 * {@code NEAR/n}), hashtags, mentioned handles, and the metadata the field operators look at.
 *
 * <p>Tokenizing rules: a word is a run of letters and digits (anything else separates words, so
 * {@code e-bike} is the two words {@code e bike}). {@code #tag} is a hashtag and its body also counts as
 * a word (so {@code bahn} matches {@code #bahn}; parts joined by {@code _} are separate words).
 * {@code @handle} is a mentioned handle and does not count as words (search handles with {@code @handle}).
 * A handle with dots ({@code nordbahn.bsky.social}) also answers to its first label ({@code nordbahn}).
 *
 * <p>The language is asked for lazily: a detector runs only if a candidate query uses {@code lang:}.
 */
public final class Document {
    /** Up to this many words, {@link #hasWord} scans the list instead of building the position index. */
    private static final int SCAN_WORDS = 32;

    private final List<String> words;
    private Map<String, List<Integer>> positions; // built on first use: most posts never ask for a position
    private final Set<String> hashtags;
    private final Set<String> handles;
    private final String platform;
    private Set<String> authorNames; // of a mention: folded on first use (only author: queries ask)
    private final Mention.Author author;
    private final Supplier<String> language;
    private String languageValue;

    private Document(List<String> words, Set<String> hashtags, Set<String> handles, String platform,
                     Set<String> authorNames, Mention.Author author, Supplier<String> language) {
        this.words = words;
        this.hashtags = hashtags;
        this.handles = handles;
        this.platform = platform == null ? "" : platform.toLowerCase(Locale.ROOT);
        this.authorNames = authorNames;
        this.author = author;
        this.language = language;
    }

    /** A document of a mention; {@code language} is asked only when a query needs it (may be called once). */
    public static Document of(Mention m, Supplier<String> language) {
        return parse(m.text(), m.platform(), null, m.author(), language);
    }

    /** The names {@code author:} compares: handle (and its first label), id and display name, folded. */
    private static Set<String> authorNames(Mention.Author a) {
        Set<String> authors = new HashSet<>();
        if (a.handle() != null && !a.handle().isBlank()) {
            addHandle(authors, stripAt(a.handle()));
        }
        if (a.id() != null && !a.id().isBlank()) {
            authors.add(Folding.fold(a.id()));
        }
        if (a.displayName() != null && !a.displayName().isBlank()) {
            authors.add(Folding.fold(a.displayName().trim()));
        }
        return authors;
    }

    /** A document of plain text (tests, tools). */
    public static Document ofText(String text) {
        return parse(text, null, Set.of(), null, () -> "und");
    }

    /** A document of text with the metadata the field operators look at. */
    public static Document of(String text, String platform, String authorHandle, String language) {
        Set<String> authors = new HashSet<>();
        if (authorHandle != null && !authorHandle.isBlank()) {
            addHandle(authors, stripAt(authorHandle));
        }
        return parse(text, platform, authors, null, () -> language);
    }

    static Document parse(String text, String platform, Set<String> authorNames, Supplier<String> language) {
        return parse(text, platform, authorNames, null, language);
    }

    /** @param authorNames the folded author names, or null to fold those of {@code author} when first asked */
    static Document parse(String text, String platform, Set<String> authorNames, Mention.Author author,
                          Supplier<String> language) {
        List<String> words = new ArrayList<>();
        Set<String> hashtags = null; // most posts have none: no set allocated
        Set<String> handles = null;
        String t = text == null ? "" : text;
        int n = t.length();
        int i = 0;
        boolean prevWord = false;
        while (i < n) {
            int cp = t.codePointAt(i);
            if ((cp == '#' || cp == '@') && !prevWord && i + 1 < n && isWordChar(t.codePointAt(i + 1))) {
                boolean handle = cp == '@';
                int j = i + 1;
                while (j < n) {
                    int c = t.codePointAt(j);
                    if (isWordChar(c) || c == '_' || (handle && (c == '.' || c == '-'))) {
                        j += Character.charCount(c);
                    } else {
                        break;
                    }
                }
                String body = t.substring(i + 1, j);
                if (handle) {
                    while (body.endsWith(".") || body.endsWith("-")) {
                        body = body.substring(0, body.length() - 1);
                    }
                    if (handles == null) {
                        handles = new HashSet<>();
                    }
                    addHandle(handles, body);
                } else {
                    if (hashtags == null) {
                        hashtags = new HashSet<>();
                    }
                    String folded = Folding.fold(body);
                    hashtags.add(folded);
                    if (body.indexOf('_') < 0) {
                        words.add(folded); // body.split("_") is the body itself: one part
                    } else {
                        for (String part : body.split("_")) {
                            if (!part.isEmpty()) {
                                words.add(Folding.fold(part));
                            }
                        }
                    }
                }
                i = j;
                prevWord = true;
                continue;
            }
            if (isWordChar(cp)) {
                int j = i + Character.charCount(cp);
                while (j < n) {
                    int c = t.codePointAt(j);
                    if (!isWordChar(c)) {
                        break;
                    }
                    j += Character.charCount(c);
                }
                words.add(Folding.fold(t.substring(i, j)));
                i = j;
                prevWord = true;
                continue;
            }
            prevWord = cp == '_';
            i += Character.charCount(cp);
        }
        return new Document(Collections.unmodifiableList(words), hashtags == null ? Collections.emptySet() : hashtags,
                handles == null ? Collections.emptySet() : handles, platform, authorNames, author, language);
    }

    /** The folded words of {@code text} (query terms are split with the same rules as posts). */
    static List<String> words(String text) {
        return parse(text, null, Set.of(), null, () -> "und").words;
    }

    static boolean isWordChar(int cp) {
        if (cp < 0x80) { // ASCII: letters and digits only (no marks there)
            return (cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z') || (cp >= '0' && cp <= '9');
        }
        if (Character.isLetterOrDigit(cp)) {
            return true;
        }
        int type = Character.getType(cp);
        return type == Character.NON_SPACING_MARK || type == Character.COMBINING_SPACING_MARK;
    }

    private static String stripAt(String h) {
        return h.startsWith("@") ? h.substring(1) : h;
    }

    private static void addHandle(Set<String> set, String raw) {
        String h = Folding.fold(raw);
        set.add(h);
        int dot = h.indexOf('.');
        if (dot > 0) {
            set.add(h.substring(0, dot));
        }
    }

    List<String> words() {
        return words;
    }

    List<Integer> positionsOf(String word) {
        List<Integer> p = positions().get(word);
        return p == null ? List.of() : p;
    }

    boolean hasWord(String word) {
        if (positions == null && words.size() <= SCAN_WORDS) {
            return words.contains(word); // a short post: cheaper than building the index for one question
        }
        return positions().containsKey(word);
    }

    private Map<String, List<Integer>> positions() {
        if (positions == null) {
            Map<String, List<Integer>> pos = new HashMap<>();
            for (int i = 0; i < words.size(); i++) {
                pos.computeIfAbsent(words.get(i), w -> new ArrayList<>(2)).add(i);
            }
            positions = pos;
        }
        return positions;
    }

    Set<String> hashtags() {
        return hashtags;
    }

    Set<String> handles() {
        return handles;
    }

    String platform() {
        return platform;
    }

    Set<String> authorNames() {
        if (authorNames == null) {
            authorNames = author == null ? Set.of() : authorNames(author);
        }
        return authorNames;
    }

    /** The language (ISO 639-1 or "und"), asked from the supplier at most once. */
    public String language() {
        if (languageValue == null) {
            String l = language == null ? null : language.get();
            languageValue = l == null || l.isBlank() ? "und" : l.toLowerCase(Locale.ROOT);
        }
        return languageValue;
    }

    /** Whether the language has been asked for (so callers can reuse it instead of detecting again). */
    public boolean languageKnown() {
        return languageValue != null;
    }

    /** The index keys of this document: words, {@code #tags}, {@code @handles}, {@code *pre} 3-letter prefixes. */
    void forEachKey(java.util.function.Consumer<String> sink) {
        for (String w : positions().keySet()) {
            sink.accept(w);
            if (w.length() >= BrandQuery.MIN_PREFIX) {
                sink.accept("*" + w.substring(0, BrandQuery.MIN_PREFIX));
            }
        }
        for (String h : hashtags) {
            sink.accept("#" + h);
        }
        for (String h : handles) {
            sink.accept("@" + h);
        }
    }
}
