package io.monitor.backtest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * NAB scoring on a 20-row series with one window over rows 10..14 (width 5). The probationary period is
 * floor(0.15 × 20) = 3 rows. Expected values are computed by hand from S(x) = 2·sigmoid(-5x) - 1, S(-1) = 0.98661430.
 */
class NabScorerTest {
    static final NabScorer.Profile STANDARD = new NabScorer.Profile("standard", 1.0, 0.11, 1.0);
    static final NabScorer.Profile LOW_FN = new NabScorer.Profile("reward_low_FN_rate", 1.0, 0.11, 2.0);
    static final List<NabScorer.Window> WINDOW = List.of(new NabScorer.Window(10, 14));

    static double[] detectionsAt(int... rows) {
        double[] s = new double[20];
        for (int r : rows) {
            s[r] = 1.0;
        }
        return s;
    }

    static double rawAtOne(double[] scores, NabScorer.Profile p) {
        return NabScorer.scoreAt(NabScorer.sweep("f", scores, WINDOW, p), 1.0, p).score();
    }

    static double sumS(double... positions) {
        double sum = 0;
        for (double p : positions) {
            sum -= 2 / (1 + Math.exp(5 * p)) - 1;
        }
        return sum;
    }

    @Test
    void scaledSigmoidIsNabsCurve() {
        assertThat(NabScorer.scaledSigmoid(-1.0)).isCloseTo(0.98661430, within(1e-8));
        assertThat(NabScorer.scaledSigmoid(0.0)).isCloseTo(0.0, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(2.99)).isCloseTo(2 / (1 + Math.exp(14.95)) - 1, within(1e-12));
        assertThat(NabScorer.scaledSigmoid(3.0)).isEqualTo(-1.0);
    }

    @Test
    void probationIsFifteenPercentCappedAt750Rows() {
        assertThat(NabScorer.probationLength(20)).isEqualTo(3.0);
        assertThat(NabScorer.probationLength(4032)).isEqualTo(604.0);
        assertThat(NabScorer.probationLength(22695)).isEqualTo(750.0);
    }

    @Test
    void detectionAtTheWindowsFirstRowEarnsTheFullTpWeight() {
        assertThat(rawAtOne(detectionsAt(10), STANDARD)).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void detectionAtTheWindowsLastRowEarnsLess() {
        // pos = -(14 - 14 + 1)/5 = -0.2: S(-0.2)/S(-1) = 0.46211716/0.98661430
        assertThat(rawAtOne(detectionsAt(14), STANDARD)).isCloseTo(0.46838684, within(1e-8));
    }

    @Test
    void onlyTheEarliestDetectionOfAWindowCounts() {
        // rows 11 and 13: the best is row 11, pos = -0.8: S(-0.8)/S(-1) = 0.97710684
        assertThat(rawAtOne(detectionsAt(11, 13), STANDARD)).isCloseTo(0.97710684, within(1e-8));
    }

    @Test
    void missedWindowCostsFnWeightAndFalsePositiveBeforeAnyWindowCostsFpWeight() {
        assertThat(rawAtOne(detectionsAt(), STANDARD)).isEqualTo(-1.0);
        assertThat(rawAtOne(detectionsAt(), LOW_FN)).isEqualTo(-2.0);
        assertThat(rawAtOne(detectionsAt(5), STANDARD)).isCloseTo(-1.11, within(1e-12));
    }

    @Test
    void falsePositiveJustAfterAWindowCostsLessThanAFullOne() {
        // row 16: pos = |14 - 16|/(5 - 1) = 0.5; 0.11·S(0.5) = -0.09331120
        assertThat(rawAtOne(detectionsAt(16), STANDARD)).isCloseTo(-1 - 0.09331120, within(1e-8));
    }

    @Test
    void detectionsInTheProbationaryPeriodAreIgnored() {
        assertThat(rawAtOne(detectionsAt(0, 1, 2), STANDARD)).isEqualTo(-1.0);
        assertThat(rawAtOne(detectionsAt(3), STANDARD)).isCloseTo(-1.11, within(1e-12));
    }

    @Test
    void windowInsideTheProbationaryPeriodIsNotAFalseNegative() {
        List<NabScorer.Point> pts = NabScorer.sweep("f", new double[20], List.of(new NabScorer.Window(0, 2)), STANDARD);
        assertThat(NabScorer.scorableWindows(pts)).isZero();
        assertThat(NabScorer.scoreAt(pts, 1.0, STANDARD).score()).isZero();
    }

    @Test
    void bestThresholdMaximisesTheRawScore() {
        double[] s = new double[20];
        s[18] = 0.95; // FP well after the window: pos (18-14)/4 = 1.0, 0.11·S(1) = -0.10852757
        s[12] = 0.9;  // TP, pos -(14-12+1)/5 = -0.6, S(-0.6)/S(-1) = 0.91742868
        s[5] = 0.8;   // FP before the window: -0.11
        List<NabScorer.Point> pts = NabScorer.sweep("f", s, WINDOW, STANDARD);
        List<NabScorer.ThresholdScore> all = NabScorer.scoresByThreshold(pts, STANDARD);
        assertThat(all).extracting(NabScorer.ThresholdScore::threshold).containsExactly(1.1, 0.95, 0.9, 0.8, 0.0);
        assertThat(all.get(0).score()).isEqualTo(-1.0);
        assertThat(all.get(1).score()).isCloseTo(-1.10852757, within(1e-8));
        assertThat(all.get(2).score()).isCloseTo(0.80890111, within(1e-8));
        assertThat(all.get(3).score()).isCloseTo(0.69890111, within(1e-8));
        NabScorer.ThresholdScore best = NabScorer.bestThreshold(pts, STANDARD);
        assertThat(best.threshold()).isEqualTo(0.9);
        assertThat(best.tp()).isEqualTo(1);
        assertThat(best.fp()).isEqualTo(1);
        // A threshold between two scores detects what is >= it.
        assertThat(NabScorer.scoreAt(pts, 0.92, STANDARD).score()).isCloseTo(-1.10852757, within(1e-8));
    }

    @Test
    void corpusScoreIsNormalisedBetweenNullAndPerfect() {
        // File a: window detected at its first row (+1). File b: window missed (-fnWeight). One shared threshold.
        NabEvaluation.Scored a = new NabEvaluation.Scored("a", detectionsAt(10), WINDOW);
        NabEvaluation.Scored b = new NabEvaluation.Scored("b", detectionsAt(), WINDOW);
        List<NabEvaluation.ProfileScore> r = NabEvaluation.evaluate(List.of(a, b), List.of(STANDARD, LOW_FN));
        NabEvaluation.ProfileScore standard = r.get(0);
        assertThat(standard.threshold()).isEqualTo(1.0);
        assertThat(standard.raw()).isCloseTo(0.0, within(1e-12));
        assertThat(standard.nullScore()).isEqualTo(-2.0);
        assertThat(standard.perfect()).isEqualTo(2.0);
        assertThat(standard.normalised()).isCloseTo(50.0, within(1e-9));
        // reward_low_FN_rate doubles the cost of a miss, so its best threshold is 0 (detect every row: both windows
        // at their first row, +2, against 2 × 5 rows before and 2 × 5 rows after the window as false positives).
        NabEvaluation.ProfileScore lowFn = r.get(1);
        assertThat(lowFn.threshold()).isEqualTo(0.0);
        assertThat(lowFn.nullScore()).isEqualTo(-4.0);
        double fpCost = 0.11 * (7 + sumS(0.25, 0.5, 0.75, 1.0, 1.25));
        assertThat(lowFn.raw()).isCloseTo(2 - 2 * fpCost, within(1e-9));
        assertThat(lowFn.normalised()).isCloseTo(100 * (2 - 2 * fpCost + 4) / 6, within(1e-9));
        assertThat(standard.files().get(0).normalised()).isCloseTo(100.0, within(1e-9));
        assertThat(standard.files().get(1).normalised()).isCloseTo(0.0, within(1e-9));
    }

    @Test
    void falsePositiveBetweenTwoWindowsIsWeighedAgainstThePrecedingWindowOnly() {
        // 40 rows, probation 6; windows 10..14 (width 5) and 30..32 (width 3). Row 22: 8 rows after the first window,
        // pos 8/4 = 2.0, 0.11·S(2.0) = 0.11·(2·sigmoid(-10) - 1) = -0.10999001. Row 35: 3 rows after the second,
        // pos 3/2 = 1.5, 0.11·S(1.5) = -0.10987839. Row 38: pos 6/2 = 3.0, the full -0.11.
        List<NabScorer.Window> two = List.of(new NabScorer.Window(10, 14), new NabScorer.Window(30, 32));
        double[] s = new double[40];
        s[22] = 1;
        s[35] = 1;
        s[38] = 1;
        s[31] = 1; // second window at pos -(32 - 31 + 1)/3 = -2/3: S(-2/3)/S(-1) = 0.94374226
        List<NabScorer.Point> pts = NabScorer.sweep("f", s, two, STANDARD);
        NabScorer.ThresholdScore at = NabScorer.scoreAt(pts, 1.0, STANDARD);
        assertThat(at.score()).isCloseTo(-1 + 0.94374226 - 0.10999001 - 0.10987839 - 0.11, within(1e-7));
        assertThat(at.tp()).isEqualTo(1);
        assertThat(at.fp()).isEqualTo(3);
    }

    @Test
    void aWindowStraddlingTheProbationaryPeriodIsScoredOnItsRowsAfterIt() {
        // 20 rows, probation 3; window 1..5 (width 5). Rows 1, 2 are probationary; a detection at row 3 is in the window at
        // pos -(5 - 3 + 1)/5 = -0.6, S(-0.6)/S(-1) = 0.91742868. With none, the window is a miss.
        List<NabScorer.Window> early = List.of(new NabScorer.Window(1, 5));
        assertThat(NabScorer.scoreAt(NabScorer.sweep("f", detectionsAt(3), early, STANDARD), 1.0, STANDARD).score())
                .isCloseTo(0.91742868, within(1e-8));
        assertThat(NabScorer.scoreAt(NabScorer.sweep("f", detectionsAt(1, 2), early, STANDARD), 1.0, STANDARD).score())
                .isEqualTo(-1.0);
    }

    /**
     * An independent, direct transcription of NAB's per-file rule (its original {@code scorer.py}: for each window
     * its first detection, else a miss; each detection outside windows weighed against the closest preceding window),
     * checked against the sweep-based scorer at random thresholds on random series.
     */
    @Test
    void sweepScoreEqualsTheDirectPerWindowRuleOnRandomSeries() {
        Random r = new Random(42);
        for (int trial = 0; trial < 200; trial++) {
            int n = 50 + r.nextInt(400);
            List<NabScorer.Window> ws = new ArrayList<>();
            int at = r.nextInt(n / 3);
            while (ws.size() < 4) {
                int width = 2 + r.nextInt(20);
                if (at + width >= n) {
                    break;
                }
                ws.add(new NabScorer.Window(at, at + width - 1));
                at += width + 1 + r.nextInt(60);
            }
            double[] scores = new double[n];
            for (int i = 0; i < n; i++) {
                scores[i] = r.nextDouble() < 0.9 ? r.nextDouble() * 0.5 : r.nextDouble();
            }
            for (NabScorer.Profile p : List.of(STANDARD, LOW_FN, new NabScorer.Profile("reward_low_FP_rate", 1, 0.22, 1))) {
                double threshold = 0.5 + 0.5 * r.nextDouble();
                double sweep = NabScorer.scoreAt(NabScorer.sweep("f", scores, ws, p), threshold, p).score();
                assertThat(sweep).as("trial %d, %s, threshold %f", trial, p.name(), threshold)
                        .isCloseTo(direct(scores, ws, threshold, p), within(1e-9));
            }
        }
    }

    static double direct(double[] scores, List<NabScorer.Window> windows, double threshold, NabScorer.Profile p) {
        int probation = (int) Math.min(Math.floor(0.15 * scores.length), 750);
        double maxTp = 2 / (1 + Math.exp(-5.0)) - 1;
        double total = 0;
        for (NabScorer.Window w : windows) {
            if (w.end() < probation) {
                continue; // no scorable row: neither a hit nor a miss
            }
            int first = -1;
            for (int i = Math.max(w.start(), probation); i <= w.end() && first < 0; i++) {
                if (scores[i] >= threshold) {
                    first = i;
                }
            }
            if (first < 0) {
                total -= p.fnWeight();
            } else {
                double width = w.end() - w.start() + 1;
                double pos = -(w.end() - first + 1) / width;
                total += (2 / (1 + Math.exp(5 * pos)) - 1) / maxTp * p.tpWeight();
            }
        }
        for (int i = probation; i < scores.length; i++) {
            if (scores[i] < threshold) {
                continue;
            }
            NabScorer.Window preceding = null;
            boolean inside = false;
            for (NabScorer.Window w : windows) {
                inside |= i >= w.start() && i <= w.end();
                if (w.end() < i) {
                    preceding = w;
                }
            }
            if (inside) {
                continue;
            }
            if (preceding == null) {
                total -= p.fpWeight();
            } else {
                double pos = (i - preceding.end()) / (preceding.end() - preceding.start() + 1.0 - 1);
                total += (pos >= 3 ? -1 : 2 / (1 + Math.exp(5 * pos)) - 1) * p.fpWeight();
            }
        }
        return total;
    }
}
