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
 * fixed-point values with one float scale (halves the file; the rounding error is far below what changes a label),
 * then (version 2) one {@link RuleGate} per language group.
 */
public final class LinearModel {

    public static final int CLASSES = 3;
    private static final int MAGIC = 0x4D534C4D; // "MSLM"
    /** Version 2 appends one {@link RuleGate} per language group; version 1 files read with the gates off. */
    private static final int VERSION = 2;

    private final FeatureExtractor extractor;
    /** Weights of a model built in memory (training); null for a model read from a file. */
    final float[] weights;
    /**
     * Weights of a model read from a file, as stored: 16-bit fixed point, weight = {@code quantized[i] * scale}.
     * Kept that way (not expanded to floats) because scoring is bound by cache misses on this array: 2 bytes per
     * weight halve them (the bundled model's 3.1 MB of floats do not fit a 2 MB L2 cache, its 1.6 MB of shorts do).
     * The product {@code quantized[i] * scale} is the same float that expanding on load gave, so scores are
     * bit-identical.
     */
    private final short[] quantized;
    private final float scale;
    private final RuleGate[] gates;

    public LinearModel(FeatureExtractor extractor, float[] weights) {
        this(extractor, weights, new RuleGate[] {RuleGate.OFF, RuleGate.OFF, RuleGate.OFF});
    }

    /** @param gates one per language group ({@link FeatureExtractor#GROUPS}) */
    public LinearModel(FeatureExtractor extractor, float[] weights, RuleGate[] gates) {
        if (weights.length != extractor.dimension() * CLASSES) {
            throw new IllegalArgumentException("expected " + extractor.dimension() * CLASSES + " weights, got " + weights.length);
        }
        if (gates.length != FeatureExtractor.GROUPS) {
            throw new IllegalArgumentException("expected " + FeatureExtractor.GROUPS + " gates, got " + gates.length);
        }
        this.extractor = extractor;
        this.weights = weights;
        this.quantized = null;
        this.scale = 0f;
        this.gates = gates.clone();
    }

    private LinearModel(FeatureExtractor extractor, short[] quantized, float scale, RuleGate[] gates) {
        if (quantized.length != extractor.dimension() * CLASSES) {
            throw new IllegalArgumentException("expected " + extractor.dimension() * CLASSES + " weights, got " + quantized.length);
        }
        if (gates.length != FeatureExtractor.GROUPS) {
            throw new IllegalArgumentException("expected " + FeatureExtractor.GROUPS + " gates, got " + gates.length);
        }
        this.extractor = extractor;
        this.weights = null;
        this.quantized = quantized;
        this.scale = scale;
        this.gates = gates.clone();
    }

    /** The same weights with other gates. */
    public LinearModel withGates(RuleGate[] gates) {
        return weights != null ? new LinearModel(extractor, weights, gates) : new LinearModel(extractor, quantized, scale, gates);
    }

    /** Weight {@code i} ({@code feature * CLASSES + class}). */
    public float weight(int i) {
        return weights != null ? weights[i] : quantized[i] * scale;
    }

    /** Number of weights: {@code extractor().dimension() * CLASSES}. */
    public int size() {
        return weights != null ? weights.length : quantized.length;
    }

    /** The rule gate of a language group. */
    public RuleGate gate(int group) {
        return gates[group];
    }

    public FeatureExtractor extractor() {
        return extractor;
    }

    /** Heap size of the weights in bytes. */
    public long weightBytes() {
        return weights != null ? weights.length * 4L : quantized.length * 2L;
    }

    /** A sink that accumulates the logits of one text; allocate one per text. */
    public final class Logits implements FeatureSink {
        public float negative;
        public float neutral;
        public float positive;

        @Override
        public void add(int index, float value) {
            int base = index * CLASSES;
            if (weights != null) {
                negative += weights[base] * value;
                neutral += weights[base + 1] * value;
                positive += weights[base + 2] * value;
            } else {
                negative += quantized[base] * scale * value;
                neutral += quantized[base + 1] * scale * value;
                positive += quantized[base + 2] * scale * value;
            }
        }

        /**
         * Adds all features of {@code features}, in their order: the same sums as calling {@link #add} for each
         * (float addition is not associative, so the order is kept), but with the three sums in registers and the
         * weight loads of many features in flight at once instead of one feature's after another's.
         */
        public void addAll(FeatureBuffer features) {
            int[] index = features.index;
            float[] value = features.value;
            int n = features.size;
            float neg = negative;
            float neu = neutral;
            float pos = positive;
            if (weights != null) {
                float[] w = weights;
                for (int i = 0; i < n; i++) {
                    int base = index[i] * CLASSES;
                    float v = value[i];
                    neg += w[base] * v;
                    neu += w[base + 1] * v;
                    pos += w[base + 2] * v;
                }
            } else {
                short[] q = quantized;
                float s = scale;
                for (int i = 0; i < n; i++) {
                    int base = index[i] * CLASSES;
                    float v = value[i];
                    neg += q[base] * s * v;
                    neu += q[base + 1] * s * v;
                    pos += q[base + 2] * s * v;
                }
            }
            negative = neg;
            neutral = neu;
            positive = pos;
        }
    }

    public Logits logits() {
        return new Logits();
    }

    public void write(OutputStream out) throws IOException {
        if (quantized != null) {
            write(out, quantized, scale);
            return;
        }
        float max = 0;
        for (float w : weights) {
            max = Math.max(max, Math.abs(w));
        }
        float scale = max == 0 ? 1 : max / Short.MAX_VALUE;
        short[] q = new short[weights.length];
        for (int i = 0; i < q.length; i++) {
            q[i] = (short) Math.round(weights[i] / scale);
        }
        write(out, q, scale);
    }

    private void write(OutputStream out, short[] q, float scale) throws IOException {
        try (DataOutputStream data = new DataOutputStream(new java.io.BufferedOutputStream(new GZIPOutputStream(out), 1 << 16))) {
            data.writeInt(MAGIC);
            data.writeInt(VERSION);
            data.writeInt(extractor.bits());
            data.writeBoolean(extractor.charGrams());
            data.writeInt(q.length);
            data.writeFloat(scale);
            for (short w : q) {
                data.writeShort(w);
            }
            for (RuleGate g : gates) {
                data.writeInt(g.maxWords());
                data.writeFloat(g.positiveThreshold());
                data.writeFloat(g.negativeThreshold());
                data.writeFloat(g.negatedThreshold());
                data.writeFloat(g.bonus());
                data.writeFloat(g.maxConfidence());
            }
        }
    }

    public static LinearModel read(InputStream in) throws IOException {
        try (DataInputStream data = new DataInputStream(new java.io.BufferedInputStream(new GZIPInputStream(in), 1 << 16))) {
            if (data.readInt() != MAGIC) {
                throw new IOException("not a sentiment model file (bad magic)");
            }
            int version = data.readInt();
            if (version != 1 && version != VERSION) {
                throw new IOException("sentiment model format version " + version + " is not supported (expected " + VERSION + ")");
            }
            FeatureExtractor extractor = new FeatureExtractor(data.readInt(), data.readBoolean());
            int n = data.readInt();
            float scale = data.readFloat();
            short[] quantized = new short[n];
            for (int i = 0; i < n; i++) {
                quantized[i] = data.readShort();
            }
            RuleGate[] gates = new RuleGate[FeatureExtractor.GROUPS];
            for (int g = 0; g < gates.length; g++) {
                gates[g] = version == 1 ? RuleGate.OFF
                        : new RuleGate(data.readInt(), data.readFloat(), data.readFloat(), data.readFloat(), data.readFloat(), data.readFloat());
            }
            return new LinearModel(extractor, quantized, scale, gates);
        }
    }
}
