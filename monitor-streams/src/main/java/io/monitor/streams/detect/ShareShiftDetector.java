package io.monitor.streams.detect;

import io.monitor.core.config.DetectorSettings;
import io.monitor.core.json.Durations;
import io.monitor.core.model.Alert;
import io.monitor.core.model.AlertRules;
import io.monitor.core.model.Severity;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Decides whether the <em>share</em> of negative mentions in a window rose against the brand's own usual share: the
 * storm where the volume stays flat but the tone turns, which the volume-spike rule cannot see. Pure and stateless.
 *
 * <p>How:
 * <ol>
 *   <li><b>Robust baseline share.</b> Each earlier window's share is negatives / mentions; windows whose share lies
 *       above {@code median + 3·scale} are past storms and are left out ({@code scale}: the MAD scaled to a
 *       standard deviation, at least the binomial spread at the median window volume). The baseline share is the
 *       pooled share of the rest (their negatives over their mentions), so busy windows weigh more than sparse
 *       ones; the baseline mean sentiment score is pooled the same way (reported, not tested).</li>
 *   <li><b>Binomial test at the observed volume.</b> {@code P(X ≥ negatives)} for X ~ Binomial(mentions, baseline
 *       share); the rule needs {@code p ≤ alpha}. At 20 mentions a share must move much further than at 2,000.</li>
 *   <li><b>Practical size.</b> At least {@code minVolume} mentions in the window, at least {@code minIncrease}
 *       share points above the baseline (times a planned event's factor), and at least {@code minVolume} mentions
 *       in the baseline windows; before the brand's warm-up the rule does not judge (a share needs a history).</li>
 * </ol>
 * Severity: {@link Severity#CRITICAL} when the rise is twice the minimum and {@code p ≤ alpha²}; otherwise
 * {@link Severity#WARNING}.
 */
public final class ShareShiftDetector {
    public static final String RULE = AlertRules.NEGATIVE_SHARE_SHIFT;
    static final String METHOD = "binomial test of the negative share at the observed volume against the brand's robust"
            + " baseline share (median/MAD outlier cut, pooled)";

    private final int minVolume;
    private final double minIncrease;
    private final double alpha;

    public ShareShiftDetector(int minVolume, double minIncrease, double alpha) {
        if (minVolume < 1 || !(minIncrease > 0 && minIncrease <= 1) || !(alpha > 0 && alpha < 0.5)) {
            throw new IllegalArgumentException("minVolume >= 1, 0 < minIncrease <= 1, 0 < alpha < 0.5 required");
        }
        this.minVolume = minVolume;
        this.minIncrease = minIncrease;
        this.alpha = alpha;
    }

    public static ShareShiftDetector of(DetectorSettings.NegativeShare s) {
        return new ShareShiftDetector(s.minVolume(), s.minIncrease(), s.alpha());
    }

    public int minVolume() {
        return minVolume;
    }

    public double minIncrease() {
        return minIncrease;
    }

    /**
     * The usual share, from earlier windows.
     *
     * @param share     pooled negative share of the kept windows (floored at half a negative over their volume)
     * @param meanScore pooled mean sentiment score of the kept windows (0 when they hold no mention)
     * @param negatives negatives in the kept windows
     * @param volume    mentions in the kept windows
     * @param windows   windows kept
     * @param excluded  windows left out as past storms
     */
    public record Baseline(double share, double meanScore, long negatives, long volume, int windows, int excluded) {
    }

    /**
     * @param shift     whether the condition holds
     * @param severity  how extreme (null when not a shift)
     * @param negatives negatives in the window
     * @param volume    mentions in the window
     * @param share     negatives / volume
     * @param meanScore mean sentiment score in the window
     * @param baseline  what was usual
     * @param pValue    P(X ≥ negatives) at this volume under the baseline share
     * @param needed    the smallest rise in share points the alert needed (after a planned event's factor)
     * @param reason    why it is or is not a shift, in words
     * @param note      what adjusted the rule (a planned event), or null (always null when not a shift)
     */
    public record Decision(boolean shift, Severity severity, long negatives, long volume, double share, double meanScore,
                           Baseline baseline, double pValue, double needed, String reason, String note) {
        public double increase() {
            return share - baseline.share();
        }
    }

    /**
     * Robust pooled share of earlier windows (see the class comment); the arrays describe the same windows. A score
     * sum may be NaN (not known any more): the mean score is then pooled over the other windows.
     */
    public static Baseline baseline(long[] negatives, long[] volumes, double[] scoreSums) {
        int n = 0;
        double[] shares = new double[negatives.length];
        long[] vols = new long[negatives.length];
        for (int i = 0; i < negatives.length; i++) {
            if (volumes[i] > 0) {
                shares[n] = Math.min(1.0, (double) negatives[i] / volumes[i]);
                vols[n] = volumes[i];
                n++;
            }
        }
        if (n == 0) {
            return new Baseline(0, 0, 0, 0, 0, 0);
        }
        double[] sorted = Arrays.copyOf(shares, n);
        Arrays.sort(sorted);
        double median = median(sorted);
        double[] dev = new double[n];
        for (int i = 0; i < n; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(dev);
        long[] sv = Arrays.copyOf(vols, n);
        Arrays.sort(sv);
        double medianVolume = Math.max(1.0, n % 2 == 1 ? sv[n / 2] : (sv[n / 2 - 1] + sv[n / 2]) / 2.0);
        double p = Math.min(Math.max(median, 0.5 / medianVolume), 1 - 0.5 / medianVolume);
        double scale = Math.max(1.4826 * median(dev), Math.sqrt(p * (1 - p) / medianVolume));
        double cutoff = median + 3 * scale;
        long neg = 0;
        long vol = 0;
        double score = 0;
        long scoreVol = 0;
        int kept = 0;
        int excluded = 0;
        for (int i = 0; i < negatives.length; i++) {
            if (volumes[i] <= 0) {
                continue;
            }
            if ((double) negatives[i] / volumes[i] > cutoff) {
                excluded++;
                continue;
            }
            neg += negatives[i];
            vol += volumes[i];
            if (!Double.isNaN(scoreSums[i])) {
                score += scoreSums[i];
                scoreVol += volumes[i];
            }
            kept++;
        }
        double share = vol == 0 ? 0 : Math.max((double) neg / vol, 0.5 / vol);
        return new Baseline(Math.min(share, 0.999), scoreVol == 0 ? 0 : score / scoreVol, neg, vol, kept, excluded);
    }

    /**
     * @param negatives negatives in the current window (so far)
     * @param volume    mentions in the current window (so far)
     * @param scoreSum  sum of the window's sentiment scores
     * @param histNeg   negatives of earlier windows that do not overlap the current one
     * @param histVol   mentions of the same windows
     * @param histScore sentiment score sums of the same windows
     * @param warmedUp  whether the brand has at least the warm-up period of history
     * @param adj       a planned event's muting or raising ({@link NegativeSpikeDetector.Adjustment#NONE} when none)
     */
    public Decision evaluate(long negatives, long volume, double scoreSum, long[] histNeg, long[] histVol, double[] histScore,
                             boolean warmedUp, NegativeSpikeDetector.Adjustment adj) {
        double share = volume == 0 ? 0 : (double) negatives / volume;
        double mean = volume == 0 ? 0 : scoreSum / volume;
        double needed = minIncrease * adj.thresholdFactor();
        if (volume < minVolume) {
            return quiet(negatives, volume, share, mean, needed, volume + " mentions is below the minimum volume of " + minVolume, adj);
        }
        if (share < needed - 1e-9) {
            // Cannot be `needed` above any baseline: skip the baseline (the common case costs nothing more).
            return quiet(negatives, volume, share, mean, needed, pct(share) + " negative cannot be a rise of " + points(needed), adj);
        }
        Baseline b = baseline(histNeg, histVol, histScore);
        double p = b.volume() == 0 ? 1.0 : CountTail.binomial(negatives, volume, b.share());
        String reason;
        boolean shift = false;
        if (adj.muted()) {
            reason = "muted by a planned event";
        } else if (!warmedUp) {
            reason = "still warming up";
        } else if (b.volume() < minVolume) {
            reason = "the earlier windows hold only " + b.volume() + " mentions, below " + minVolume;
        } else if (share - b.share() < needed - 1e-9) { // a rise of exactly minIncrease counts (rounding aside)
            reason = pct(share) + " negative is not " + points(needed) + " above the usual " + pct(b.share());
        } else if (p > alpha) {
            reason = String.format(Locale.ROOT, "p=%.2g is not below %.0e at %d mentions", p, alpha, volume);
        } else {
            shift = true;
            reason = String.format(Locale.ROOT, "%s negative (%d of %d) against the usual %s (p=%.2g)", pct(share), negatives,
                    volume, pct(b.share()), p);
        }
        Severity severity = null;
        if (shift) {
            severity = share - b.share() >= 2 * needed && p <= alpha * alpha ? Severity.CRITICAL : Severity.WARNING;
        }
        return new Decision(shift, severity, negatives, volume, share, mean, b, p, needed, reason, shift ? adj.note() : null);
    }

    private static Decision quiet(long negatives, long volume, double share, double mean, double needed, String reason,
                                  NegativeSpikeDetector.Adjustment adj) {
        return new Decision(false, null, negatives, volume, share, mean, new Baseline(0, 0, 0, 0, 0, 0), 1.0, needed, reason,
                null);
    }

    public static Map<String, String> labels(String brandId) {
        return Map.of(Alert.LABEL_BRAND, brandId, Alert.LABEL_RULE, RULE);
    }

    public static String fingerprint(String brandId) {
        return Alert.fingerprint(labels(brandId));
    }

    /** The alert's annotations: what a community manager reads (observed vs usual share, volume, p, method, evidence). */
    public Map<String, String> annotations(String brandName, Decision d, Duration window, Evidence ev) {
        Baseline b = d.baseline();
        String w = Durations.format(window);
        Map<String, String> a = new LinkedHashMap<>();
        a.put(Alert.ANNOTATION_SUMMARY, String.format(Locale.ROOT,
                "Tone about %s turned negative: %s of mentions negative in %s, usually %s", brandName, pct(d.share()), w,
                pct(b.share())));
        StringBuilder desc = new StringBuilder();
        desc.append(String.format(Locale.ROOT,
                "%d of %d mentions of %s in the last %s were negative (%s), against a usual %s (pooled over %d earlier %s"
                        + " windows with %d mentions%s). Mean sentiment %+.2f, usually %+.2f. The volume itself need not"
                        + " be unusual: this rule watches the tone. Chance of this many negatives at this volume under the"
                        + " usual share: p=%.2g (binomial test). The alert needs at least %d mentions, a rise of %s and"
                        + " p<=%.0e.",
                d.negatives(), d.volume(), brandName, w, pct(d.share()), pct(b.share()), b.windows(), w, b.volume(),
                b.excluded() > 0 ? ", " + b.excluded() + " earlier storm window(s) left out" : "", d.meanScore(),
                b.meanScore(), d.pValue(), minVolume, points(d.needed()), alpha));
        if (d.note() != null) {
            desc.append(" Adjusted: ").append(d.note()).append('.');
        }
        if (!ev.topTerms().isEmpty()) {
            desc.append(" Top terms: ").append(String.join(", ", ev.topTerms())).append('.');
        }
        if (!ev.samples().isEmpty()) {
            desc.append(" Sample posts: ").append(String.join(" | ", ev.samples()));
        }
        a.put(Alert.ANNOTATION_DESCRIPTION, desc.toString());
        a.put("observed", Long.toString(d.negatives()));
        a.put("volume", Long.toString(d.volume()));
        a.put("share", String.format(Locale.ROOT, "%.3f", d.share()));
        a.put("expectedShare", String.format(Locale.ROOT, "%.3f", b.share()));
        a.put("increase", String.format(Locale.ROOT, "%.3f", d.increase()));
        a.put("meanScore", String.format(Locale.ROOT, "%.3f", d.meanScore()));
        a.put("expectedMeanScore", String.format(Locale.ROOT, "%.3f", b.meanScore()));
        a.put("threshold", String.format(Locale.ROOT, "+%s, p<=%.0e, >=%d mentions", points(d.needed()), alpha, minVolume));
        a.put("pValue", String.format(Locale.ROOT, "%.3g", d.pValue()));
        a.put("window", w);
        a.put("method", METHOD);
        if (!ev.topTerms().isEmpty()) {
            a.put("topTerms", String.join(", ", ev.topTerms()));
        }
        for (int i = 0; i < ev.samples().size(); i++) {
            a.put("sample" + (i + 1), ev.samples().get(i));
        }
        return a;
    }

    static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", share * 100);
    }

    static String points(double share) {
        return String.format(Locale.ROOT, "%.0f share points", share * 100);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }
}
