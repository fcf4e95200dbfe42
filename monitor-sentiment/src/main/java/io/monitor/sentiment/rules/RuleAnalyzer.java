package io.monitor.sentiment.rules;

import io.monitor.sentiment.lexicon.LanguageLexicon;
import io.monitor.sentiment.lexicon.Lexicons;
import io.monitor.sentiment.text.Token;
import io.monitor.sentiment.text.Tokens;

import java.util.List;

/**
 * Lexicon-and-rules sentiment in the spirit of VADER (Hutto and Gilbert, 2014), for German and English.
 *
 * <p>Per sentiment-bearing token, in this order: multi-word phrases ("danke für nix", "kein Problem"), word
 * valence (with German compound fallback), ALL-CAPS emphasis (only when the text also has lower case), boosters
 * and dampeners in the three preceding words ("sehr", "etwas"), negation in the three preceding words of the
 * same clause ("nicht gut", "not bad": ×-0.74; a following "at all" adds emphasis) or, for German verbs, a "nicht"
 * following in the clause ("gefällt mir nicht"); a matched phrase that starts with a negator ("not bad", "kein
 * Problem") counts as a negation too. Then text-wide: irony (a positive opener such as "Danke"/"Toll" followed by clearly negative
 * content flips), contrast ("aber"/"but": before ×0.5, after ×1.5), '!' and '?' emphasis, and normalisation
 * {@code sum / sqrt(sum² + 15)}. Stateless and thread-safe.
 *
 * <p>Speed: each word token is looked up once ({@link LanguageLexicon#entry}); the rules then read valence,
 * booster and role flags from per-thread scratch arrays, so an analysis allocates only its result.
 */
public final class RuleAnalyzer {

    static final float NEGATION = -0.74f;
    static final float CAPS = 0.733f;
    static final float EXCLAMATION = 0.292f;
    static final float QUESTION = 0.18f;
    static final float ALPHA = 15f;
    static final float AT_ALL = 0.293f;
    private static final int SCOPE = 3;

    private final Lexicons lexicons;

    public RuleAnalyzer(Lexicons lexicons) {
        this.lexicons = lexicons;
    }

    public Lexicons lexicons() {
        return lexicons;
    }

    /** For a text of unknown language: the German or English lexicon, whichever finds more sentiment words. */
    public LanguageLexicon pick(Tokens tokens) {
        RuleAnalysis en = analyze(tokens, lexicons.english());
        RuleAnalysis de = analyze(tokens, lexicons.german());
        return de.hits() > en.hits() ? lexicons.german() : lexicons.english();
    }

    /** Per-thread scratch arrays, grown to the longest text seen; analyze() allocates only its result. */
    private static final class Scratch {
        float[] val = new float[64];
        byte[] kind = new byte[64];
        int[] entry = new int[64];
        int[] flags = new int[64];

        void ensure(int n) {
            if (val.length < n) {
                int size = Math.max(n, val.length * 2);
                val = new float[size];
                kind = new byte[size];
                entry = new int[size];
                flags = new int[size];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    private static final int NEGATOR = LanguageLexicon.NEGATOR;
    private static final int CONTRAST = LanguageLexicon.CONTRAST;

    /** Analyse with one language's lexicon; {@code null} lexicon means: pick German or English by lexicon hits. */
    public RuleAnalysis analyze(Tokens tokens, LanguageLexicon lexicon) {
        return analyze(tokens, lexicon, null);
    }

    /**
     * As {@link #analyze(Tokens, LanguageLexicon)}, and with a non-null {@code lexicon} and {@code tokenFlags} also
     * hands out the role flags it looked up per token ({@code lexicon.flags(entry, norm)}, 0 for non-words), for the
     * learned layer's features.
     *
     * @param tokenFlags null, or an array of at least {@code tokens.size()} that receives the flags
     */
    public RuleAnalysis analyze(Tokens tokens, LanguageLexicon lexicon, int[] tokenFlags) {
        if (tokens.size() == 0) {
            return RuleAnalysis.EMPTY;
        }
        if (lexicon == null) {
            RuleAnalysis en = analyze(tokens, lexicons.english());
            RuleAnalysis de = analyze(tokens, lexicons.german());
            return de.hits() > en.hits() ? de : en;
        }
        List<Token> ts = tokens.tokens();
        int n = ts.size();
        Scratch s = SCRATCH.get();
        s.ensure(n);
        float[] val = s.val;
        // 0 = plain, 1 = phrase head (no further negation), 2 = consumed by a phrase, 3 = symbol
        byte[] kind = s.kind;
        // one lexicon lookup per word token: its table entry and role flags (0 for non-words)
        int[] entry = s.entry;
        int[] fl = s.flags;
        for (int i = 0; i < n; i++) {
            Token t = ts.get(i);
            val[i] = 0f;
            kind[i] = 0;
            if (t.type == Token.Type.WORD) {
                int e = lexicon.entry(t.norm);
                entry[i] = e;
                fl[i] = lexicon.flags(e, t.norm);
            } else {
                entry[i] = -1;
                fl[i] = 0;
            }
        }
        if (tokenFlags != null) {
            System.arraycopy(fl, 0, tokenFlags, 0, n);
        }
        int words = 0;
        for (int i = 0; i < n; i++) {
            Token t = ts.get(i);
            if (kind[i] == 2) {
                continue;
            }
            switch (t.type) {
                case WORD -> {
                    words++;
                    int consumed = (fl[i] & LanguageLexicon.PHRASE_HEAD) == 0 ? 0 : matchPhrase(ts, i, lexicon.phrases(entry[i]), val);
                    if (consumed > 0) {
                        kind[i] = 1;
                        for (int k = 1; k < consumed; k++) {
                            kind[i + k] = 2;
                        }
                        continue;
                    }
                    float v = lexicon.valence(entry[i], t.norm);
                    if (v == 0f && t.elongated) {
                        v = lexicon.valence(t.normSingle);
                    }
                    if (v != 0f && (fl[i] & LanguageLexicon.BOOSTER) != 0 && nextWordHasValence(ts, i, lexicon, entry)) {
                        v = 0f; // "super schnell": super boosts, it is not a sentiment word of its own here
                    }
                    val[i] = v;
                }
                case EMOJI, EMOTICON -> {
                    val[i] = lexicons.symbolValence(t.norm);
                    kind[i] = 3;
                }
                default -> { }
            }
        }

        boolean hasLower = tokens.hasLowerCase();
        int negations = 0;
        int caps = 0;
        for (int i = 0; i < n; i++) {
            float v = val[i];
            if (v == 0f || kind[i] == 3 || kind[i] == 2) {
                continue;
            }
            Token t = ts.get(i);
            if (kind[i] == 1 && (fl[i] & NEGATOR) != 0) {
                // a negated phrase ("not bad", "kein Problem") is a resolved negation
                negations++;
                if (followedByAtAll(ts, i)) {
                    v += Math.signum(v) * AT_ALL;
                }
            }
            if (t.allCaps && hasLower) {
                v += Math.signum(v) * CAPS;
                caps++;
            }
            boolean negated = false;
            int seen = 0;
            for (int j = i - 1; j >= 0 && seen < SCOPE; j--) {
                Token p = ts.get(j);
                if (p.type == Token.Type.BOUNDARY || p.type == Token.Type.EMPHASIS) {
                    break;
                }
                if (p.type != Token.Type.WORD || kind[j] == 2) {
                    continue;
                }
                seen++;
                float b = lexicon.booster(entry[j]);
                if (b != 0f) {
                    float scalar = b * (seen == 1 ? 1f : seen == 2 ? 0.95f : 0.9f);
                    if (p.allCaps && hasLower) {
                        scalar += Math.signum(b) * CAPS;
                    }
                    v += Math.signum(v) * scalar;
                }
                if (kind[i] == 0 && (fl[j] & NEGATOR) != 0) {
                    negated = !negated;
                }
                if ((fl[j] & CONTRAST) != 0) {
                    break;
                }
            }
            if (!negated && kind[i] == 0 && (fl[i] & LanguageLexicon.POST_NEGATED) != 0) {
                negated = followedByNicht(ts, i, fl);
            }
            if (negated) {
                v *= NEGATION;
                if (followedByAtAll(ts, i)) {
                    v += Math.signum(v) * AT_ALL; // "not bad at all" is more than "not bad"
                }
                negations++;
            }
            val[i] = v;
        }

        boolean irony = applyIrony(ts, n, val, kind, fl);
        boolean contrast = applyContrast(ts, n, val, fl);

        float sum = 0;
        float pos = 0;
        float neg = 0;
        float symbols = 0;
        int hits = 0;
        for (int i = 0; i < n; i++) {
            float v = val[i];
            if (v == 0f) {
                continue;
            }
            hits++;
            sum += v;
            if (v > 0) {
                pos += v;
            } else {
                neg -= v;
            }
            if (kind[i] == 3) {
                symbols += v;
            }
        }
        int ex = tokens.exclamations();
        int q = tokens.questions();
        if (sum != 0f) {
            sum += Math.signum(sum) * (Math.min(ex, 4) * EXCLAMATION + (q > 1 ? Math.min(q, 3) * QUESTION : 0f));
        }
        double compound = sum / Math.sqrt(sum * sum + ALPHA);
        compound = Math.max(-1.0, Math.min(1.0, compound));
        return new RuleAnalysis(compound, pos, neg, words, hits, symbols, negations, contrast, irony, ex, q, caps);
    }

    private static int matchPhrase(List<Token> ts, int i, LanguageLexicon.Phrase[] candidates, float[] val) {
        for (LanguageLexicon.Phrase p : candidates) {
            String[] w = p.words();
            if (i + w.length > ts.size()) {
                continue;
            }
            boolean match = true;
            for (int k = 1; k < w.length && match; k++) {
                Token t = ts.get(i + k);
                match = t.type == Token.Type.WORD && (w[k].equals(t.norm) || w[k].equals(t.normSingle));
            }
            if (match) {
                val[i] = p.valence();
                return w.length;
            }
        }
        return 0;
    }

    private static boolean nextWordHasValence(List<Token> ts, int i, LanguageLexicon lexicon, int[] entry) {
        for (int j = i + 1; j < ts.size() && j <= i + 2; j++) {
            Token t = ts.get(j);
            if (t.type != Token.Type.WORD) {
                return false;
            }
            if (lexicon.valence(entry[j], t.norm) != 0f) {
                return true;
            }
        }
        return false;
    }

    /** "not bad at all", "not a problem at all": the negated word is followed by "at all". */
    private static boolean followedByAtAll(List<Token> ts, int i) {
        for (int j = i + 1; j + 1 < ts.size() && j <= i + 3; j++) {
            Token t = ts.get(j);
            if (t.type != Token.Type.WORD) {
                return false;
            }
            if (t.norm.equals("at") && ts.get(j + 1).type == Token.Type.WORD && ts.get(j + 1).norm.equals("all")) {
                return true;
            }
        }
        return false;
    }

    /** German: "Das gefällt mir nicht", "funktioniert leider nicht" — a "nicht" up to four words later in the clause. */
    private static boolean followedByNicht(List<Token> ts, int i, int[] fl) {
        int seen = 0;
        for (int j = i + 1; j < ts.size() && seen < 4; j++) {
            Token t = ts.get(j);
            if (t.type == Token.Type.BOUNDARY || t.type == Token.Type.EMPHASIS) {
                return false;
            }
            if (t.type != Token.Type.WORD) {
                continue;
            }
            seen++;
            if (t.norm.equals("nicht") || t.norm.equals("nich") || t.norm.equals("nie") || t.norm.equals("net")
                    || t.norm.equals("ned") || t.norm.equals("niemals")) {
                return true;
            }
            if ((fl[j] & CONTRAST) != 0) {
                return false;
            }
        }
        return false;
    }

    /**
     * "Danke für 2 Stunden Verspätung", "Toll, wieder kein WLAN", "Great, another delay": an irony-prone
     * positive word that is followed by clearly negative content and by no other positive word flips. So does one
     * that closes a clearly negative text without any other positive word ("Delayed again. Thanks @airline").
     */
    private static boolean applyIrony(List<Token> ts, int n, float[] val, byte[] kind, int[] fl) {
        boolean flipped = false;
        for (int i = 0; i < n; i++) {
            if (val[i] <= 0f || kind[i] != 0 || (fl[i] & LanguageLexicon.IRONY) == 0) {
                continue;
            }
            float after = 0;
            boolean positiveAfter = false;
            for (int j = i + 1; j < n; j++) {
                if (val[j] > 0f) {
                    positiveAfter = true;
                    break;
                }
                after += val[j];
            }
            float before = 0;
            boolean positiveBefore = false;
            for (int j = 0; j < i; j++) {
                if (val[j] > 0f || (fl[j] & CONTRAST) != 0) {
                    positiveBefore = true; // "rude but great": the contrast makes the praise sincere
                }
                before += Math.min(0f, val[j]);
            }
            boolean ironicOpener = !positiveAfter && after <= -1.5f;
            boolean ironicCloser = !positiveAfter && after == 0f && !positiveBefore && before <= -1.5f;
            if (ironicOpener || ironicCloser) {
                val[i] = -0.5f * val[i];
                flipped = true;
            }
        }
        return flipped;
    }

    /** VADER's "but" rule: the clause before the last contrast word counts half, the one after 1.5 times. */
    private static boolean applyContrast(List<Token> ts, int n, float[] val, int[] fl) {
        int at = -1;
        for (int i = n - 1; i >= 0; i--) {
            if ((fl[i] & CONTRAST) != 0) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < n; i++) {
            if (val[i] != 0f && i != at) {
                val[i] *= i < at ? 0.5f : 1.5f;
                changed = true;
            }
        }
        return changed;
    }
}
