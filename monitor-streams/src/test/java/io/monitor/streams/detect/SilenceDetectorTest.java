package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class SilenceDetectorTest {
    private final SilenceDetector detector = new SilenceDetector(10, 1e-4);

    @Test
    void lowerTailsMatchTheClosedForms() {
        assertThat(SilenceDetector.lowerTail(0, 20, 20)).isCloseTo(Math.exp(-20), within(1e-15));
        // e^-20 (1 + 20 + 200 + 8000/6 + 160000/24 + 3200000/120)
        assertThat(SilenceDetector.lowerTail(5, 20, 20)).isCloseTo(Math.exp(-20) * 34887.667, within(1e-9));
        // negative binomial with mean 20, variance 40: r = 20, P(X = 0) = (r / (r + mean))^r = 0.5^20
        assertThat(SilenceDetector.lowerTail(0, 20, 40)).isCloseTo(Math.pow(0.5, 20), within(1e-12));
        assertThat(SilenceDetector.lowerTail(1000, 20, 20)).isCloseTo(1.0, within(1e-12));
        assertThat(SilenceDetector.lowerTail(0, 5000, 5000)).isZero(); // far below double range, no NaN
    }

    @Test
    void aBrandThatUsuallyGetsTwentyAndGetsNoneIsSilent() {
        SilenceDetector.Decision d = detector.evaluate(0, new long[] {20, 19, 21, 20, 20, 22});
        assertThat(d.silent()).isTrue();
        assertThat(d.expected()).isEqualTo(20.0);
        assertThat(d.windows()).isEqualTo(6);
        assertThat(d.pValue()).isLessThan(1e-8);
    }

    @Test
    void aDipWithinTheUsualSpreadIsNotSilence() {
        assertThat(detector.evaluate(10, new long[] {20, 20, 20, 20, 20, 20}).silent()).isFalse(); // P = 0.011
        // a brand whose windows vary a lot (3 to 40) makes a low count less surprising than Poisson would say
        assertThat(SilenceDetector.lowerTail(5, 20, 20)).isLessThan(1e-4);
        assertThat(detector.evaluate(5, new long[] {3, 40, 20, 35, 5, 20}).silent()).isFalse();
    }

    @Test
    void theBaselineIsTheMedianSoOnePastSpikeDoesNotMakeAnOrdinaryWindowLookSilent() {
        SilenceDetector.Decision d = detector.evaluate(12, new long[] {12, 11, 400, 13, 12, 12});
        assertThat(d.expected()).isEqualTo(12.0);
        assertThat(d.silent()).isFalse();
    }

    @Test
    void aRarelyMentionedBrandOrOneWithoutEnoughHistoryIsNeverSilent() {
        assertThat(detector.evaluate(0, new long[] {5, 6, 4, 5, 5, 5}).silent()).as("usually 5, minimum 10").isFalse();
        SilenceDetector.Decision young = detector.evaluate(0, new long[] {50, 50, 50});
        assertThat(young.silent()).isFalse();
        assertThat(young.reason()).contains("only 3 earlier window(s), 4 needed");
    }

    @Test
    void theThresholdIsTheLargestCountThatIsStillSilence() {
        assertThat(detector.threshold(20, 20)).isEqualTo(5); // P(X <= 5) = 7.2e-5, P(X <= 6) = 2.6e-4
        assertThat(detector.threshold(5, 5)).isEqualTo(-1);
    }
}
