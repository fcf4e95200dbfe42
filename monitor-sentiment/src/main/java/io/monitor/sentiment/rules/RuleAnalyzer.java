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
 * same clause ("nicht gut", "not bad": ×-0.74) or, for German verbs, a "nicht" following in the clause ("gefällt
 * mir nicht"). Then text-wide: irony (a positive opener such as "Danke"/"Toll" followed by clearly negative
 * content flips), contrast ("aber"/"but": before ×0.5, after ×1.5), '!' and '?' emphasis, and normalisation
 * {@code sum / sqrt(sum² + 15)}. Stateless and thread-safe.
 */
public final class RuleAnalyzer {

    static final float NEGATION = -0.74f;
    static final float CAPS = 0.733f;
    static final float EXCLAMATION = 0.292f;
    static final float QUESTION = 0.18f;
    static final float ALPHA = 15f;
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

    /** Analyse with one language's lexicon; {@code null} lexicon means: pick German or English by lexicon hits. */
    public RuleAnalysis analyze(Tokens tokens, LanguageLexicon lexicon) {
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
        float[] val = new float[n];
        // 0 = plain, 1 = phrase head (no further negation), 2 = consumed by a phrase, 3 = symbol
        byte[] kind = new byte[n];
        int words = 0;
        for (int i = 0; i < n; i++) {
            Token t = ts.get(i);
            if (kind[i] == 2) {
                continue;
            }
            switch (t.type) {
                case WORD -> {
                    words++;
                    int consumed = matchPhrase(ts, i, lexicon, val);
                    if (consumed > 0) {
                        kind[i] = 1;
                        for (int k = 1; k < consumed; k++) {
                            kind[i + k] = 2;
                        }
                        continue;
                    }
                    float v = lexicon.valence(t.norm);
                    if (v == 0f && t.elongated) {
                        v = lexicon.valence(t.normSingle);
                    }
                    if (v != 0f && lexicon.isBooster(t.norm) && nextWordHasValence(ts, i, lexicon)) {
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
                float b = lexicon.booster(p.norm);
                if (b != 0f) {
                    float scalar = b * (seen == 1 ? 1f : seen == 2 ? 0.95f : 0.9f);
                    if (p.allCaps && hasLower) {
                        scalar += Math.signum(b) * CAPS;
                    }
                    v += Math.signum(v) * scalar;
                }
                if (kind[i] == 0 && lexicon.isNegator(p.norm)) {
                    negated = !negated;
                }
                if (lexicon.isContrast(p.norm)) {
                    break;
                }
            }
            if (!negated && kind[i] == 0 && lexicon.isPostNegated(t.norm)) {
                negated = followedByNicht(ts, i, lexicon);
            }
            if (negated) {
                v *= NEGATION;
                negations++;
            }
            val[i] = v;
        }

        boolean irony = applyIrony(ts, val, kind, lexicon);
        boolean contrast = applyContrast(ts, val, lexicon);

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

    private static int matchPhrase(List<Token> ts, int i, LanguageLexicon lexicon, float[] val) {
        List<LanguageLexicon.Phrase> candidates = lexicon.phrasesStartingWith(ts.get(i).norm);
        if (candidates.isEmpty()) {
            return 0;
        }
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

    private static boolean nextWordHasValence(List<Token> ts, int i, LanguageLexicon lexicon) {
        for (int j = i + 1; j < ts.size() && j <= i + 2; j++) {
            Token t = ts.get(j);
            if (t.type != Token.Type.WORD) {
                return false;
            }
            if (lexicon.valence(t.norm) != 0f) {
                return true;
            }
        }
        return false;
    }

    /** German: "Das gefällt mir nicht", "funktioniert leider nicht" — a "nicht" up to four words later in the clause. */
    private static boolean followedByNicht(List<Token> ts, int i, LanguageLexicon lexicon) {
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
            if (lexicon.isContrast(t.norm)) {
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
    private static boolean applyIrony(List<Token> ts, float[] val, byte[] kind, LanguageLexicon lexicon) {
        int n = ts.size();
        boolean flipped = false;
        for (int i = 0; i < n; i++) {
            if (val[i] <= 0f || kind[i] != 0 || !lexicon.isIronyProne(ts.get(i).norm)) {
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
                Token t = ts.get(j);
                if (val[j] > 0f || (t.type == Token.Type.WORD && lexicon.isContrast(t.norm))) {
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
    private static boolean applyContrast(List<Token> ts, float[] val, LanguageLexicon lexicon) {
        int at = -1;
        for (int i = ts.size() - 1; i >= 0; i--) {
            Token t = ts.get(i);
            if (t.type == Token.Type.WORD && lexicon.isContrast(t.norm)) {
                at = i;
                break;
            }
        }
        if (at < 0) {
            return false;
        }
        boolean changed = false;
        for (int i = 0; i < val.length; i++) {
            if (val[i] != 0f && i != at) {
                val[i] *= i < at ? 0.5f : 1.5f;
                changed = true;
            }
        }
        return changed;
    }
}
