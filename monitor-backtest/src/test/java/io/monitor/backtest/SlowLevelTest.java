package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The slow-level component on synthetic series with known answers (seeded noise). */
class SlowLevelTest {

    static double[] run(SlowLevel s, double[] v) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = s.next(v[i]);
        }
        return out;
    }

    static double max(double[] a, int from, int to) {
        double m = 0;
        for (int i = from; i < to; i++) {
            m = Math.max(m, a[i]);
        }
        return m;
    }

    @Test
    void aSmallSustainedShiftUnderHeavyNoiseStandsOutThoughNoSinglePointDoes() {
        // Noise of sd 1; from row 3000 the level is 1 higher: no point is unusual, the mean of 100 points is (about 10
        // standard deviations of such a mean).
        Random r = new Random(1);
        double[] v = new double[3400];
        for (int i = 0; i < v.length; i++) {
            v[i] = 10 + r.nextGaussian() + (i >= 3000 ? 1.0 : 0);
        }
        double[] z = run(new SlowLevel(100, 3000, 200), v);
        assertThat(max(z, 0, 3000)).as("quiet before").isLessThan(5);
        assertThat(z[3099]).as("once the mean covers the new level").isGreaterThan(8).isGreaterThan(1.6 * max(z, 0, 3000));
    }

    @Test
    void spikesThatBecomeMoreFrequentRaiseTheSlowLevelWhereEachSpikeIsAsHighAsBefore() {
        // One spike of 20 every 100 rows on a level of 0 (as NAB's art_increase_spike_density), then one every 10 rows.
        double[] v = new double[4000];
        for (int i = 0; i < v.length; i++) {
            v[i] = (i < 3500 ? i % 100 == 0 : i % 10 == 0) ? 20 : 0;
        }
        double[] z = run(new SlowLevel(100, 3000, 200), v);
        assertThat(max(z, 3550, 3600)).isGreaterThan(5).isGreaterThan(3 * max(z, 0, 3500));
    }

    @Test
    void aFlatLineAndTheWarmUpScoreZero() {
        double[] v = new double[1000];
        java.util.Arrays.fill(v, 3.0);
        assertThat(run(new SlowLevel(100, 3000, 200), v)).containsOnly(0.0);
        double[] noisy = new Random(2).doubles(299).toArray();
        // 100 rows to fill the first mean, 100 more before a mean no longer overlaps, 200 reference means: nothing yet.
        assertThat(run(new SlowLevel(100, 3000, 200), noisy)).containsOnly(0.0);
    }

    @Test
    void invalidParametersAreRefusedWithTheirValues() {
        assertThatThrownBy(() -> new SlowLevel(0, 3000, 200)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("width 0");
        assertThatThrownBy(() -> new SlowLevel(100, 100, 200)).isInstanceOf(IllegalArgumentException.class);
    }
}
