package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** The nearest-neighbour component on synthetic series with known answers. */
class NeighbourDistanceTest {

    static double[] run(double[] v) {
        NeighbourDistance d = new NeighbourDistance(20, 1000, 2, 1500, 100);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = d.next(v[i]);
        }
        return out;
    }

    @Test
    void aRepeatingShapeHasANeighbourAndANewShapeHasNone() {
        // A saw tooth of period 41 with a little noise (odd, so that with one subsequence kept every 2 rows every phase
        // has a twin after two periods); at row 1517 one tooth is upside down: the same values, a new shape.
        Random r = new Random(1);
        double[] v = new double[1600];
        for (int i = 0; i < v.length; i++) {
            int phase = i % 41;
            double tooth = i >= 1517 && i < 1558 ? 41 - phase : phase;
            v[i] = tooth + 0.1 * r.nextGaussian();
        }
        double[] d = run(v);
        double before = SlowLevelTest.max(d, 400, 1517);
        assertThat(before).as("every earlier subsequence has a near twin").isLessThan(0.05);
        assertThat(SlowLevelTest.max(d, 1517, 1558)).isGreaterThan(10 * before);
    }

    @Test
    void theCurrentSubsequenceIsNeverItsOwnNeighbour() {
        // A ramp never repeats: if the current or an overlapping subsequence were in the library the distance would be
        // 0 (or nearly); against subsequences ending 20 or more rows earlier it is the ramp's rise over 20 rows.
        double[] v = new double[600];
        for (int i = 0; i < v.length; i++) {
            v[i] = i;
        }
        double[] d = run(v);
        assertThat(d[599]).isGreaterThan(0.01);
    }

    @Test
    void invalidParametersAreRefused() {
        assertThatThrownBy(() -> new NeighbourDistance(20, 10, 2, 1500, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacity 10");
    }
}
