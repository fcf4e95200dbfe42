package io.monitor.sentiment;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.lexicon.LanguageLexicon;
import io.monitor.sentiment.lexicon.Lexicons;
import io.monitor.sentiment.ml.FeatureBuffer;
import io.monitor.sentiment.ml.FeatureExtractor;
import io.monitor.sentiment.ml.LinearModel;
import io.monitor.sentiment.rules.RuleAnalysis;
import io.monitor.sentiment.rules.RuleAnalyzer;
import io.monitor.sentiment.text.SocialTokenizer;
import io.monitor.sentiment.text.Tokens;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/**
 * The learned layer: the lexicon layer's {@link RuleAnalysis} plus hashed word and character n-grams, fed to a
 * multinomial logistic regression ({@link LinearModel}) trained by {@code io.monitor.sentiment.train.Train}.
 * Where the rules make a clear decision on a short text, their label gets a bonus ({@link io.monitor.sentiment.ml.RuleGate},
 * fitted per language group by {@code Train}). Label = most probable class, score = P(positive) − P(negative),
 * confidence = probability of the label.
 * Thread-safe.
 */
public final class LearnedScorer implements SentimentScorer {

    /** Classpath resource of the bundled weights. */
    public static final String MODEL_RESOURCE = "/io/monitor/sentiment/model/sentiment-lr.bin.gz";

    private final SocialTokenizer tokenizer;
    private final RuleAnalyzer analyzer;
    private final LinearModel model;

    public LearnedScorer(SocialTokenizer tokenizer, RuleAnalyzer analyzer, LinearModel model) {
        this.tokenizer = tokenizer;
        this.analyzer = analyzer;
        this.model = model;
    }

    /** With the bundled lexicons and weights; null when the weights resource is missing. */
    public static LearnedScorer bundledOrNull() {
        try (InputStream in = LearnedScorer.class.getResourceAsStream(MODEL_RESOURCE)) {
            if (in == null) {
                return null;
            }
            return new LearnedScorer(SocialTokenizer.withDefaultEmoticons(), new RuleAnalyzer(Lexicons.bundled()),
                    LinearModel.read(in));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read bundled sentiment model " + MODEL_RESOURCE, e);
        }
    }

    public LinearModel model() {
        return model;
    }

    /** Per-thread scratch: the features of one text and the lexicon flags of its tokens (two: the und case tries both lexicons). */
    private static final class Scratch {
        final FeatureBuffer features = new FeatureBuffer();
        int[] flags = new int[64];
        int[] otherFlags = new int[64];

        void ensure(int n) {
            if (flags.length < n) {
                flags = new int[Math.max(n, 2 * flags.length)];
                otherFlags = new int[flags.length];
            }
        }
    }

    private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

    /**
     * Speed (same outputs as tokenize → pick → analyze → extract into {@link LinearModel.Logits#add}): the rules' per-token
     * lexicon flags are reused by the features, a text of unknown language is analysed once per lexicon (not a third
     * time after picking), and the features are buffered and summed in one loop ({@link LinearModel.Logits#addAll}).
     */
    @Override
    public Sentiment score(String text, String language) {
        Tokens tokens = tokenizer.tokenize(LexiconScorer.clip(text));
        Scratch s = SCRATCH.get();
        s.ensure(tokens.size());
        LanguageLexicon lexicon = analyzer.lexicons().forLanguage(language);
        RuleAnalysis analysis;
        int[] flags = s.flags;
        if (lexicon == null) {
            // RuleAnalyzer.pick's choice (German only with more hits than English), keeping the winner's analysis
            Lexicons lexicons = analyzer.lexicons();
            RuleAnalysis en = analyzer.analyze(tokens, lexicons.english(), s.flags);
            RuleAnalysis de = analyzer.analyze(tokens, lexicons.german(), s.otherFlags);
            if (de.hits() > en.hits()) {
                lexicon = lexicons.german();
                analysis = de;
                flags = s.otherFlags;
            } else {
                lexicon = lexicons.english();
                analysis = en;
            }
        } else {
            analysis = analyzer.analyze(tokens, lexicon, flags);
        }
        FeatureBuffer features = s.features;
        features.clear();
        model.extractor().extract(tokens, analysis, language, lexicon, flags, features);
        LinearModel.Logits logits = model.logits();
        logits.addAll(features);
        model.gate(FeatureExtractor.group(language)).apply(analysis, logits);
        return toSentiment(logits.negative, logits.neutral, logits.positive);
    }

    static Sentiment toSentiment(float negative, float neutral, float positive) {
        float max = Math.max(negative, Math.max(neutral, positive));
        double en = Math.exp(negative - max);
        double eu = Math.exp(neutral - max);
        double ep = Math.exp(positive - max);
        double sum = en + eu + ep;
        double pn = en / sum;
        double pu = eu / sum;
        double pp = ep / sum;
        double score = Math.max(-1, Math.min(1, pp - pn));
        if (pp >= pn && pp >= pu) {
            return new Sentiment(score, Sentiment.Label.POSITIVE, pp);
        }
        if (pn >= pu) {
            return new Sentiment(score, Sentiment.Label.NEGATIVE, pn);
        }
        return new Sentiment(score, Sentiment.Label.NEUTRAL, pu);
    }
}
