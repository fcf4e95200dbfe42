package io.monitor.sentiment.ml;

import io.monitor.sentiment.lexicon.LanguageLexicon;
import io.monitor.sentiment.rules.RuleAnalysis;
import io.monitor.sentiment.text.Token;
import io.monitor.sentiment.text.Tokens;

import java.util.List;

/**
 * Features of the learned layer, identical in training and scoring.
 *
 * <p>Hashed (into {@code 2^bits} buckets, no allocation): word unigrams and bigrams of the tokenizer's normalised
 * words (a word in a negator's scope is a different feature: "nicht gut" ≠ "gut"), character 3- to 5-grams of each
 * word with boundary marks (robust to German compounds, inflection and typos), emoji and emoticons, and whether a
 * word came from a hashtag. Dense, after the buckets, one block per language group (de, en, other): a bias and the
 * {@link RuleAnalysis} of the lexicon layer (compound score, positive and negative sums, hits, emoji sum, negations,
 * irony, contrast, '!' and '?', caps) plus the rules' decision as strong features (compound ×3 overall, on short
 * texts, on negated and on ironic ones). Stateless and thread-safe. Changing these features needs a re-trained model.
 */
public final class FeatureExtractor {

    /** Dense lexicon features per language group. */
    public static final int DENSE_PER_GROUP = 22;
    public static final int GROUPS = 3;

    private static final long FNV_OFFSET = 0xcbf29ce484222325L;
    private static final long FNV_PRIME = 0x100000001b3L;
    private static final long SEED_WORD = 0x9E3779B97F4A7C15L;
    private static final long SEED_NEG_WORD = 0xC2B2AE3D27D4EB4FL;
    private static final long SEED_BIGRAM = 0x165667B19E3779F9L;
    private static final long SEED_CHAR = 0x27D4EB2F165667C5L;
    private static final long SEED_SYMBOL = 0x85EBCA77C2B2AE63L;
    private static final long SEED_HASHTAG = 0xFF51AFD7ED558CCDL;
    private static final long SEED_EMPHASIS = 0xC4CEB9FE1A85EC53L;
    private static final int NEGATION_SCOPE = 3;

    private final int bits;
    private final int mask;
    private final boolean charGrams;

    /**
     * @param bits      log2 of the number of hash buckets
     * @param charGrams whether to add character n-grams
     */
    public FeatureExtractor(int bits, boolean charGrams) {
        if (bits < 10 || bits > 24) {
            throw new IllegalArgumentException("bits must be in [10, 24], was " + bits);
        }
        this.bits = bits;
        this.mask = (1 << bits) - 1;
        this.charGrams = charGrams;
    }

    public int bits() {
        return bits;
    }

    public boolean charGrams() {
        return charGrams;
    }

    /** Total number of features: hash buckets plus dense lexicon features. */
    public int dimension() {
        return (1 << bits) + GROUPS * DENSE_PER_GROUP;
    }

    public static int group(String language) {
        return "de".equals(language) ? 0 : "en".equals(language) ? 1 : 2;
    }

    public void extract(Tokens tokens, RuleAnalysis analysis, String language, LanguageLexicon lexicon, FeatureSink sink) {
        extract(tokens, analysis, language, lexicon, null, sink);
    }

    /**
     * As {@link #extract(Tokens, RuleAnalysis, String, LanguageLexicon, FeatureSink)}, reusing the lexicon role flags
     * that {@link io.monitor.sentiment.rules.RuleAnalyzer#analyze(Tokens, LanguageLexicon, int[])} already looked up
     * for each token with the same {@code lexicon} (saves a second lexicon lookup per word).
     *
     * @param tokenFlags {@code lexicon.flags(lexicon.entry(norm), norm)} per token (0 for non-words), or null to look
     *                   them up here
     */
    public void extract(Tokens tokens, RuleAnalysis analysis, String language, LanguageLexicon lexicon, int[] tokenFlags,
                        FeatureSink sink) {
        List<Token> ts = tokens.tokens();
        long previous = 0;
        int negationLeft = 0;
        for (int i = 0; i < ts.size(); i++) {
            Token t = ts.get(i);
            switch (t.type) {
                case WORD -> {
                    String norm = t.elongated ? t.normSingle : t.norm;
                    long h = hash(SEED_WORD, norm);
                    boolean negated = negationLeft > 0;
                    sink.add(bucket(negated ? h ^ SEED_NEG_WORD : h), 1f);
                    if (previous != 0) {
                        sink.add(bucket((previous * 31 + h) ^ SEED_BIGRAM), 1f);
                    }
                    if (t.fromHashtag) {
                        sink.add(bucket(h ^ SEED_HASHTAG), 1f);
                    }
                    if (charGrams) {
                        charGrams(norm, sink);
                    }
                    previous = h;
                    if (lexicon != null && (tokenFlags != null ? (tokenFlags[i] & LanguageLexicon.NEGATOR) != 0
                            : lexicon.isNegator(t.norm))) {
                        negationLeft = NEGATION_SCOPE;
                    } else if (negationLeft > 0) {
                        negationLeft--;
                    }
                }
                case EMOJI, EMOTICON -> {
                    sink.add(bucket(hash(SEED_SYMBOL, t.norm)), 1f);
                    previous = 0;
                }
                case EMPHASIS -> {
                    sink.add(bucket(SEED_EMPHASIS + Math.min(t.exclamations, 3) * 4L + Math.min(t.questions, 3)), 1f);
                    previous = 0;
                    negationLeft = 0;
                }
                case BOUNDARY -> {
                    previous = 0;
                    negationLeft = 0;
                }
                default -> previous = 0; // URL, mention, number: break bigrams, no feature of their own
            }
        }
        int base = (1 << bits) + group(language) * DENSE_PER_GROUP;
        RuleAnalysis a = analysis;
        sink.add(base, 1f);                                           // bias of the language group
        sink.add(base + 1, (float) a.compound());
        sink.add(base + 2, (float) Math.min(a.positive() / 4.0, 3.0));
        sink.add(base + 3, (float) Math.min(a.negative() / 4.0, 3.0));
        sink.add(base + 4, a.hits() == 0 ? 1f : 0f);
        sink.add(base + 5, (float) Math.max(-2, Math.min(2, a.symbolSum() / 4.0)));
        sink.add(base + 6, a.negations() > 0 ? 1f : 0f);
        sink.add(base + 7, a.irony() ? 1f : 0f);
        sink.add(base + 8, a.contrast() ? 1f : 0f);
        sink.add(base + 9, Math.min(a.exclamations(), 4) / 4f);
        sink.add(base + 10, Math.min(a.questions(), 3) / 3f);
        sink.add(base + 11, a.capsWords() > 0 ? 1f : 0f);
        sink.add(base + 12, a.compound() >= 0.3 ? 1f : 0f);
        sink.add(base + 13, a.compound() <= -0.3 ? 1f : 0f);
        sink.add(base + 14, (float) Math.min(a.words() / 30.0, 3.0));
        sink.add(base + 15, (float) (a.compound() * a.compound()));
        // The rules' decision on short texts, as strong features: a three-word post has too few n-grams for the
        // model to see the negation or phrase the rules resolved ("not bad at all", "gefällt mir nicht").
        boolean shortText = a.words() <= 6;
        float c3 = (float) (3 * a.compound());
        sink.add(base + 16, shortText ? c3 : 0f);
        sink.add(base + 17, a.negations() > 0 ? c3 : 0f);
        sink.add(base + 18, shortText && a.compound() >= 0.3 ? 2f : 0f);
        sink.add(base + 19, shortText && a.compound() <= -0.2 ? 2f : 0f);
        sink.add(base + 20, c3);
        sink.add(base + 21, a.irony() ? c3 : 0f);
    }

    private void charGrams(String norm, FeatureSink sink) {
        int n = norm.length();
        // virtual string "<" + norm + ">"
        int len = n + 2;
        if (len > 40) {
            return; // long junk (URLs without scheme, keyboard mashing)
        }
        for (int start = 0; start < len; start++) {
            long h = SEED_CHAR;
            for (int k = 0; k < 5 && start + k < len; k++) {
                int p = start + k;
                char c = p == 0 ? '<' : p == len - 1 ? '>' : norm.charAt(p - 1);
                h = (h ^ c) * FNV_PRIME;
                if (k >= 2) {
                    sink.add(bucket(h ^ k), 0.5f);
                }
            }
        }
    }

    private int bucket(long h) {
        h ^= h >>> 33;
        h *= 0xff51afd7ed558ccdL;
        h ^= h >>> 33;
        return (int) h & mask;
    }

    private static long hash(long seed, String s) {
        long h = FNV_OFFSET ^ seed;
        for (int i = 0; i < s.length(); i++) {
            h = (h ^ s.charAt(i)) * FNV_PRIME;
        }
        return h;
    }
}
