package io.monitor.sentiment.ml;

/**
 * Collects the features of one text in order, so that {@link LinearModel.Logits#addAll} can sum them in one tight
 * loop. Reused: {@link #clear} before each text. Not thread-safe; keep one per thread.
 */
public final class FeatureBuffer implements FeatureSink {

    int[] index = new int[512];
    float[] value = new float[512];
    int size;

    @Override
    public void add(int i, float v) {
        if (size == index.length) {
            index = java.util.Arrays.copyOf(index, size * 2);
            value = java.util.Arrays.copyOf(value, size * 2);
        }
        index[size] = i;
        value[size] = v;
        size++;
    }

    /** Forgets the features of the previous text. */
    public void clear() {
        size = 0;
    }

    /** Number of features collected since {@link #clear}. */
    public int size() {
        return size;
    }
}
