package io.monitor.sentiment;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Speed work must not change a single output: the default language detector, the lexicon scorer and the default
 * (learned, rule-gated) scorer give, on the generated {@link PinnedCorpus} (8,012 texts reaching every rule, the
 * compound fallback, the n-gram fallback and the edge cases), exactly the language, label, score and confidence
 * recorded before the speed-up ({@code pinned-outputs.tsv.gz}, written by {@link PinnedCorpus#main} at commit
 * cbd7da9). Scores are compared as exact decimal strings of the doubles, not within a tolerance.
 */
class OutputsPinnedTest {

    @Test
    void detectorLexiconAndDefaultScorerGiveExactlyThePinnedOutputsOnTheSyntheticCorpus() throws IOException {
        List<String> pinned = readPinned();
        List<String> texts = PinnedCorpus.texts();
        assertThat(pinned).as("pinned outputs, one per generated text").hasSize(texts.size());

        LanguageDetector detector = LanguageDetectors.defaultDetector();
        SentimentScorer lexicon = SentimentScorers.lexiconScorer();
        SentimentScorer learned = SentimentScorers.create(SentimentScorers.DEFAULT);
        List<String> differences = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            String t = texts.get(i);
            String language = detector.detect(t);
            String actual = PinnedCorpus.line(i, language, lexicon.score(t, language), learned.score(t, language));
            if (!actual.equals(pinned.get(i))) {
                differences.add("text " + i + " \"" + abbreviate(t) + "\"\n  pinned: " + pinned.get(i) + "\n  now:    " + actual);
            }
        }
        assertThat(differences).as("texts whose outputs changed (first 10 shown)")
                .withFailMessage(() -> differences.size() + " of " + texts.size() + " outputs changed:\n"
                        + String.join("\n", differences.subList(0, Math.min(10, differences.size()))))
                .isEmpty();
    }

    @Test
    void theSameHoldsWhenTheCorpusIsScoredTwiceInAnotherOrder() throws IOException {
        // Per-thread scratch buffers are reused between texts: scoring the corpus backwards must give the same lines.
        List<String> pinned = readPinned();
        List<String> texts = PinnedCorpus.texts();
        LanguageDetector detector = LanguageDetectors.defaultDetector();
        SentimentScorer lexicon = SentimentScorers.lexiconScorer();
        SentimentScorer learned = SentimentScorers.defaultScorer();
        int same = 0;
        for (int i = texts.size() - 1; i >= 0; i--) {
            String t = texts.get(i);
            String language = detector.detect(t);
            if (PinnedCorpus.line(i, language, lexicon.score(t, language), learned.score(t, language)).equals(pinned.get(i))) {
                same++;
            }
        }
        assertThat(same).isEqualTo(texts.size());
    }

    @Test
    void nullTextIsUndeterminedAndScoresLikeTheEmptyText() {
        assertThat(LanguageDetectors.defaultDetector().detect(null)).isEqualTo(LanguageDetector.UNKNOWN);
        SentimentScorer learned = SentimentScorers.defaultScorer();
        assertThat(PinnedCorpus.format(learned.score(null, "und"))).isEqualTo(PinnedCorpus.format(learned.score("", "und")));
    }

    private static List<String> readPinned() throws IOException {
        List<String> lines = new ArrayList<>();
        try (InputStream in = OutputsPinnedTest.class.getResourceAsStream(PinnedCorpus.RESOURCE)) {
            assertThat(in).as(PinnedCorpus.RESOURCE).isNotNull();
            BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(in), StandardCharsets.UTF_8));
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.startsWith("#")) {
                    lines.add(line);
                }
            }
        }
        return lines;
    }

    private static String abbreviate(String t) {
        String s = t.replace("\n", "\\n");
        return s.length() > 120 ? s.substring(0, 120) + "..." : s;
    }
}
