package io.monitor.backtest;

import java.util.ArrayDeque;

/**
 * How far the mean of the last {@code width} points lies from the usual such means: a robust z of the sliding mean
 * against the median and MAD of earlier sliding means (those that ended at least {@code width} points ago, the last
 * {@code history} of them). Averaging many points makes a slow or diffuse change stand out that no single point shows:
 * spikes that become more frequent, a drift, a small sustained shift under heavy noise. Online (the value at t uses
 * points up to t), pure, O(history) per point. The scale is floored at about half the spread that means of independent
 * points would have ({@code 0.6 × mean absolute deviation / √width}), so that a strictly regular series, whose means
 * never moved, still has a scale when they start to.
 */
final class SlowLevel {
    private final int width;
    private final int minHistory;
    private final double[] ring;
    private final RollingWindow means;
    private final RollingWindow values;
    private final ArrayDeque<Double> pending = new ArrayDeque<>();
    private double sum;
    private long seen;

    /**
     * @param width      points per mean
     * @param history    earlier means kept as the reference
     * @param minHistory reference means needed before any non-zero result
     */
    SlowLevel(int width, int history, int minHistory) {
        if (width < 1 || history < 10 || minHistory < 1 || minHistory > history) {
            throw new IllegalArgumentException("invalid slow level: width " + width + ", history " + history
                    + ", minHistory " + minHistory);
        }
        this.width = width;
        this.minHistory = minHistory;
        ring = new double[width];
        means = new RollingWindow(history);
        values = new RollingWindow(history);
    }

    /** The robust z of the mean of the last {@code width} points (0 while warming up), then learns the point. */
    double next(double value) {
        int at = (int) (seen % width);
        if (seen >= width) {
            sum -= ring[at];
        }
        ring[at] = value;
        values.add(value);
        sum += value;
        seen++;
        if (at == width - 1) {
            sum = exactSum(); // once per round, so that rounding errors of the running sum cannot pile up
        }
        if (seen < width) {
            return 0;
        }
        double mean = sum / width;
        double z = 0;
        if (means.size() >= minHistory) {
            // Floored at about half the spread a mean of independent points would have, so that a series whose means
            // never moved (a strictly regular pattern) still has a scale when they do.
            double scale = Math.max(Math.max(1.4826 * means.mad(), 1.2533 * means.meanAbsDeviation()),
                    0.6 * values.meanAbsDeviation() / Math.sqrt(width));
            if (scale > 0) {
                z = Math.abs(mean - means.median()) / scale;
            }
        }
        // A mean joins the reference only once it no longer overlaps the current one, so a change is compared with
        // what came before it, not with itself.
        pending.addLast(mean);
        if (pending.size() > width) {
            means.add(pending.removeFirst());
        }
        return z;
    }

    private double exactSum() {
        double s = 0;
        for (double v : ring) {
            s += v;
        }
        return s;
    }
}
