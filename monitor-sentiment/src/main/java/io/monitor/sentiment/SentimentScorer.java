package io.monitor.sentiment;

import io.monitor.core.model.Sentiment;

/**
 * Scores the sentiment of one short social-media text. Implementations are thread-safe and cheap:
 * the topology calls them for every mention.
 *
 * <p>Users plug in their own implementation by configuration (see {@code SentimentScorers}).
 */
public interface SentimentScorer {
    /**
     * @param text     the post's plain text
     * @param language ISO 639-1 code ("de", "en") or "und" when unknown
     */
    Sentiment score(String text, String language);
}
