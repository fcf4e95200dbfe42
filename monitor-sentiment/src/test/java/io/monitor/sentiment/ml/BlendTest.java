package io.monitor.sentiment.ml;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.LearnedScorer;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.sentiment.rules.RuleAnalysis;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The blend of rules and learned layer ({@link RuleGate}): short posts whose sentiment hinges on a negation or a
 * fixed phrase keep the rules' decision in the default scorer. Sentences are our own.
 */
class BlendTest {

    private static final SentimentScorer DEFAULT = SentimentScorers.defaultScorer();

    private static Sentiment.Label label(String text) {
        return DEFAULT.score(text, LanguageDetectors.defaultDetector().detect(text)).label();
    }

    @Test
    void shortNegatedPraiseAndComplaintKeepTheRulesLabel() {
        assertThat(label("not bad at all")).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(label("Das gefällt mir nicht")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("nicht schlecht 😂")).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(label("Danke für nix, @nordbahn")).isEqualTo(Sentiment.Label.NEGATIVE);
    }

    @Test
    void moreShortNegationsOfOurOwn() {
        assertThat(label("Not bad at all, honestly!")).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(label("Das Essen war echt nicht übel")).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(label("not happy with this")).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(label("kein Problem, danke!")).isEqualTo(Sentiment.Label.POSITIVE);
    }

    @Test
    void theBundledModelCarriesFittedGatesForGermanAndEnglish() {
        LinearModel model = ((LearnedScorer) DEFAULT).model();
        for (int group = 0; group < 2; group++) {
            RuleGate gate = model.gate(group);
            assertThat(gate.bonus()).as("group %d", group).isPositive();
            assertThat(gate.negatedThreshold()).isLessThanOrEqualTo(Math.min(gate.positiveThreshold(), gate.negativeThreshold()));
        }
    }

    @Test
    void theGateBacksClearRuleDecisionsOnlyAndLeavesConfidentLearnedDecisionsAlone() {
        RuleGate gate = new RuleGate(10, 0.4f, 0.3f, 0.3f, 2f, 0.8f);
        RuleAnalysis clearPositive = analysis(0.6, 8, 0);
        RuleAnalysis weakPositive = analysis(0.35, 8, 0);
        RuleAnalysis weakNegative = analysis(-0.35, 8, 0);
        RuleAnalysis longClear = analysis(0.9, 30, 0);
        assertThat(gate.bonus(clearPositive, 0f, 0.5f, 0f)).isEqualTo(2f * 0.6f, org.assertj.core.api.Assertions.within(1e-6f));
        assertThat(gate.bonus(weakPositive, 0f, 0.5f, 0f)).isZero();
        assertThat(gate.bonus(weakNegative, 0f, 0.5f, 0f)).isPositive(); // the negative bar is lower
        assertThat(gate.bonus(longClear, 0f, 0.5f, 0f)).isZero();
        assertThat(gate.bonus(clearPositive, 0f, 5f, 0f)).as("learned is confident").isZero();
        assertThat(RuleGate.OFF.bonus(clearPositive, 0f, 0.5f, 0f)).isZero();
    }

    @Test
    void aShortNegatedTextIsDecidedByTheRulesUnlessTheLearnedLayerIsNearCertain() {
        RuleGate gate = new RuleGate(10, 0.9f, 0.9f, 0.9f, 1f, 0.6f);
        RuleAnalysis notBad = analysis(0.45, 3, 1);
        LinearModel.Logits logits = new LinearModel(new FeatureExtractor(10, false),
                new float[new FeatureExtractor(10, false).dimension() * LinearModel.CLASSES]).logits();
        logits.neutral = 1.5f; // the learned layer leans neutral
        gate.apply(notBad, logits);
        assertThat(logits.positive).isGreaterThan(logits.neutral);
        assertThat(gate.bonus(analysis(0.45, 6, 1), 0f, 1.5f, 0f)).as("six words is not short").isZero();
    }

    @Test
    void gatesSurviveAWriteReadRoundTrip() throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(10, false);
        RuleGate[] gates = {new RuleGate(12, 0.5f, 0.4f, 0.3f, 2f, 0.9f), RuleGate.OFF, new RuleGate(1000, 0.6f, 0.3f, 0.3f, 4f, 1f)};
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new LinearModel(extractor, new float[extractor.dimension() * LinearModel.CLASSES], gates).write(bytes);
        LinearModel read = LinearModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        for (int g = 0; g < gates.length; g++) {
            assertThat(read.gate(g)).isEqualTo(gates[g]);
        }
    }

    private static RuleAnalysis analysis(double compound, int words, int negations) {
        return new RuleAnalysis(compound, Math.max(0, compound) * 4, Math.max(0, -compound) * 4, words, 1, 0, negations,
                false, false, 0, 0, 0);
    }
}
