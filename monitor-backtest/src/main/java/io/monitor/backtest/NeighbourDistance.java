package io.monitor.backtest;

/**
 * How new the recent shape of a series is (after KNN-CAD): the last {@code length} values, as a vector in units of the
 * series' robust spread, against the nearest of the vectors that ended at least {@code length} points earlier (one
 * kept every {@code stride} points, the last {@code capacity} of them). The distance is the root mean square
 * difference to that nearest neighbour: 0 for a shape seen before, large for a level, a pattern or a rhythm never seen.
 * Online, pure, O(capacity × length) per point at most (the search stops a candidate as soon as it is beaten).
 */
final class NeighbourDistance {
    private final int length;
    private final int stride;
    private final double[][] library;
    private final long[] libraryEnd;
    private final double[] last;
    private final RollingWindow values;
    private final int minLibrary;
    private int stored;
    private long seen;

    /**
     * @param length      points per subsequence
     * @param capacity    subsequences kept as the reference
     * @param stride      one subsequence kept every {@code stride} points
     * @param scaleWindow points of the robust spread that sets the units
     * @param minLibrary  subsequences needed before any non-zero result
     */
    NeighbourDistance(int length, int capacity, int stride, int scaleWindow, int minLibrary) {
        if (length < 1 || capacity < 1 || stride < 1 || scaleWindow < 10 || minLibrary < 1 || minLibrary > capacity) {
            throw new IllegalArgumentException("invalid neighbour distance: length " + length + ", capacity " + capacity
                    + ", stride " + stride + ", scaleWindow " + scaleWindow + ", minLibrary " + minLibrary);
        }
        this.length = length;
        this.stride = stride;
        this.minLibrary = minLibrary;
        library = new double[capacity][length];
        libraryEnd = new long[capacity];
        last = new double[length];
        values = new RollingWindow(scaleWindow);
    }

    /** The distance of the subsequence ending at this point to its nearest earlier neighbour (0 while warming up). */
    double next(double value) {
        last[(int) (seen % length)] = value;
        values.add(value);
        seen++;
        if (seen < length) {
            return 0;
        }
        double scale = Math.max(1.4826 * values.mad(), 1.2533 * values.meanAbsDeviation());
        double result = 0;
        int usable = 0;
        if (scale > 0) {
            double best = Double.POSITIVE_INFINITY;
            int n = Math.min(stored, library.length);
            int start = (int) (seen % length); // index in `last` of the oldest of the current subsequence
            for (int k = 0; k < n; k++) {
                if (libraryEnd[k] > seen - length) {
                    continue; // overlaps the current subsequence
                }
                usable++;
                double[] v = library[k];
                double s = 0;
                for (int j = 0; j < length && s < best; j++) {
                    double d = last[(start + j) % length] - v[j];
                    s += d * d;
                }
                if (s < best) {
                    best = s;
                }
            }
            if (usable >= minLibrary) {
                result = Math.sqrt(best / length) / scale;
            }
        }
        if (seen % stride == 0) {
            int at = stored % library.length;
            int start = (int) (seen % length);
            for (int j = 0; j < length; j++) {
                library[at][j] = last[(start + j) % length];
            }
            libraryEnd[at] = seen;
            stored++;
        }
        return result;
    }
}
