package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class RollingWindowTest {
    static double median(double[] a) {
        double[] s = a.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    @Test
    void medianAndMadOfTheLastValuesMatchABruteForceSortAsValuesComeAndGo() {
        Random r = new Random(11);
        RollingWindow w = new RollingWindow(7);
        ArrayDeque<Double> last = new ArrayDeque<>();
        for (int i = 0; i < 500; i++) {
            double v = r.nextInt(5) == 0 ? 3.0 : Math.round(r.nextGaussian() * 10) / 2.0; // with ties
            w.add(v);
            last.addLast(v);
            if (last.size() > 7) {
                last.removeFirst();
            }
            double[] a = last.stream().mapToDouble(Double::doubleValue).toArray();
            double med = median(a);
            double[] dev = Arrays.stream(a).map(x -> Math.abs(x - med)).toArray();
            assertThat(w.size()).isEqualTo(a.length);
            assertThat(w.median()).isEqualTo(med);
            assertThat(w.mad()).isCloseTo(median(dev), within(1e-12));
            assertThat(w.meanAbsDeviation()).isCloseTo(Arrays.stream(dev).average().orElseThrow(), within(1e-12));
        }
    }

    @Test
    void quantileIsTheNearestRank() {
        RollingWindow w = new RollingWindow(100);
        for (int i = 100; i >= 1; i--) {
            w.add(i);
        }
        assertThat(w.quantile(0.99)).isEqualTo(99.0);
        assertThat(w.quantile(1.0)).isEqualTo(100.0);
        assertThat(w.quantile(0.5)).isEqualTo(50.0);
    }
}
