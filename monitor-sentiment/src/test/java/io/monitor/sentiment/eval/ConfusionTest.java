package io.monitor.sentiment.eval;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ConfusionTest {

    private static void add(Confusion c, GoldLabel gold, GoldLabel predicted, int times) {
        for (int i = 0; i < times; i++) {
            c.add(gold, predicted);
        }
    }

    @Test
    void measuresMatchAHandComputedExample() {
        // gold negative: 8 right, 2 as neutral; gold neutral: 5 right, 5 as positive; gold positive: 10 right
        Confusion c = new Confusion();
        add(c, GoldLabel.NEGATIVE, GoldLabel.NEGATIVE, 8);
        add(c, GoldLabel.NEGATIVE, GoldLabel.NEUTRAL, 2);
        add(c, GoldLabel.NEUTRAL, GoldLabel.NEUTRAL, 5);
        add(c, GoldLabel.NEUTRAL, GoldLabel.POSITIVE, 5);
        add(c, GoldLabel.POSITIVE, GoldLabel.POSITIVE, 10);
        assertThat(c.total()).isEqualTo(30);
        assertThat(c.accuracy()).isCloseTo(23 / 30.0, within(1e-9));
        assertThat(c.microF1()).isCloseTo(23 / 30.0, within(1e-9));
        // recalls 0.8, 0.5, 1.0
        assertThat(c.macroRecall()).isCloseTo((0.8 + 0.5 + 1.0) / 3, within(1e-9));
        // precisions 1.0, 5/7, 10/15; F1 = 2pr/(p+r)
        double f1Neg = 2 * 1.0 * 0.8 / 1.8;
        double f1Neu = 2 * (5 / 7.0) * 0.5 / (5 / 7.0 + 0.5);
        double f1Pos = 2 * (10 / 15.0) * 1.0 / (10 / 15.0 + 1.0);
        assertThat(c.macroF1()).isCloseTo((f1Neg + f1Neu + f1Pos) / 3, within(1e-9));
        assertThat(c.f1PN()).isCloseTo((f1Neg + f1Pos) / 2, within(1e-9));
        assertThat(c.format()).contains("accuracy=0.7667", "negative", "confusion");
    }

    @Test
    void mixedGoldCountsAsAnErrorRowWhenKept() {
        Confusion c = new Confusion();
        c.add(GoldLabel.MIXED, GoldLabel.POSITIVE);
        c.add(GoldLabel.POSITIVE, GoldLabel.POSITIVE);
        assertThat(c.accuracy()).isEqualTo(0.5);
        assertThat(c.format()).contains("mixed");
        assertThatThrownBy(() -> c.add(GoldLabel.NEUTRAL, GoldLabel.MIXED)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void anEmptyMatrixHasZeroMeasures() {
        Confusion c = new Confusion();
        assertThat(c.accuracy()).isZero();
        assertThat(c.macroF1()).isZero();
        assertThat(c.macroRecall()).isZero();
    }
}
