package io.monitor.core.config;

/**
 * Which sentiment scorer the topology uses.
 *
 * @param scorer "default" (the built-in German/English scorer) or the fully qualified name of a class
 *               implementing {@code io.monitor.sentiment.SentimentScorer} with a public no-argument constructor
 */
public record SentimentSettings(String scorer) {
    public SentimentSettings {
        scorer = scorer == null || scorer.isBlank() ? "default" : scorer.trim();
    }

    public static SentimentSettings defaults() {
        return new SentimentSettings(null);
    }
}
