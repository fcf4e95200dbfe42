package io.monitor.sentiment;

/** Builds the scorer behind {@link SentimentScorers#defaultScorer()}. */
final class DefaultScorerFactory {

    private DefaultScorerFactory() {}

    /** The learned layer when its weights are bundled (they are in a normal build), else the lexicon layer. */
    static SentimentScorer load() {
        LearnedScorer learned = LearnedScorer.bundledOrNull();
        if (learned != null) {
            return learned;
        }
        org.slf4j.LoggerFactory.getLogger(SentimentScorers.class).warn(
                "sentiment model {} is not on the classpath; using the lexicon layer alone", LearnedScorer.MODEL_RESOURCE);
        return LexiconScorer.bundled();
    }
}
