package io.monitor.sentiment.ml;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Multinomial logistic regression over {@link FeatureExtractor} features: 3 classes (negative, neutral, positive
 * in {@link io.monitor.core.model.Sentiment.Label} order), one weight per (feature, class). Immutable once trained;
 * {@link #logits} is thread-safe.
 *
 * <p>Stored as gzip: magic "MSLM", format version, hash bits, char-gram flag, then the weights as 16-bit
 * fixed-point values with one float scale (halves the file; the rounding error is far below what changes a label).
 */
public final class LinearModel {

    public static final int CLASSES = 3;
    private static final int MAGIC = 0x4D534C4D; // "MSLM"
    private static final int VERSION = 1;

    private final FeatureExtractor extractor;
    final float[] weights;

    public LinearModel(FeatureExtractor extractor, float[] weights) {
        if (weights.length != extractor.dimension() * CLASSES) {
            throw new IllegalArgumentException("expected " + extractor.dimension() * CLASSES + " weights, got " + weights.length);
        }
        this.extractor = extractor;
        this.weights = weights;
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** Heap size of the weights in bytes. */
    public long weightBytes() {
        return weights.length * 4L;
    }

    /** A sink that accumulates the logits of one text; allocate one per text. */
    public final class Logits implements FeatureSink {
        public float negative;
        public float neutral;
        public float positive;

        @Override
        public void add(int index, float value) {
            int base = index * CLASSES;
            negative += weights[base] * value;
            neutral += weights[base + 1] * value;
            positive += weights[base + 2] * value;
        }
    }

    public Logits logits() {
        return new Logits();
    }

    public void write(OutputStream out) throws IOException {
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, Math.abs(w));
        }
        float scale = max == 0 ? 1 : max / Short.MAX_VALUE;
        try (DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(new GZIPOutputStream(out), 1 << 16))) {
            data.writeInt(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(extractor.bits());
            data.writeBoolean(extractor.charGrams());
            data.writeInt(weights.length);
            data.writeFloat(scale);
            for (float w : weights) {
                data.writeShort(Math.round(w / scale));
            }
        }
    }

    public static LinearModel read(InputStream in) throws IOException {
        try (DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(in), 1 << 16))) {
            if (data.readInt() != MAGIC) {
                throw new IOException("not a sentiment model file (bad magic)");
            }
            int version = data.readInt();
            if (version != VERSION) {
                throw new IOException("sentiment model format version " + version + " is not supported (expected " + VERSION + ")");
            }
            FeatureExtractor extractor = new FeatureExtractor(data.readInt(), data.readBoolean());
            int n = data.readInt();
            float scale = data.readFloat();
            float[] weights = new float[n];
            for (int i = 0; i < n; i++) {
                weights[i] = data.readShort() * scale;
            }
            return new LinearModel(extractor, weights);
        }
    }
}
