package io.monitor.sentiment.eval;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Turns the label strings of a data set into {@link GoldLabel}s.
 *
 * <p>Words are understood without configuration (negative/neg/negativ, neutral/neu, positive/pos/positiv,
 * mixed). Numeric codes differ between data sets (TweetEval 0/1/2, Sentiment140 0/2/4), so they need an explicit
 * mapping: {@code "0=negative,1=neutral,2=positive"} or one of the presets {@code tweeteval},
 * {@code sentiment140}.
 */
public final class LabelMapping {

    public static final String TWEETEVAL = "0=negative,1=neutral,2=positive";
    public static final String SENTIMENT140 = "0=negative,2=neutral,4=positive";

    private final Map<String, GoldLabel> explicit;

    private LabelMapping(Map<String, GoldLabel> explicit) {
        this.explicit = explicit;
    }

    public static LabelMapping words() {
        return new LabelMapping(Map.of());
    }

    /**
     * @param spec null/blank (words only), a preset name ({@code tweeteval}, {@code sentiment140}) or
     *             comma-separated {@code code=label} pairs
     */
    public static LabelMapping parse(String spec) {
        if (spec == null || spec.isBlank()) {
            return words();
        }
        String s = spec.strip();
        if (s.equalsIgnoreCase("tweeteval")) {
            s = TWEETEVAL;
        } else if (s.equalsIgnoreCase("sentiment140")) {
            s = SENTIMENT140;
        }
        Map<String, GoldLabel> map = new HashMap<>();
        for (String pair : s.split(",")) {
            int eq = pair.indexOf('=');
            if (eq <= 0) {
                throw new IllegalArgumentException("label mapping '" + spec + "': expected code=label pairs such as "
                        + TWEETEVAL + ", or a preset (tweeteval, sentiment140)");
            }
            String code = pair.substring(0, eq).strip();
            GoldLabel label = word(pair.substring(eq + 1).strip());
            if (label == null) {
                throw new IllegalArgumentException("label mapping '" + spec + "': '" + pair.substring(eq + 1).strip()
                        + "' is no label; use negative, neutral, positive or mixed");
            }
            map.put(code, label);
        }
        return new LabelMapping(Map.copyOf(map));
    }

    /**
     * @throws IllegalArgumentException for a label this mapping does not know, saying how to map it
     */
    public GoldLabel map(String raw) {
        String s = raw == null ? "" : raw.strip();
        GoldLabel label = explicit.get(s);
        if (label != null) {
            return label;
        }
        label = word(s);
        if (label != null) {
            return label;
        }
        if (!s.isEmpty() && s.chars().allMatch(c -> Character.isDigit(c) || c == '-')) {
            throw new IllegalArgumentException("label '" + s + "' is a numeric code: say what it means with "
                    + "--label-map, e.g. --label-map tweeteval (" + TWEETEVAL + ") or --label-map sentiment140 ("
                    + SENTIMENT140 + ")");
        }
        throw new IllegalArgumentException("unknown label '" + s + "': expected negative, neutral, positive or mixed, "
                + "or give --label-map code=label,...");
    }

    private static GoldLabel word(String s) {
        return switch (s.toLowerCase(Locale.ROOT)) {
            case "negative", "neg", "negativ", "-" -> GoldLabel.NEGATIVE;
            case "neutral", "neu", "none", "objective" -> GoldLabel.NEUTRAL;
            case "positive", "pos", "positiv", "+" -> GoldLabel.POSITIVE;
            case "mixed", "gemischt", "both" -> GoldLabel.MIXED;
            default -> null;
        };
    }
}
