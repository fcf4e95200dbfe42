package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.monitor.core.config.DetectorSettings;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shipped defaults: at least 20 mentions, a rise of 20 share points, alpha 1e-4. */
class ShareShiftDetectorTest {
    private final ShareShiftDetector detector = ShareShiftDetector.of(DetectorSettings.defaults().negativeShare());
    private static final NegativeSpikeDetector.Adjustment NONE = NegativeSpikeDetector.Adjustment.NONE;

    private static long[] repeat(long v, int n) {
        long[] a = new long[n];
        Arrays.fill(a, v);
        return a;
    }

    private static double[] repeat(double v, int n) {
        double[] a = new double[n];
        Arrays.fill(a, v);
        return a;
    }

    /** 30 earlier windows of 60 mentions, 15 of them negative (25 %), mean score 0. */
    private ShareShiftDetector.Decision against25(long negatives, long volume, NegativeSpikeDetector.Adjustment adj) {
        return detector.evaluate(negatives, volume, -0.5 * negatives, repeat(15, 30), repeat(60, 30), repeat(0.0, 30), true, adj);
    }

    @Test
    void theToneTurningAtFlatVolumeIsAShiftWithTheExactBinomialP() {
        ShareShiftDetector.Decision d = against25(33, 60, NONE);
        assertThat(d.shift()).isTrue();
        assertThat(d.baseline().share()).isCloseTo(0.25, within(1e-12));
        assertThat(d.share()).isCloseTo(0.55, within(1e-12));
        assertThat(d.increase()).isCloseTo(0.30, within(1e-12));
        assertThat(d.pValue()).isCloseTo(6.813328887379296e-07, within(1e-15)); // P(X >= 33 | 60, 0.25), exact
        assertThat(d.severity()).isEqualTo(Severity.WARNING);
        assertThat(d.meanScore()).isCloseTo(-0.275, within(1e-12));
    }

    @Test
    void aSmallRiseIsNoShiftEvenWhenHighlySignificant() {
        // 2,000 mentions, 25 % -> 35 %: p ~ 1e-23, but only 10 share points
        ShareShiftDetector.Decision d = detector.evaluate(700, 2000, 0, repeat(500, 30), repeat(2000, 30), repeat(0.0, 30),
                true, NONE);
        assertThat(d.pValue()).isLessThan(1e-20);
        assertThat(d.shift()).isFalse();
        assertThat(d.reason()).contains("is not 20 share points above the usual 25%");
    }

    @Test
    void atLowVolumeTheSameRiseIsNotSignificant() {
        // 20 mentions, 10 % -> 30 %: +20 points, but P(X >= 6 | 20, 0.1) = 0.0113
        ShareShiftDetector.Decision d = detector.evaluate(6, 20, 0, repeat(6, 30), repeat(60, 30), repeat(0.0, 30), true, NONE);
        assertThat(d.shift()).isFalse();
        assertThat(d.pValue()).isCloseTo(0.011253134164509, within(1e-9));
        assertThat(d.reason()).contains("is not below");
    }

    @Test
    void belowTheMinimumVolumeNothingIsJudged() {
        ShareShiftDetector.Decision d = against25(19, 19, NONE);
        assertThat(d.shift()).isFalse();
        assertThat(d.reason()).contains("below the minimum volume of 20");
    }

    @Test
    void pastStormWindowsAreLeftOutOfTheBaselineShare() {
        long[] neg = repeat(15, 30);
        neg[2] = 54;
        neg[7] = 57;
        ShareShiftDetector.Baseline b = ShareShiftDetector.baseline(neg, repeat(60, 30), repeat(0.0, 30));
        assertThat(b.excluded()).isEqualTo(2);
        assertThat(b.share()).isCloseTo(0.25, within(1e-12));
        assertThat(b.windows()).isEqualTo(28);
    }

    @Test
    void theBaselineShareIsPooledSoBusyWindowsWeighMore() {
        // 10 % of 100 and 30 % of 10 (both within the spread at this volume): pooled (10 + 3) / 110
        ShareShiftDetector.Baseline b = ShareShiftDetector.baseline(new long[] {10, 3, 10, 3}, new long[] {100, 10, 100, 10},
                new double[] {-5, 1, -5, 1});
        assertThat(b.excluded()).isZero();
        assertThat(b.share()).isCloseTo(26.0 / 220, within(1e-12));
        assertThat(b.meanScore()).isCloseTo(-8.0 / 220, within(1e-12));
    }

    @Test
    void unknownScoreSumsAreLeftOutOfTheMeanScoreButNotOutOfTheShare() {
        ShareShiftDetector.Baseline b = ShareShiftDetector.baseline(new long[] {10, 10}, new long[] {100, 100},
                new double[] {-20, Double.NaN});
        assertThat(b.share()).isCloseTo(0.1, within(1e-12));
        assertThat(b.meanScore()).isCloseTo(-0.2, within(1e-12));
    }

    @Test
    void aRaisingPlannedEventMultipliesTheNeededRiseAndAMutingOneSilencesTheRule() {
        assertThat(against25(33, 60, new NegativeSpikeDetector.Adjustment(2.0, false, "launch")).shift())
                .as("+30 points is below 2 x 20").isFalse();
        ShareShiftDetector.Decision raised = against25(51, 60, new NegativeSpikeDetector.Adjustment(2.0, false, "launch"));
        assertThat(raised.shift()).isTrue();
        assertThat(raised.needed()).isCloseTo(0.4, within(1e-12));
        assertThat(raised.note()).isEqualTo("launch");
        ShareShiftDetector.Decision muted = against25(51, 60, new NegativeSpikeDetector.Adjustment(1.0, true, "launch"));
        assertThat(muted.shift()).isFalse();
        assertThat(muted.reason()).contains("muted");
    }

    @Test
    void noJudgementBeforeWarmUpOrWithoutBaselineVolume() {
        assertThat(detector.evaluate(33, 60, 0, repeat(15, 30), repeat(60, 30), repeat(0.0, 30), false, NONE).shift()).isFalse();
        ShareShiftDetector.Decision d = detector.evaluate(33, 60, 0, new long[] {1}, new long[] {4}, new double[] {0}, true, NONE);
        assertThat(d.shift()).isFalse();
        assertThat(d.reason()).contains("only 4 mentions");
    }

    @Test
    void aBigRiseAtHighVolumeIsCritical() {
        ShareShiftDetector.Decision d = against25(200, 300, NONE);
        assertThat(d.shift()).isTrue();
        assertThat(d.severity()).isEqualTo(Severity.CRITICAL);
    }

    @Test
    void theExplanationSaysObservedVersusUsualShareVolumePAndMethod() {
        ShareShiftDetector.Decision d = against25(33, 60, NONE);
        Map<String, String> a = detector.annotations("Nordbahn", d, Duration.ofMinutes(1),
                new Evidence(List.of("Zug fällt aus — https://x/1"), List.of("ausfall (9)")));
        assertThat(a.get("summary")).isEqualTo("Tone about Nordbahn turned negative: 55% of mentions negative in 1m, usually 25%");
        assertThat(a.get("description")).contains("33 of 60 mentions of Nordbahn in the last 1m were negative (55%)",
                "against a usual 25%", "binomial test", "p=6.8e-07", "Top terms: ausfall (9)", "https://x/1");
        assertThat(a).containsEntry("observed", "33").containsEntry("volume", "60").containsEntry("expectedShare", "0.250")
                .containsEntry("share", "0.550").containsKey("method").containsEntry("sample1", "Zug fällt aus — https://x/1");
        assertThat(ShareShiftDetector.fingerprint("nordbahn")).isNotEqualTo(AlertTracker.fingerprint("nordbahn"));
    }
}
