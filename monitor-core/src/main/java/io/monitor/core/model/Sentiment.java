package io.monitor.core.model;

/**
 * The sentiment of one text.
 *
 * @param score      polarity in [-1, 1]
 * @param label      negative, neutral or positive
 * @param confidence how sure the scorer is of the label, in [0, 1]
 */
public record Sentiment(double score, Label label, double confidence) {

    public enum Label { NEGATIVE, NEUTRAL, POSITIVE }

    public Sentiment {
        if (Double.isNaN(score) || score < -1 || score > 1) {
            throw new IllegalArgumentException("sentiment score must be in [-1, 1], was " + score);
        }
        if (label == null) {
            throw new IllegalArgumentException("sentiment label is required");
        }
        if (Double.isNaN(confidence) || confidence < 0 || confidence > 1) {
            throw new IllegalArgumentException("sentiment confidence must be in [0, 1], was " + confidence);
        }
    }
}
