package io.monitor.streams.detect;

import io.monitor.core.config.DetectionSettings;
import io.monitor.core.model.Severity;
import java.util.Arrays;

/**
 * Decides whether a window's count of negative mentions is a spike against the brand's recent baseline.
 * Pure and stateless: the caller passes the observed count and the counts of earlier, non-overlapping windows.
 *
 * <p>How:
 * <ol>
 *   <li><b>Robust baseline.</b> Earlier windows above {@code median + 3·scale} are past spikes and are left out
 *       ({@code scale} is the MAD scaled to a standard deviation, at least the Poisson spread {@code √median});
 *       the expected count is the mean of the rest, at least {@value #MIN_EXPECTED}. So a storm last hour does
 *       not raise the bar for the next one.</li>
 *   <li><b>A test fit for counts.</b> The probability of seeing at least the observed count is taken from a
 *       negative binomial with the baseline's mean and variance (Poisson when the variance does not exceed the
 *       mean); a spike needs {@code p ≤ alpha}.</li>
 *   <li><b>Practical size.</b> A spike also needs at least {@code minNegative} negatives and at least
 *       {@code spikeFactor ×} the expected count: statistically significant but tiny changes do not page anyone.</li>
 *   <li><b>Warm-up.</b> Before {@code warmup} of history exists, only a storm of {@code minNegative × spikeFactor}
 *       negatives fires (a brand-new brand in a real storm still alerts); before even one complete earlier window
 *       exists, the storm must also be at least half of the window's mentions, so a busy brand's everyday
 *       complaints do not alert right after start.</li>
 * </ol>
 * Severity: {@link Severity#CRITICAL} when the count is three times over both the factor and the minimum and
 * {@code p ≤ alpha²}; otherwise {@link Severity#WARNING}.
 *
 * <p>Adjusted ({@link #evaluate(long, long, double[], boolean, Adjustment)}): the earlier windows' counts may come
 * rescaled by the brand's seasonal profile ({@link SeasonalProfile#rescale}: the Monday 8:00 rush is expected at
 * 8:00, not at 3:00), and a planned event may mute the rule or multiply the minimum and the factor
 * ({@link Adjustment}); the test and the warm-up stay the same.
 */
public final class NegativeSpikeDetector {
    /** Floor of the expected count: a brand with no negatives so far is treated as having half a negative per window. */
    public static final double MIN_EXPECTED = 0.5;
    /** Default significance per evaluation. */
    public static final double DEFAULT_ALPHA = 1e-4;

    private final int minNegative;
    private final double spikeFactor;
    private final double alpha;

    public NegativeSpikeDetector(int minNegative, double spikeFactor, double alpha) {
        if (minNegative < 1 || spikeFactor < 1 || !(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("minNegative >= 1, spikeFactor >= 1, 0 < alpha < 1 required");
        }
        this.minNegative = minNegative;
        this.spikeFactor = spikeFactor;
        this.alpha = alpha;
    }

    public static NegativeSpikeDetector of(DetectionSettings d) {
        return new NegativeSpikeDetector(d.minNegative(), d.spikeFactor(), DEFAULT_ALPHA);
    }

    /** The expected count and spread of a window, from earlier windows' counts. */
    public record Baseline(double expected, double variance, int windows, int excluded, double median) {
    }

    /**
     * The answer with its numbers, for the alert's explanation.
     *
     * @param spike     whether the condition holds
     * @param severity  how extreme (null when not a spike)
     * @param observed  negatives in the window
     * @param baseline  what was expected
     * @param pValue    P(X ≥ observed) under the baseline
     * @param factor    observed / expected
     * @param warmedUp  whether enough history existed
     * @param reason    why it is or is not a spike, in words
     */
    public record Decision(boolean spike, Severity severity, long observed, Baseline baseline, double pValue, double factor,
                           boolean warmedUp, String reason, String note) {
        public Decision(boolean spike, Severity severity, long observed, Baseline baseline, double pValue, double factor,
                        boolean warmedUp, String reason) {
            this(spike, severity, observed, baseline, pValue, factor, warmedUp, reason, null);
        }
    }

    /**
     * What adjusts the plain rule at this evaluation.
     *
     * @param thresholdFactor multiplies {@code minNegative} and {@code spikeFactor} (a planned event in RAISE mode; 1 otherwise)
     * @param muted           a planned event in MUTE mode: never a spike
     * @param noteSource      how the baseline or thresholds were adjusted, in words (null when not at all)
     */
    public record Adjustment(double thresholdFactor, boolean muted, java.util.function.Supplier<String> noteSource) {
        public static final Adjustment NONE = new Adjustment(1.0, false, (java.util.function.Supplier<String>) null);

        public Adjustment(double thresholdFactor, boolean muted, String note) {
            this(thresholdFactor, muted, note == null ? null : () -> note);
        }

        /** The note, built only when asked (explanations are written only when an alert is published). */
        public String note() {
            return noteSource == null ? null : noteSource.get();
        }
    }

    /** Robust mean and variance of earlier windows' counts (see the class comment). */
    public static Baseline baseline(long[] history) {
        double[] h = new double[history.length];
        for (int i = 0; i < h.length; i++) {
            h[i] = history[i];
        }
        return baseline(h);
    }

    /**
     * Like {@link #baseline(long[])} for counts that were rescaled (deseasonalised: each earlier window's count
     * multiplied by how much busier the current hour usually is than that window's hour).
     */
    public static Baseline baseline(double[] history) {
        if (history.length == 0) {
            return new Baseline(MIN_EXPECTED, MIN_EXPECTED, 0, 0, 0);
        }
        double[] sorted = history.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        double[] dev = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(dev);
        double mad = dev.length % 2 == 1 ? dev[dev.length / 2] : (dev[dev.length / 2 - 1] + dev[dev.length / 2]) / 2;
        double scale = Math.max(1.4826 * mad, Math.sqrt(Math.max(median, 1.0)));
        double cutoff = median + 3 * scale;
        double sum = 0;
        int kept = 0;
        for (double v : sorted) {
            if (v <= cutoff) {
                sum += v;
                kept++;
            }
        }
        double mean = sum / kept;
        double ss = 0;
        for (double v : sorted) {
            if (v <= cutoff) {
                ss += (v - mean) * (v - mean);
            }
        }
        double variance = kept > 1 ? ss / (kept - 1) : mean;
        double expected = Math.max(mean, MIN_EXPECTED);
        return new Baseline(expected, Math.max(variance, expected), kept, sorted.length - kept, median);
    }

    /**
     * @param observed negatives in the current window (so far: the window may still be open)
     * @param volume   all mentions in the current window (so far)
     * @param history  negatives in earlier windows that do not overlap the current one, any order
     * @param warmedUp whether the brand has at least the warm-up period of history
     */
    public Decision evaluate(long observed, long volume, long[] history, boolean warmedUp) {
        Baseline b = baseline(history);
        double p = CountTail.negativeBinomial(observed, b.expected(), b.variance());
        double factor = observed / b.expected();
        String reason;
        boolean spike = false;
        if (observed < minNegative) {
            reason = observed + " negatives is below the minimum of " + minNegative;
        } else if (factor < spikeFactor) {
            reason = String.format(java.util.Locale.ROOT, "%.1fx the expected %.1f is below the factor %.1f", factor,
                    b.expected(), spikeFactor);
        } else if (p > alpha) {
            reason = String.format(java.util.Locale.ROOT, "p=%.2g is not below %.0e at this volume", p, alpha);
        } else if (!warmedUp && observed < minNegative * spikeFactor) {
            reason = "still warming up and " + observed + " is below the warm-up storm level of "
                    + (long) Math.ceil(minNegative * spikeFactor);
        } else if (!warmedUp && history.length == 0 && observed * 2 < volume) {
            // Without a single earlier window a busy brand's ordinary complaints look like a storm; a real storm
            // on a new brand is made of negatives.
            reason = "no earlier window yet and negatives are only " + observed + " of " + volume + " mentions";
        } else {
            spike = true;
            reason = String.format(java.util.Locale.ROOT, "%d negatives is %.1fx the expected %.1f (p=%.2g)", observed,
                    factor, b.expected(), p);
        }
        Severity severity = null;
        if (spike) {
            boolean extreme = observed >= 3 * Math.max(minNegative, spikeFactor * b.expected()) && p <= alpha * alpha;
            severity = extreme ? Severity.CRITICAL : Severity.WARNING;
        }
        return new Decision(spike, severity, observed, b, p, factor, warmedUp, reason);
    }

    /**
     * The rule with its adjustments: {@code history} are earlier windows' counts, already rescaled to the current
     * hour by a seasonal profile when one is in use ({@link SeasonalProfile}); a planned event raises the minimum
     * and the factor ({@link Adjustment#thresholdFactor()}) or mutes the rule.
     */
    public Decision evaluate(long observed, long volume, double[] history, boolean warmedUp, Adjustment adj) {
        Baseline b = baseline(history);
        double p = CountTail.negativeBinomial(observed, b.expected(), b.variance());
        double factor = observed / b.expected();
        double minimum = minNegative * adj.thresholdFactor();
        double needed = spikeFactor * adj.thresholdFactor();
        String raised = adj.thresholdFactor() > 1 ? " (raised " + fmt(adj.thresholdFactor()) + "x by a planned event)" : "";
        String reason;
        boolean spike = false;
        if (adj.muted()) {
            reason = "muted by a planned event";
        } else if (observed < minimum) {
            reason = observed + " negatives is below the minimum of " + (long) Math.ceil(minimum) + raised;
        } else if (factor < needed) {
            reason = String.format(java.util.Locale.ROOT, "%.1fx the expected %.1f is below the factor %.1f%s", factor,
                    b.expected(), needed, raised);
        } else if (p > alpha) {
            reason = String.format(java.util.Locale.ROOT, "p=%.2g is not below %.0e at this volume", p, alpha);
        } else if (!warmedUp && observed < minimum * needed) {
            reason = "still warming up and " + observed + " is below the warm-up storm level of "
                    + (long) Math.ceil(minimum * needed);
        } else if (!warmedUp && history.length == 0 && observed * 2 < volume) {
            reason = "no earlier window yet and negatives are only " + observed + " of " + volume + " mentions";
        } else {
            spike = true;
            reason = String.format(java.util.Locale.ROOT, "%d negatives is %.1fx the expected %.1f (p=%.2g)%s", observed,
                    factor, b.expected(), p, raised);
        }
        Severity severity = null;
        if (spike) {
            boolean extreme = observed >= 3 * Math.max(minimum, needed * b.expected()) && p <= alpha * alpha;
            severity = extreme ? Severity.CRITICAL : Severity.WARNING;
        }
        return new Decision(spike, severity, observed, b, p, factor, warmedUp, reason, spike ? adj.note() : null);
    }

    /** The smallest count that would be a spike against rescaled {@code history} with a threshold factor (explanations). */
    public long threshold(double[] history, boolean warmedUp, double thresholdFactor) {
        Baseline b = baseline(history);
        double minimum = minNegative * thresholdFactor;
        long k = Math.max((long) Math.ceil(minimum), (long) Math.ceil(spikeFactor * thresholdFactor * b.expected()));
        if (!warmedUp) {
            k = Math.max(k, (long) Math.ceil(minimum * spikeFactor * thresholdFactor));
        }
        while (CountTail.negativeBinomial(k, b.expected(), b.variance()) > alpha && k < 10_000_000) {
            k++;
        }
        return k;
    }

    private static String fmt(double x) {
        return x == Math.rint(x) ? Long.toString((long) x) : String.format(java.util.Locale.ROOT, "%.1f", x);
    }

    /** The smallest count that would be a spike against {@code history} (for explanations). */
    public long threshold(long[] history, boolean warmedUp) {
        Baseline b = baseline(history);
        long k = Math.max(minNegative, (long) Math.ceil(spikeFactor * b.expected()));
        if (!warmedUp) {
            k = Math.max(k, (long) Math.ceil(minNegative * spikeFactor));
        }
        while (CountTail.negativeBinomial(k, b.expected(), b.variance()) > alpha && k < 10_000_000) {
            k++;
        }
        return k;
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0;
    }
}
