package io.monitor.backtest;

/**
 * How unusual the recent spread of a series is: the mean absolute first difference over the last {@code width}
 * points, on a log scale, as a robust z against its own history (median and MAD of the last {@code history} values).
 * It catches shape changes that move no level and no single point far: noise that doubles, a series that goes flat,
 * a regular signal that turns erratic. Online (the value at t uses points up to t), pure, O(history) per point.
 */
final class SpreadChange {
    /** A spread change smaller than this on the log scale (about 15 %) is never unusual, however steady the spread was. */
    private static final double MIN_LOG_SCALE = 0.15;

    private final int width;
    private final int minHistory;
    private final double[] diffs;
    private final RollingWindow logSpreads;
    private final RollingWindow spreads;
    private double sum;
    private int count;
    private double previous = Double.NaN;

    /**
     * @param width      points in the recent spread
     * @param history    recent spreads kept as the reference
     * @param minHistory reference values needed before any non-zero result
     */
    SpreadChange(int width, int history, int minHistory) {
        if (width < 2 || history < 10 || minHistory < 1 || minHistory > history) {
            throw new IllegalArgumentException("invalid spread change: width " + width + ", history " + history
                    + ", minHistory " + minHistory);
        }
        this.width = width;
        this.minHistory = minHistory;
        diffs = new double[width];
        logSpreads = new RollingWindow(history);
        spreads = new RollingWindow(history);
    }

    /** The robust z of the log spread ending at this point (0 while warming up), then learns the point. */
    double next(double value) {
        if (Double.isNaN(previous)) {
            previous = value;
            return 0;
        }
        double d = Math.abs(value - previous);
        previous = value;
        int at = count % width;
        if (count >= width) {
            sum -= diffs[at];
        }
        diffs[at] = d;
        sum += d;
        count++;
        if (at == width - 1) {
            sum = exactSum(); // once per round, so that rounding errors of the running sum cannot pile up
        }
        if (count < width) {
            return 0;
        }
        double spread = Math.max(sum, 0) / width;
        // A floor on the spread, relative to its usual size, so that a series that is flat most of the time does not
        // turn every small wiggle into an infinite log ratio.
        double usual = spreads.size() > 0 ? spreads.median() : spread;
        double floor = Math.max(0.05 * usual, 1e-9 * (1 + Math.abs(value)));
        double l = Math.log(spread + floor);
        double z = 0;
        if (logSpreads.size() >= minHistory) {
            double scale = Math.max(1.4826 * logSpreads.mad(), MIN_LOG_SCALE);
            z = Math.abs(l - logSpreads.median()) / scale;
        }
        logSpreads.add(l);
        spreads.add(spread);
        return z;
    }

    private double exactSum() {
        double s = 0;
        for (double v : diffs) {
            s += v;
        }
        return s;
    }
}
