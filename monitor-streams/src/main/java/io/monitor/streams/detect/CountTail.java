package io.monitor.streams.detect;

/**
 * Upper tail probabilities of count distributions: {@code P(X >= k)} for Poisson and negative binomial.
 *
 * <p>Counts of mentions per window are small integers, often 0–10, where a Gaussian z-score is badly wrong
 * (it has no skew and puts mass below zero). Poisson fits a steady stream of independent posts; the negative
 * binomial (Poisson with a gamma-distributed rate) fits the overdispersed reality of social media, where the
 * variance exceeds the mean. Computed by summing the pmf in log space from {@code k} upward, which stays
 * accurate for tails as small as 1e-300.
 */
public final class CountTail {
    private CountTail() {
    }

    /** {@code P(X >= k)} for X ~ Poisson(mean). */
    public static double poisson(long k, double mean) {
        if (k <= 0) {
            return 1.0;
        }
        if (mean <= 0) {
            return 0.0;
        }
        if (k <= mean) {
            return lowerComplement(k, mean, Double.POSITIVE_INFINITY);
        }
        double logTerm = k * Math.log(mean) - mean - logGamma(k + 1.0);
        return sumUpward(logTerm, k, i -> mean / (i + 1.0));
    }

    /**
     * {@code P(X >= k)} for a negative binomial with the given mean and variance (variance > mean); falls back to
     * Poisson when the variance does not exceed the mean.
     */
    public static double negativeBinomial(long k, double mean, double variance) {
        if (variance <= mean * 1.000001) {
            return poisson(k, mean);
        }
        if (k <= 0) {
            return 1.0;
        }
        if (mean <= 0) {
            return 0.0;
        }
        double r = mean * mean / (variance - mean);
        double q = mean / (r + mean); // success probability in the "number of failures" parametrisation
        if (k <= mean) {
            return lowerComplement(k, mean, r);
        }
        double logTerm = logGamma(k + r) - logGamma(r) - logGamma(k + 1.0) + r * Math.log(r / (r + mean)) + k * Math.log(q);
        return sumUpward(logTerm, k, i -> (i + r) / (i + 1.0) * q);
    }

    /**
     * {@code P(X >= k)} for X ~ Binomial(n, p): the chance of at least {@code k} negatives among {@code n} mentions
     * when each is negative with probability {@code p} (the negative-share rule's test at the observed volume).
     */
    public static double binomial(long k, long n, double p) {
        if (k <= 0) {
            return 1.0;
        }
        if (k > n || p <= 0) {
            return 0.0;
        }
        if (p >= 1) {
            return 1.0;
        }
        double odds = p / (1 - p);
        if (k <= n * p) {
            // Below the mean the upper tail is large: 1 - P(X <= k-1), summed downward where the terms fall.
            long j = k - 1;
            double below = sumUpward(logBinomialPmf(j, n, p), 0, i -> i >= j ? 0.0 : (j - i) / (n - j + i + 1.0) / odds);
            return Math.max(0.0, 1.0 - below);
        }
        return sumUpward(logBinomialPmf(k, n, p), k, i -> i >= n ? 0.0 : (n - i) / (i + 1.0) * odds);
    }

    private static double logBinomialPmf(long k, long n, double p) {
        return logGamma(n + 1.0) - logGamma(k + 1.0) - logGamma(n - k + 1.0) + k * Math.log(p) + (n - k) * Math.log1p(-p);
    }

    private interface Ratio {
        double next(long i);
    }

    private static double sumUpward(double logFirst, long k, Ratio ratio) {
        double term = 1.0;
        double sum = 0.0;
        for (long i = k; i < k + 1_000_000; i++) {
            sum += term;
            term *= ratio.next(i);
            if (term < 1e-17 * sum) {
                break;
            }
        }
        return Math.min(1.0, Math.exp(logFirst + Math.log(sum)));
    }

    /** {@code 1 - P(X < k)}, used below the mean where the upper tail is large; r = infinity means Poisson. */
    private static double lowerComplement(long k, double mean, double r) {
        double term;
        if (Double.isInfinite(r)) {
            term = Math.exp(-mean);
        } else {
            term = Math.exp(r * Math.log(r / (r + mean)));
        }
        double below = 0.0;
        for (long i = 0; i < k; i++) {
            below += term;
            term *= Double.isInfinite(r) ? mean / (i + 1.0) : (i + r) / (i + 1.0) * (mean / (r + mean));
        }
        return Math.max(0.0, 1.0 - below);
    }

    /** Lanczos approximation (g=7, n=9), accurate to ~1e-15 for x > 0. */
    static double logGamma(double x) {
        if (x < 0.5) {
            return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - logGamma(1 - x);
        }
        double[] c = {0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313,
            -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7};
        x -= 1;
        double a = c[0];
        double t = x + 7.5;
        for (int i = 1; i < 9; i++) {
            a += c[i] / (x + i);
        }
        return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
    }
}
