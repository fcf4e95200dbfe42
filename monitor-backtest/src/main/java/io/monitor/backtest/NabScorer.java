package io.monitor.backtest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Numenta Anomaly Benchmark (NAB, MIT licence) scoring, re-implemented from NAB's {@code nab/sweeper.py} and
 * {@code nab/optimizer}/{@code runner} normalisation, so that scores are comparable with NAB's scoreboard.
 *
 * <ol>
 *   <li>{@link #sweep}: every row gets the score it would earn if it were a detection. The first
 *       {@code min(floor(0.15·rows), 750)} rows are probationary and never scored. Inside a labelled window, a row at
 *       index {@code i} earns {@code tpWeight · S(-(end - i + 1)/width) / S(-1)}, with
 *       {@code S(x) = 2·sigmoid(-5x) - 1} (earlier is better, the window's first row earns exactly {@code tpWeight}).
 *       Outside every window a row costs {@code fpWeight · S(distance / (previousWidth - 1))} after a window (a detection
 *       just after a window costs little; past 3 widths the full {@code -fpWeight}), and {@code -fpWeight} before the
 *       first window.</li>
 *   <li>{@link #scoresByThreshold}: rows sorted by anomaly score, highest first; lowering the threshold one distinct
 *       score at a time, the total is {@code Σ fp costs + Σ over windows (best detection in the window, or -fnWeight
 *       when none)}. Only windows with at least one scorable row count.</li>
 *   <li>A detection is a row whose anomaly score is {@code >=} the threshold. The threshold is the one that maximises
 *       the raw score summed over the whole corpus ({@link #bestThreshold}, NAB's {@code optimize_threshold.py}).</li>
 * </ol>
 * Normalisation ({@link NabEvaluation}) is {@code 100·(raw - null)/(perfect - null)}: null detects nothing
 * ({@code -fnWeight} per scorable window), perfect detects every window at its first row ({@code tpWeight} per window).
 */
public final class NabScorer {
    /** Window name of probationary rows (they take no part in scoring). */
    public static final String PROBATION = "probationary";
    /** Fraction of rows, and cap ({@code 0.15 × 5000}), of the probationary period. */
    public static final double PROBATION_PERCENT = 0.15;
    public static final double PROBATION_CAP = PROBATION_PERCENT * 5000;
    /** The threshold above every score: nothing detected. */
    public static final double NOTHING_DETECTED = 1.1;

    private NabScorer() {
    }

    /** A scoring profile (a cost matrix of {@code profiles.json}). */
    public record Profile(String name, double tpWeight, double fpWeight, double fnWeight) {
    }

    /** A labelled window as row indices of a series, both inclusive. */
    public record Window(int start, int end) {
        public Window {
            if (start < 0 || end < start) {
                throw new IllegalArgumentException("window [" + start + ", " + end + "] is not a valid row range");
            }
        }
    }

    /**
     * One row as the sweeper sees it.
     *
     * @param window the unique name of the window the row lies in, null outside every window, {@link #PROBATION} in
     *               the probationary period
     */
    public record Point(double anomalyScore, double sweepScore, String window) {
    }

    /** The raw score and confusion counts when every row with {@code anomalyScore >= threshold} is a detection. */
    public record ThresholdScore(double threshold, double score, int tp, int tn, int fp, int fn) {
    }

    static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /**
     * NAB's scaled sigmoid: 0.98661 at -1 (a window's left edge), 0 at 0 (its right edge), -1 from 3 on ({@code >= 3.0}
     * as in NAB 1.x's {@code sweeper.py}; the older {@code scorer.py} had {@code > 3.0}, a difference of 6e-7).
     */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) {
            return -1.0;
        }
        return 2 * sigmoid(-5 * relativePosition) - 1.0;
    }

    /** Rows at index {@code < probationLength(rows)} are not scored. */
    public static double probationLength(int rows) {
        return Math.min(Math.floor(PROBATION_PERCENT * rows), PROBATION_CAP);
    }

    /**
     * The per-row sweep scores of one series.
     *
     * @param name      unique name of the series (window names are {@code name|start})
     * @param scores    anomaly score per row
     * @param windows   labelled windows in time order (as row indices)
     */
    public static List<Point> sweep(String name, double[] scores, List<Window> windows, Profile profile) {
        List<Point> out = new ArrayList<>(scores.length);
        double maxTp = scaledSigmoid(-1.0);
        double probation = probationLength(scores.length);
        int next = 0;
        Window cur = null;
        String curName = null;
        double prevWidth = Double.NaN;
        int prevEnd = -1;
        for (int i = 0; i < scores.length; i++) {
            if (next < windows.size() && windows.get(next).start() == i) {
                cur = windows.get(next++);
                curName = name + "|" + cur.start();
            }
            double weighted;
            if (cur != null) {
                double width = cur.end() - cur.start() + 1.0;
                double position = -(cur.end() - i + 1) / width;
                weighted = scaledSigmoid(position) * profile.tpWeight() / maxTp;
            } else {
                double unweighted;
                if (prevEnd < 0) {
                    unweighted = -1.0;
                } else {
                    unweighted = scaledSigmoid(Math.abs(prevEnd - i) / (prevWidth - 1));
                }
                weighted = unweighted * profile.fpWeight();
            }
            out.add(new Point(scores[i], weighted, i >= probation ? curName : PROBATION));
            if (cur != null && i == cur.end()) {
                prevEnd = i;
                prevWidth = cur.end() - cur.start() + 1.0;
                cur = null;
                curName = null;
            }
        }
        return out;
    }

    /**
     * The raw score at every distinct threshold, from {@link #NOTHING_DETECTED} down to the lowest anomaly score.
     * Pass the points of one series to score it, or of several (concatenated) to score a corpus.
     */
    public static List<ThresholdScore> scoresByThreshold(List<Point> points, Profile profile) {
        List<Point> scorable = new ArrayList<>();
        for (Point p : points) {
            if (!PROBATION.equals(p.window())) {
                scorable.add(p);
            }
        }
        scorable.sort(Comparator.comparingDouble(Point::anomalyScore).reversed());
        Map<String, Double> windowParts = new LinkedHashMap<>();
        int tn = 0;
        int fn = 0;
        for (Point p : scorable) {
            if (p.window() == null) {
                tn++;
            } else {
                fn++;
                windowParts.put(p.window(), -profile.fnWeight());
            }
        }
        double windowSum = -profile.fnWeight() * windowParts.size();
        double fpSum = 0;
        int tp = 0;
        int fp = 0;
        double threshold = NOTHING_DETECTED;
        List<ThresholdScore> out = new ArrayList<>();
        for (Point p : scorable) {
            if (p.anomalyScore() != threshold) {
                out.add(new ThresholdScore(threshold, fpSum + windowSum, tp, tn, fp, fn));
                threshold = p.anomalyScore();
            }
            if (p.window() == null) {
                fp++;
                tn--;
                fpSum += p.sweepScore();
            } else {
                tp++;
                fn--;
                double old = windowParts.get(p.window());
                if (p.sweepScore() > old) {
                    windowParts.put(p.window(), p.sweepScore());
                    windowSum += p.sweepScore() - old;
                }
            }
        }
        out.add(new ThresholdScore(threshold, fpSum + windowSum, tp, tn, fp, fn));
        return out;
    }

    /** The threshold with the highest raw score (the highest such threshold on ties, as NAB's stable sort picks). */
    public static ThresholdScore bestThreshold(List<Point> points, Profile profile) {
        ThresholdScore best = null;
        for (ThresholdScore s : scoresByThreshold(points, profile)) {
            if (best == null || s.score() > best.score()) {
                best = s;
            }
        }
        return best;
    }

    /** The raw score when every row with {@code anomalyScore >= threshold} is a detection. */
    public static ThresholdScore scoreAt(List<Point> points, double threshold, Profile profile) {
        ThresholdScore match = null;
        for (ThresholdScore s : scoresByThreshold(points, profile)) {
            if (s.threshold() >= threshold) {
                match = s;
            } else {
                break;
            }
        }
        return match != null ? match : scoresByThreshold(points, profile).get(0);
    }

    /** Number of windows that have at least one scorable row. */
    public static int scorableWindows(List<Point> points) {
        return (int) points.stream().map(Point::window).filter(w -> w != null && !PROBATION.equals(w)).distinct().count();
    }
}
