package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.monitor.core.model.Severity;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class NegativeSpikeDetectorTest {
    private final NegativeSpikeDetector detector = new NegativeSpikeDetector(8, 3.0, 1e-4);

    private static long[] repeat(long value, int n) {
        long[] a = new long[n];
        Arrays.fill(a, value);
        return a;
    }

    @Test
    void aBurstOfFortyOnAQuietBrandIsACriticalSpike() {
        NegativeSpikeDetector.Decision d = detector.evaluate(40, 40, repeat(1, 30), true);
        assertThat(d.spike()).isTrue();
        assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
        assertThat(d.baseline().expected()).isCloseTo(1.0, within(1e-9));
        assertThat(d.factor()).isCloseTo(40.0, within(1e-9));
        assertThat(d.pValue()).isLessThan(1e-30);
    }

    @Test
    void aModerateBurstIsAWarning() {
        NegativeSpikeDetector.Decision d = detector.evaluate(12, 12, repeat(1, 30), true);
        assertThat(d.spike()).isTrue();
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
    }

    @Test
    void belowTheMinimumNeverFiresHoweverUnlikely() {
        NegativeSpikeDetector.Decision d = detector.evaluate(7, 7, repeat(0, 30), true);
        assertThat(d.spike()).isFalse();
        assertThat(d.reason()).contains("below the minimum of 8");
    }

    @Test
    void steadyHighVolumeIsNoSpike() {
        long[] history = new long[30];
        for (int i = 0; i < history.length; i++) {
            history[i] = i % 2 == 0 ? 25 : 35;
        }
        assertThat(detector.evaluate(36, 36, history, true).spike()).isFalse();
        assertThat(detector.evaluate(60, 60, history, true).spike()).isFalse(); // 2x is below the factor 3
    }

    @Test
    void pastSpikesDoNotInflateTheBaseline() {
        long[] history = repeat(1, 30);
        history[3] = 200;
        history[4] = 200;
        history[5] = 200;
        NegativeSpikeDetector.Baseline b = NegativeSpikeDetector.baseline(history);
        assertThat(b.excluded()).isEqualTo(3);
        assertThat(b.expected()).isCloseTo(1.0, within(1e-9));
        // A plain mean would be (27 + 600) / 30 = 20.9 and need 63 negatives; the robust baseline fires at 25.
        assertThat(detector.evaluate(25, 25, history, true).spike()).isTrue();
    }

    @Test
    void anOverdispersedBaselineNeedsMoreEvidenceThanPoissonWould() {
        long[] history = new long[30];
        for (int i = 0; i < history.length; i++) {
            history[i] = i % 2 == 0 ? 0 : 20;
        }
        NegativeSpikeDetector.Decision d = detector.evaluate(31, 31, history, true);
        assertThat(d.factor()).isGreaterThan(3.0);
        assertThat(CountTail.poisson(31, 10)).isLessThan(1e-4);
        assertThat(d.spike()).as("p=%s", d.pValue()).isFalse();
        assertThat(d.reason()).contains("not below");
    }

    @Test
    void duringWarmUpOnlyAStormFires() {
        assertThat(detector.evaluate(20, 20, repeat(0, 3), false).spike()).isFalse();
        assertThat(detector.evaluate(20, 20, repeat(0, 3), false).reason()).contains("warming up");
        assertThat(detector.evaluate(24, 24, repeat(0, 3), false).spike()).isTrue();
        assertThat(detector.evaluate(20, 20, repeat(0, 3), true).spike()).isTrue();
    }

    @Test
    void withoutAnyEarlierWindowAStormMustBeMostlyNegative() {
        // a busy brand right after start: 30 negatives among 150 mentions is everyday complaining
        assertThat(detector.evaluate(30, 150, new long[0], false).spike()).isFalse();
        assertThat(detector.evaluate(30, 150, new long[0], false).reason()).contains("only 30 of 150");
        assertThat(detector.evaluate(30, 50, new long[0], false).spike()).isTrue();
        // with one earlier window the baseline decides
        assertThat(detector.evaluate(30, 150, new long[] {2}, false).spike()).isTrue();
        assertThat(detector.evaluate(30, 150, new long[] {25}, false).spike()).isFalse();
    }

    @Test
    void withoutHistoryTheExpectedCountIsTheFloor() {
        NegativeSpikeDetector.Baseline b = NegativeSpikeDetector.baseline(new long[0]);
        assertThat(b.expected()).isEqualTo(NegativeSpikeDetector.MIN_EXPECTED);
        assertThat(b.windows()).isZero();
    }

    @Test
    void thresholdIsTheSmallestFiringCount() {
        long[] history = repeat(1, 30);
        long t = detector.threshold(history, true);
        assertThat(t).isEqualTo(8);
        assertThat(detector.evaluate(t, t, history, true).spike()).isTrue();
        assertThat(detector.evaluate(t - 1, t - 1, history, true).spike()).isFalse();
        long[] busy = repeat(10, 30);
        long tb = detector.threshold(busy, true);
        assertThat(detector.evaluate(tb, tb, busy, true).spike()).isTrue();
        assertThat(detector.evaluate(tb - 1, tb - 1, busy, true).spike()).isFalse();
    }

    @Test
    void rescaledHistoryGivesTheSameBaselineAsTheCountsWhenNothingIsRescaled() {
        long[] history = {1, 2, 0, 3, 1, 200, 1, 2};
        double[] asDoubles = Arrays.stream(history).asDoubleStream().toArray();
        assertThat(NegativeSpikeDetector.baseline(asDoubles)).isEqualTo(NegativeSpikeDetector.baseline(history));
        assertThat(detector.evaluate(12, 12, asDoubles, true, NegativeSpikeDetector.Adjustment.NONE).spike())
                .isEqualTo(detector.evaluate(12, 12, history, true).spike());
    }

    @Test
    void aRaisingPlannedEventMultipliesTheMinimumAndTheFactor() {
        double[] quiet = new double[30];
        Arrays.fill(quiet, 1.0);
        NegativeSpikeDetector.Adjustment raise3 = new NegativeSpikeDetector.Adjustment(3.0, false, "planned event 'Launch'");
        assertThat(detector.evaluate(12, 12, quiet, true, NegativeSpikeDetector.Adjustment.NONE).spike()).isTrue();
        NegativeSpikeDetector.Decision d = detector.evaluate(12, 12, quiet, true, raise3);
        assertThat(d.spike()).isFalse();
        assertThat(d.reason()).isEqualTo("12 negatives is below the minimum of 24 (raised 3x by a planned event)");
        NegativeSpikeDetector.Decision storm = detector.evaluate(30, 30, quiet, true, raise3);
        assertThat(storm.spike()).isTrue();
        assertThat(storm.note()).isEqualTo("planned event 'Launch'");
        assertThat(detector.threshold(quiet, true, 3.0)).isEqualTo(24);
        // factor: 24 negatives against 5 expected is 4.8x, below 3 x 3 = 9
        Arrays.fill(quiet, 5.0);
        assertThat(detector.evaluate(40, 40, quiet, true, raise3).reason()).contains("below the factor 9.0");
    }

    @Test
    void aMutingPlannedEventMeansNoSpikeHoweverLarge() {
        NegativeSpikeDetector.Decision d = detector.evaluate(500, 500, new double[] {1, 1, 1}, true,
                new NegativeSpikeDetector.Adjustment(1.0, true, "planned event 'Launch' (MUTE)"));
        assertThat(d.spike()).isFalse();
        assertThat(d.reason()).isEqualTo("muted by a planned event");
    }

    @Test
    void aSeasonallyRescaledBaselineExpectsTheRush() {
        // Earlier windows from a quiet hour (1 negative) rescaled by a rush hour's factor of 8: 12 is no spike
        double[] rescaled = new double[30];
        Arrays.fill(rescaled, 8.0);
        assertThat(detector.evaluate(12, 12, rescaled, true, NegativeSpikeDetector.Adjustment.NONE).spike()).isFalse();
        assertThat(detector.evaluate(12, 12, repeat(1, 30), true).spike()).isTrue();
    }
}
