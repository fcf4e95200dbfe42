package io.monitor.sentiment;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.lexicon.Lexicons;
import io.monitor.sentiment.rules.RuleAnalysis;
import io.monitor.sentiment.rules.RuleAnalyzer;
import io.monitor.sentiment.text.SocialTokenizer;
import io.monitor.sentiment.text.Tokens;

/**
 * The lexicon-and-rules scorer: {@link SocialTokenizer} → {@link RuleAnalyzer} → label by thresholds on the
 * compound score. No training data involved. Thread-safe; texts longer than {@link #MAX_CHARS} are scored on
 * their first {@value #MAX_CHARS} characters so one huge input cannot stall a stream.
 */
public final class LexiconScorer implements SentimentScorer {

    /** Longest prefix of a text that is analysed. */
    public static final int MAX_CHARS = 4_000;

    private final SocialTokenizer tokenizer;
    private final RuleAnalyzer analyzer;
    /** Default thresholds, chosen on the train split of the labelled sets (see the module's report). */
    public static final double POSITIVE_THRESHOLD = 0.4;
    public static final double NEGATIVE_THRESHOLD = 0.2;

    private final double positiveThreshold;
    private final double negativeThreshold;

    /**
     * @param positiveThreshold compound at or above which a text is positive
     * @param negativeThreshold compound at or below minus this is negative. VADER uses 0.05 for both; posts
     *                          about brands are mostly neutral and praise words are more frequent than complaints,
     *                          so higher and asymmetric values fit them better.
     */
    public LexiconScorer(SocialTokenizer tokenizer, RuleAnalyzer analyzer, double positiveThreshold, double negativeThreshold) {
        if (!(positiveThreshold > 0 && positiveThreshold < 1) || !(negativeThreshold > 0 && negativeThreshold < 1)) {
            throw new IllegalArgumentException("thresholds must be in (0, 1), were " + positiveThreshold + " and " + negativeThreshold);
        }
        this.tokenizer = tokenizer;
        this.analyzer = analyzer;
        this.positiveThreshold = positiveThreshold;
        this.negativeThreshold = negativeThreshold;
    }

    /** With the bundled lexicons and emoticons and the default thresholds. */
    public static LexiconScorer bundled() {
        return new LexiconScorer(SocialTokenizer.withDefaultEmoticons(), new RuleAnalyzer(Lexicons.bundled()),
                POSITIVE_THRESHOLD, NEGATIVE_THRESHOLD);
    }

    @Override
    public Sentiment score(String text, String language) {
        double c = analyze(text, language).compound();
        return toSentiment(c, c >= 0 ? positiveThreshold : negativeThreshold);
    }

    /** The full rule analysis (features of the learned layer). */
    public RuleAnalysis analyze(String text, String language) {
        return analyzer.analyze(tokenizer.tokenize(clip(text)), analyzer.lexicons().forLanguage(language));
    }

    static Sentiment toSentiment(double compound, double threshold) {
        double c = Math.max(-1, Math.min(1, compound));
        double a = Math.abs(c);
        if (a < threshold) {
            return new Sentiment(c, Sentiment.Label.NEUTRAL, 0.5 + 0.5 * (1 - a / threshold));
        }
        double confidence = 0.5 + 0.5 * (a - threshold) / (1 - threshold);
        return new Sentiment(c, c > 0 ? Sentiment.Label.POSITIVE : Sentiment.Label.NEGATIVE, Math.min(1, confidence));
    }

    /** Null-safe, and cut at {@link #MAX_CHARS} without splitting a surrogate pair. */
    static String clip(String text) {
        if (text == null) {
            return "";
        }
        if (text.length() <= MAX_CHARS) {
            return text;
        }
        int end = MAX_CHARS;
        if (Character.isHighSurrogate(text.charAt(end - 1))) {
            end--;
        }
        return text.substring(0, end);
    }
}
