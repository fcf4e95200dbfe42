package io.monitor.backtest;

import java.util.Arrays;

/**
 * The last {@code capacity} values of a stream, kept both in arrival order and sorted, so that the median and the
 * median absolute deviation (MAD) cost O(capacity) per update instead of a sort.
 */
final class RollingWindow {
    private final double[] ring;
    private final double[] sorted;
    private int size;
    private int head;

    RollingWindow(int capacity) {
        if (capacity < 1) {
            throw new IllegalArgumentException("capacity must be positive");
        }
        ring = new double[capacity];
        sorted = new double[capacity];
    }

    int size() {
        return size;
    }

    void add(double v) {
        if (size == ring.length) {
            double old = ring[head];
            int at = Arrays.binarySearch(sorted, 0, size, old);
            System.arraycopy(sorted, at + 1, sorted, at, size - at - 1);
            size--;
        }
        int pos = Arrays.binarySearch(sorted, 0, size, v);
        if (pos < 0) {
            pos = -pos - 1;
        }
        System.arraycopy(sorted, pos, sorted, pos + 1, size - pos);
        sorted[pos] = v;
        size++;
        ring[head] = v;
        head = (head + 1) % ring.length;
    }

    /** The median; NaN when empty. */
    double median() {
        if (size == 0) {
            return Double.NaN;
        }
        return size % 2 == 1 ? sorted[size / 2] : (sorted[size / 2 - 1] + sorted[size / 2]) / 2;
    }

    /** The {@code p}-quantile (nearest rank), NaN when empty. */
    double quantile(double p) {
        if (size == 0) {
            return Double.NaN;
        }
        int at = (int) Math.min(size - 1, Math.max(0, Math.ceil(p * size) - 1));
        return sorted[at];
    }

    /** Median of |x - median|, by merging the two sorted runs of deviations left and right of the median. */
    double mad() {
        if (size == 0) {
            return Double.NaN;
        }
        double med = median();
        int split = 0;
        while (split < size && sorted[split] < med) {
            split++;
        }
        int left = split - 1;
        int right = split;
        int want = size / 2; // index of the upper median of the deviations
        double prev = 0;
        double cur = 0;
        for (int k = 0; k <= want; k++) {
            double dl = left >= 0 ? med - sorted[left] : Double.POSITIVE_INFINITY;
            double dr = right < size ? sorted[right] - med : Double.POSITIVE_INFINITY;
            prev = cur;
            if (dl <= dr) {
                cur = dl;
                left--;
            } else {
                cur = dr;
                right++;
            }
        }
        return size % 2 == 1 ? cur : (prev + cur) / 2;
    }

    /** Mean of |x - median|. */
    double meanAbsDeviation() {
        double med = median();
        double sum = 0;
        for (int i = 0; i < size; i++) {
            sum += Math.abs(sorted[i] - med);
        }
        return size == 0 ? Double.NaN : sum / size;
    }
}
