package io.monitor.sentiment.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LabelMappingTest {

    @Test
    void wordsAreUnderstoodWithoutConfiguration() {
        LabelMapping m = LabelMapping.words();
        assertThat(m.map("negative")).isEqualTo(GoldLabel.NEGATIVE);
        assertThat(m.map(" Positive ")).isEqualTo(GoldLabel.POSITIVE);
        assertThat(m.map("neutral")).isEqualTo(GoldLabel.NEUTRAL);
        assertThat(m.map("mixed")).isEqualTo(GoldLabel.MIXED);
        assertThat(m.map("negativ")).isEqualTo(GoldLabel.NEGATIVE);
    }

    @Test
    void presetsMapTheNumericConventions() {
        assertThat(LabelMapping.parse("tweeteval").map("2")).isEqualTo(GoldLabel.POSITIVE);
        assertThat(LabelMapping.parse("tweeteval").map("1")).isEqualTo(GoldLabel.NEUTRAL);
        assertThat(LabelMapping.parse("sentiment140").map("2")).isEqualTo(GoldLabel.NEUTRAL);
        assertThat(LabelMapping.parse("sentiment140").map("4")).isEqualTo(GoldLabel.POSITIVE);
        assertThat(LabelMapping.parse("-1=negative,0=neutral,1=positive").map("-1")).isEqualTo(GoldLabel.NEGATIVE);
    }

    @Test
    void aNumericLabelWithoutMappingSaysHowToMapIt() {
        assertThatThrownBy(() -> LabelMapping.words().map("2"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--label-map")
                .hasMessageContaining("tweeteval")
                .hasMessageContaining("sentiment140");
    }

    @Test
    void badMappingsAndUnknownLabelsAreRejected() {
        assertThatThrownBy(() -> LabelMapping.parse("0:negative")).hasMessageContaining("code=label");
        assertThatThrownBy(() -> LabelMapping.parse("0=bad")).hasMessageContaining("'bad' is no label");
        assertThatThrownBy(() -> LabelMapping.words().map("great")).hasMessageContaining("unknown label 'great'");
    }
}
