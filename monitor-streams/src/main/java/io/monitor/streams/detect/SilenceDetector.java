package io.monitor.streams.detect;

import java.util.Arrays;
import java.util.Locale;

/**
 * Decides whether a brand that is usually talked about went (nearly) quiet. Pure and stateless: the caller passes
 * the count of the last {@code window} and the counts of the earlier, non-overlapping windows just before it.
 *
 * <p>How: the expected count is the <b>median</b> of up to {@value #BASELINE_WINDOWS} earlier windows (robust to a
 * past spike, and low enough at the evening decline that the night does not look like silence); silence needs
 * at least {@value #MIN_WINDOWS} earlier windows, an expected count of at least {@code minExpected}, and a lower-tail
 * probability {@code P(X <= observed) <= alpha} under a negative binomial with the history's mean and variance
 * (Poisson when the counts vary less than Poisson would): the spread a brand usually shows makes a lull less
 * surprising. Whether the quiet is silence or an ingest outage is not decided here (see {@link IngestHealth}).
 */
public final class SilenceDetector {
    /** Earlier windows the baseline looks at. */
    public static final int BASELINE_WINDOWS = 6;
    /** Fewest earlier complete windows before silence can be judged. */
    public static final int MIN_WINDOWS = 4;
    public static final double DEFAULT_ALPHA = 1e-4;

    private final int minExpected;
    private final double alpha;

    public SilenceDetector(int minExpected, double alpha) {
        if (minExpected < 1 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("minExpected >= 1 and 0 < alpha < 1 required");
        }
        this.minExpected = minExpected;
        this.alpha = alpha;
    }

    /**
     * @param silent   whether the brand is significantly quieter than usual
     * @param observed mentions in the last window
     * @param expected median of the earlier windows (0 without enough history)
     * @param pValue   {@code P(X <= observed)} under the baseline (1 without enough history)
     * @param windows  earlier windows used
     * @param reason   why, in words
     */
    public record Decision(boolean silent, long observed, double expected, double pValue, int windows, String reason) {
    }

    /** @param history counts of earlier complete windows, newest first (at most {@link #BASELINE_WINDOWS} are used) */
    public Decision evaluate(long observed, long[] history) {
        if (history.length < MIN_WINDOWS) {
            return new Decision(false, observed, 0, 1, history.length,
                    "only " + history.length + " earlier window(s), " + MIN_WINDOWS + " needed");
        }
        long[] h = Arrays.copyOf(history, Math.min(history.length, BASELINE_WINDOWS));
        return evaluate(observed, median(h), variance(h), h.length);
    }

    /** With a given expectation (an open incident keeps the one it started with, so a long silence does not fade). */
    public Decision evaluate(long observed, double expected, double variance, int windows) {
        if (expected < minExpected) {
            return new Decision(false, observed, expected, 1, windows, String.format(Locale.ROOT,
                    "usually %.1f mentions per window, below the %d that make silence meaningful", expected, minExpected));
        }
        double p = lowerTail(observed, expected, variance);
        boolean silent = p <= alpha;
        return new Decision(silent, observed, expected, p, windows, String.format(Locale.ROOT,
                "%d mentions against a usual %.1f: P(X <= %d) = %.2g %s %.0e", observed, expected, observed, p,
                silent ? "<=" : ">", alpha));
    }

    /** The largest count that would still be silence against {@code expected} (for explanations); -1 if none. */
    public long threshold(double expected, double variance) {
        if (expected < minExpected) {
            return -1;
        }
        long k = -1;
        while (k + 1 < expected && lowerTail(k + 1, expected, variance) <= alpha) {
            k++;
        }
        return k;
    }

    /**
     * {@code P(X <= k)} for a negative binomial with the given mean and variance, Poisson when the variance does
     * not exceed the mean; summed from 0 in log space, accurate for tails far below 1e-100.
     */
    public static double lowerTail(long k, double mean, double variance) {
        if (k < 0) {
            return 0;
        }
        if (mean <= 0) {
            return 1;
        }
        boolean poisson = variance <= mean * 1.000001;
        double r = poisson ? Double.POSITIVE_INFINITY : mean * mean / (variance - mean);
        double logTerm = poisson ? -mean : r * Math.log(r / (r + mean));
        double q = poisson ? 0 : mean / (r + mean);
        double sum = 0;
        double maxLog = logTerm;
        // terms grow up to the mode; sum relative to the largest seen to stay in range
        double[] logs = new double[(int) Math.min(k + 1, 1_000_000)];
        for (int i = 0; i < logs.length; i++) {
            logs[i] = logTerm;
            maxLog = Math.max(maxLog, logTerm);
            logTerm += poisson ? Math.log(mean / (i + 1.0)) : Math.log((i + r) / (i + 1.0) * q);
        }
        for (double l : logs) {
            sum += Math.exp(l - maxLog);
        }
        return Math.min(1.0, Math.exp(maxLog + Math.log(sum)));
    }

    static double median(long[] values) {
        long[] s = values.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2.0;
    }

    static double variance(long[] values) {
        double mean = Arrays.stream(values).average().orElse(0);
        double ss = 0;
        for (long v : values) {
            ss += (v - mean) * (v - mean);
        }
        return values.length > 1 ? ss / (values.length - 1) : mean;
    }
}
