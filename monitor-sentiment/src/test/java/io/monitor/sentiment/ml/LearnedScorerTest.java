package io.monitor.sentiment.ml;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LearnedScorer;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class LearnedScorerTest {

    private final SentimentScorer scorer = SentimentScorers.defaultScorer();

    @Test
    void theDefaultScorerIsTheLearnedLayerWithBundledWeights() {
        assertThat(scorer).isInstanceOf(LearnedScorer.class);
        assertThat(SentimentScorers.create("learned")).isSameAs(scorer);
    }

    @Test
    void obviousGermanAndEnglishPostsGetTheirLabel() {
        assertThat(scorer.score("Ich liebe es, super Service! 😍", "de").label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(scorer.score("Totaler Mist, nie wieder! 😡", "de").label()).isEqualTo(Sentiment.Label.NEGATIVE);
        assertThat(scorer.score("I love this, thank you so much! 😍", "en").label()).isEqualTo(Sentiment.Label.POSITIVE);
        assertThat(scorer.score("Worst airline ever, lost my bag again", "en").label()).isEqualTo(Sentiment.Label.NEGATIVE);
    }

    @Test
    void scoreAndConfidenceAreConsistentWithTheLabel() {
        for (String text : new String[] {"", "Der Zug fährt um 10 Uhr", "schrecklich", "wunderbar", "x".repeat(100_000)}) {
            Sentiment s = scorer.score(text, "de");
            assertThat(s.score()).isBetween(-1.0, 1.0);
            assertThat(s.confidence()).isBetween(1 / 3.0, 1.0);
        }
        assertThat(scorer.score("wunderbar, einfach großartig", "de").score()).isPositive();
        assertThat(scorer.score("schrecklich, einfach furchtbar", "de").score()).isNegative();
    }

    @Test
    void unknownLanguageIsScored() {
        assertThat(scorer.score("awful, terrible, worst ever", "und").label()).isEqualTo(Sentiment.Label.NEGATIVE);
    }

    @Test
    void weightsSurviveAWriteReadRoundTripWithinQuantisation() throws IOException {
        FeatureExtractor extractor = new FeatureExtractor(10, false);
        float[] w = new float[extractor.dimension() * LinearModel.CLASSES];
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) Math.sin(i) * 3;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new LinearModel(extractor, w).write(bytes);
        LinearModel read = LinearModel.read(new ByteArrayInputStream(bytes.toByteArray()));
        assertThat(read.extractor().bits()).isEqualTo(10);
        for (int i = 0; i < w.length; i++) {
            assertThat(read.weight(i)).isCloseTo(w[i], within(3f / Short.MAX_VALUE));
        }
    }

    @Test
    void aFileThatIsNoModelIsRejected() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(bytes)) {
            gz.write(new byte[] {1, 2, 3, 4, 5, 6, 7, 8});
        }
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> LinearModel.read(new ByteArrayInputStream(bytes.toByteArray())))
                .isInstanceOf(IOException.class).hasMessageContaining("bad magic");
    }

    @Test
    void negatedWordsAreDifferentFeatures() {
        FeatureExtractor extractor = new FeatureExtractor(18, false);
        var tokenizer = io.monitor.sentiment.text.SocialTokenizer.withDefaultEmoticons();
        var lexicons = io.monitor.sentiment.lexicon.Lexicons.bundled();
        java.util.Set<Integer> plain = new java.util.HashSet<>();
        java.util.Set<Integer> negated = new java.util.HashSet<>();
        extractor.extract(tokenizer.tokenize("gut"), io.monitor.sentiment.rules.RuleAnalysis.EMPTY, "de", lexicons.german(), (i, v) -> plain.add(i));
        extractor.extract(tokenizer.tokenize("nicht gut"), io.monitor.sentiment.rules.RuleAnalysis.EMPTY, "de", lexicons.german(), (i, v) -> negated.add(i));
        // the only hashed feature of "gut" (its unigram) is not among the features of "nicht gut"
        plain.removeIf(i -> i >= 1 << 18);
        assertThat(plain).hasSize(1);
        assertThat(negated).doesNotContainAnyElementsOf(plain);
    }
}
