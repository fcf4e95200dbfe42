package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The spread-change component on synthetic series with known answers (seeded noise). */
class SpreadChangeTest {

    static double[] run(double[] v) {
        SpreadChange s = new SpreadChange(30, 3000, 100);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = s.next(v[i]);
        }
        return out;
    }

    static double[] noise(int n, long seed, int changeAt, double sdAfter) {
        Random r = new Random(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = 50 + (i >= changeAt ? sdAfter : 1.0) * r.nextGaussian();
        }
        return v;
    }

    @Test
    void noiseThatTriplesAtTheSameLevelIsFlaggedWithinTheSpreadWindow() {
        double[] z = run(noise(3000, 1, 2500, 3.0));
        assertThat(SlowLevelTest.max(z, 200, 2500)).as("quiet before").isLessThan(4);
        assertThat(SlowLevelTest.max(z, 2500, 2530)).isGreaterThan(6);
    }

    @Test
    void aSeriesThatGoesFlatIsFlaggedToo() {
        // A sensor that stops moving (NAB's art_daily_flatmiddle): the spread falls to nothing.
        double[] v = noise(3000, 2, 3000, 1.0);
        for (int i = 2500; i < 3000; i++) {
            v[i] = 50;
        }
        double[] z = run(v);
        assertThat(SlowLevelTest.max(z, 2500, 2530)).isGreaterThan(6).isGreaterThan(2 * SlowLevelTest.max(z, 200, 2500));
    }

    @Test
    void steadyNoiseStaysQuietAndAFlatLineScoresZero() {
        assertThat(SlowLevelTest.max(run(noise(3000, 3, 3000, 1.0)), 0, 3000)).isLessThan(4);
        assertThat(run(new double[500])).containsOnly(0.0);
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> new SpreadChange(1, 3000, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width 1");
    }
}
