package io.monitor.sentiment.text;

/**
 * One token of a social-media post, as produced by {@link SocialTokenizer}.
 *
 * <p>{@code norm} is the lookup key: lower case, umlauts folded (ä→ae, ö→oe, ü→ue, ß→ss) and letter
 * runs of three or more shortened to two ("goooood" → "good"); {@code normSingle} shortens those runs
 * to one letter instead ("guuuut" → "gut") and equals {@code norm} unless the word was elongated.
 */
public final class Token {

    public enum Type {
        /** letters, possibly with digits or an inner apostrophe; also the parts of a split hashtag */
        WORD,
        NUMBER,
        URL,
        /** an @handle; norm keeps the handle without '@' */
        MENTION,
        /** one emoji code point (modifiers, variation selectors and ZWJ continuations dropped) */
        EMOJI,
        /** an ASCII emoticon such as ":-)" or "<3"; norm is the emoticon itself */
        EMOTICON,
        /** a run of '!' and/or '?' ({@link #exclamations}, {@link #questions}) */
        EMPHASIS,
        /** a clause boundary: '.', ',', ';', ':' and similar; ends negation scope */
        BOUNDARY
    }

    public final Type type;
    private final String source;
    private final int start;
    private final int end;
    public final String norm;
    public final String normSingle;
    /** all letters upper case and at least two letters ("TOLL") */
    public final boolean allCaps;
    /** had a run of three or more equal letters ("guuuut") */
    public final boolean elongated;
    /** this word came from splitting a #hashtag */
    public final boolean fromHashtag;
    public final int exclamations;
    public final int questions;

    Token(Type type, String source, int start, int end, String norm, String normSingle, boolean allCaps,
          boolean elongated, boolean fromHashtag, int exclamations, int questions) {
        this.type = type;
        this.source = source;
        this.start = start;
        this.end = end;
        this.norm = norm;
        this.normSingle = normSingle;
        this.allCaps = allCaps;
        this.elongated = elongated;
        this.fromHashtag = fromHashtag;
        this.exclamations = exclamations;
        this.questions = questions;
    }

    /** The token as written (cut from the text on demand, so tokenizing does not copy it). */
    public String raw() {
        return source.substring(start, end);
    }

    public boolean isWord() {
        return type == Type.WORD;
    }

    @Override
    public String toString() {
        return type + ":" + norm;
    }
}
