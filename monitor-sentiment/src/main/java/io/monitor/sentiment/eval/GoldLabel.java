package io.monitor.sentiment.eval;

import io.monitor.core.model.Sentiment;

/** A reference label of a labelled data set: the three sentiment classes plus PotTS' {@code mixed}. */
public enum GoldLabel {
    NEGATIVE, NEUTRAL, POSITIVE, MIXED;

    /** The predicted label this gold label is compared with; MIXED has none. */
    public static GoldLabel of(Sentiment.Label label) {
        return switch (label) {
            case NEGATIVE -> NEGATIVE;
            case NEUTRAL -> NEUTRAL;
            case POSITIVE -> POSITIVE;
        };
    }

    public String lower() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
