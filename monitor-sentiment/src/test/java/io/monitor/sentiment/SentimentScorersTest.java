package io.monitor.sentiment;

import io.monitor.core.model.Sentiment;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SentimentScorersTest {

    /** A user's own scorer, as configuration would name it. */
    public static final class AlwaysPositive implements SentimentScorer {
        @Override
        public Sentiment score(String text, String language) {
            return new Sentiment(1, Sentiment.Label.POSITIVE, 1);
        }
    }

    public static final class NeedsArgument implements SentimentScorer {
        public NeedsArgument(String model) {
        }

        @Override
        public Sentiment score(String text, String language) {
            return null;
        }
    }

    @Test
    void defaultSpecAndBlankSpecGiveTheSharedDefaultScorer() {
        assertThat(SentimentScorers.create("default")).isSameAs(SentimentScorers.defaultScorer());
        assertThat(SentimentScorers.create(" DEFAULT ")).isSameAs(SentimentScorers.defaultScorer());
        assertThat(SentimentScorers.create(null)).isSameAs(SentimentScorers.defaultScorer());
        assertThat(SentimentScorers.create("")).isSameAs(SentimentScorers.defaultScorer());
    }

    @Test
    void aClassNameInstantiatesTheUsersScorer() {
        SentimentScorer scorer = SentimentScorers.create(AlwaysPositive.class.getName());
        assertThat(scorer).isInstanceOf(AlwaysPositive.class);
        assertThat(scorer.score("egal", "de").label()).isEqualTo(Sentiment.Label.POSITIVE);
    }

    @Test
    void anUnknownClassSaysWhatToFix() {
        assertThatThrownBy(() -> SentimentScorers.create("com.example.NoSuchScorer"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("com.example.NoSuchScorer")
                .hasMessageContaining("not found")
                .hasMessageContaining("\"default\"")
                .hasMessageContaining("classpath");
    }

    @Test
    void aClassThatIsNoScorerIsRejected() {
        assertThatThrownBy(() -> SentimentScorers.create("java.lang.String"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("does not implement io.monitor.sentiment.SentimentScorer");
    }

    @Test
    void aScorerWithoutNoArgConstructorIsRejected() {
        assertThatThrownBy(() -> SentimentScorers.create(NeedsArgument.class.getName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no public no-arg constructor");
    }

    @Test
    void anInterfaceIsRejected() {
        assertThatThrownBy(() -> SentimentScorers.create(SentimentScorer.class.getName()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("abstract");
    }
}
