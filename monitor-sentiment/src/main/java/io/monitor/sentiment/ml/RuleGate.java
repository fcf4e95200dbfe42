package io.monitor.sentiment.ml;

import io.monitor.sentiment.rules.RuleAnalysis;

/**
 * The blend of the two layers: where the lexicon rules make a clear decision on a short text, their label is
 * added to the learned layer's logits as a bonus. The learned layer is weak exactly there: a three-word post has
 * too few n-grams to outvote, and bigrams such as "not bad" or "gefällt ... nicht" are rare in the training data,
 * while the rules handle negation, phrases and irony explicitly.
 *
 * <p>A text is gated when it has at most {@code maxWords} words and the rules' compound score reaches
 * {@code positiveThreshold} (or, for a negative compound, {@code negativeThreshold}) in magnitude, or {@code negatedThreshold} when a negation rule fired (the rules are
 * most reliable there), and the learned layer's own top probability is below {@code maxConfidence} (a
 * confident learned decision stands). Its rule label's logit (positive for compound &gt; 0, else negative) then gains
 * {@code bonus × |compound|}. One gate per language group (de, en, other; see {@link FeatureExtractor#group}),
 * fitted by {@code Train} on out-of-fold predictions of the training split, never on the held-out split.
 *
 * @param maxWords         longest text (in words) the gate applies to
 * @param positiveThreshold minimum compound for a positive gate without negation
 * @param negativeThreshold minimum −compound for a negative gate without negation
 * @param negatedThreshold minimum |compound| when the rules negated a sentiment word
 * @param bonus            logit bonus per unit of |compound|; 0 disables the gate
 * @param maxConfidence    the gate only fires while the learned layer's top class probability is below this
 */
public record RuleGate(int maxWords, float positiveThreshold, float negativeThreshold, float negatedThreshold, float bonus, float maxConfidence) {

    /** A gate that never fires (models trained before the blend existed). */
    public static final RuleGate OFF = new RuleGate(0, 1f, 1f, 1f, 0f, 0f);

    /** Texts of at most this many words where a negation rule fired are decided by the rules (see {@link #bonus}). */
    public static final int SHORT_NEGATED_WORDS = 5;
    /** ... when their |compound| reaches this. */
    public static final float SHORT_NEGATED_THRESHOLD = 0.3f;
    /** The rules' label wins unless the learned layer is near-certain (odds above e⁴ ≈ 55:1) of another one. */
    static final float OVERRIDE = 4f;

    /**
     * The logit bonus for the rules' label (positive label when compound &gt; 0, else negative), 0 when the gate does
     * not fire. Short negated texts ("not bad at all", "Das gefällt mir nicht") are always decided by the rules when
     * this gate is on: their n-grams are too few and too rare in the training data for the learned layer to resolve
     * the negation, which is exactly what the rules do.
     */
    public float bonus(RuleAnalysis a, float negative, float neutral, float positive) {
        if (bonus == 0f || a.hits() == 0) {
            return 0f;
        }
        double c = Math.abs(a.compound());
        if (a.negations() > 0 && a.words() <= SHORT_NEGATED_WORDS && c >= SHORT_NEGATED_THRESHOLD) {
            return OVERRIDE;
        }
        if (a.words() > maxWords) {
            return 0f;
        }
        if (maxConfidence < 1f && topProbability(negative, neutral, positive) >= maxConfidence) {
            return 0f;
        }
        boolean clear = c >= (a.compound() > 0 ? positiveThreshold : negativeThreshold)
                || (a.negations() > 0 && c >= negatedThreshold);
        return clear ? bonus * (float) c : 0f;
    }

    /** Adds the rule bonus to the logits when the gate fires. */
    public void apply(RuleAnalysis a, LinearModel.Logits logits) {
        float b = bonus(a, logits.negative, logits.neutral, logits.positive);
        if (b != 0f) {
            if (a.compound() > 0) {
                logits.positive += b;
            } else {
                logits.negative += b;
            }
        }
    }

    static double topProbability(float negative, float neutral, float positive) {
        float max = Math.max(negative, Math.max(neutral, positive));
        double sum = Math.exp(negative - max) + Math.exp(neutral - max) + Math.exp(positive - max);
        return 1.0 / sum;
    }
}
