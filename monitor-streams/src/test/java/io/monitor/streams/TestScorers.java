package io.monitor.streams;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.SentimentScorer;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Deterministic stand-ins for the topology tests, so a timeline's labels are exactly what the test says:
 * texts with "kaputt" are negative, with "super" positive, everything else neutral. (The real scorer is
 * tested in monitor-sentiment and used by the integration test.)
 */
final class TestScorers {
    static final AtomicInteger LANGUAGE_CALLS = new AtomicInteger();

    private TestScorers() {
    }

    static SentimentScorer keywords() {
        return (text, language) -> {
            if (text.contains("explode")) {
                throw new IllegalStateException("scorer cannot handle this text");
            }
            if (text.contains("kaputt")) {
                return new Sentiment(-0.8, Sentiment.Label.NEGATIVE, 0.9);
            }
            if (text.contains("super")) {
                return new Sentiment(0.7, Sentiment.Label.POSITIVE, 0.9);
            }
            return new Sentiment(0.0, Sentiment.Label.NEUTRAL, 0.6);
        };
    }

    static LanguageDetector german() {
        return text -> {
            LANGUAGE_CALLS.incrementAndGet();
            return "de";
        };
    }
}
