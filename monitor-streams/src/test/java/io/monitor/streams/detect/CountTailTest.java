package io.monitor.streams.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class CountTailTest {

    @Test
    void poissonTailMatchesClosedForm() {
        assertThat(CountTail.poisson(0, 3)).isEqualTo(1.0);
        assertThat(CountTail.poisson(1, 2)).isCloseTo(1 - Math.exp(-2), within(1e-12));
        assertThat(CountTail.poisson(3, 1)).isCloseTo(1 - Math.exp(-1) * 2.5, within(1e-12));
    }

    @Test
    void poissonFarTailStaysAccurate() {
        // P(X >= 40 | 1) = e^-1/40! * (1 + 1/41 + 1/(41*42) + ...)
        double first = Math.exp(-1 - CountTail.logGamma(41));
        assertThat(CountTail.poisson(40, 1)).isCloseTo(first * (1 + 1 / 41.0 + 1 / (41.0 * 42)), within(first * 1e-3));
        assertThat(CountTail.poisson(40, 1)).isGreaterThan(0);
    }

    @Test
    void negativeBinomialTailMatchesClosedForm() {
        // mean 2, variance 4 -> r = 2, p = 1/2: pmf(k) = (k+1) / 2^(k+2)
        assertThat(CountTail.negativeBinomial(2, 2, 4)).isCloseTo(0.5, within(1e-12));
        assertThat(CountTail.negativeBinomial(3, 2, 4)).isCloseTo(0.3125, within(1e-12));
        assertThat(CountTail.negativeBinomial(10, 2, 4)).isCloseTo(1 - sumNb(10), within(1e-12));
    }

    @Test
    void overdispersionMakesLargeCountsLessSurprising() {
        assertThat(CountTail.negativeBinomial(31, 10, 100)).isGreaterThan(1000 * CountTail.poisson(31, 10));
        assertThat(CountTail.negativeBinomial(31, 10, 10)).isEqualTo(CountTail.poisson(31, 10));
    }

    @Test
    void logGammaOfIntegersIsLogFactorial() {
        assertThat(CountTail.logGamma(1)).isCloseTo(0, within(1e-12));
        assertThat(CountTail.logGamma(11)).isCloseTo(Math.log(3628800), within(1e-10));
    }

    private static double sumNb(int below) {
        double s = 0;
        for (int k = 0; k < below; k++) {
            s += (k + 1) / Math.pow(2, k + 2);
        }
        return s;
    }

    @Test
    void binomialUpperTailMatchesExactSums() {
        assertThat(CountTail.binomial(3, 5, 0.5)).isCloseTo(0.5, within(1e-12));
        assertThat(CountTail.binomial(1, 10, 0.1)).isCloseTo(1 - Math.pow(0.9, 10), within(1e-12));
        assertThat(CountTail.binomial(10, 10, 0.5)).isCloseTo(1.0 / 1024, within(1e-15));
        // below the mean (the complement branch) and far in the tail, against exact rational sums
        assertThat(CountTail.binomial(45, 100, 0.5)).isCloseTo(0.8643734879630827, within(1e-10));
        assertThat(CountTail.binomial(33, 60, 0.25)).isCloseTo(6.813328887379296e-07, within(1e-15));
        assertThat(CountTail.binomial(700, 2000, 0.25) / 1.5494827844551287e-23).isCloseTo(1.0, within(1e-8));
        assertThat(CountTail.binomial(2, 1000, 0.5)).isEqualTo(1.0);
    }

    @Test
    void binomialEdgeCases() {
        assertThat(CountTail.binomial(0, 5, 0.3)).isEqualTo(1.0);
        assertThat(CountTail.binomial(6, 5, 0.3)).isEqualTo(0.0);
        assertThat(CountTail.binomial(1, 5, 0.0)).isEqualTo(0.0);
        assertThat(CountTail.binomial(5, 5, 1.0)).isEqualTo(1.0);
    }
}
