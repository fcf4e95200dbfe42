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
    final float[] weights;
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
        this.gates = gates.clone();
    }

    /** The same weights with other gates. */
    public LinearModel withGates(RuleGate[] gates) {
        return new LinearModel(extractor, weights, gates);
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
            float[] weights = new float[n];
            for (int i = 0; i < n; i++) {
                weights[i] = data.readShort() * scale;
            }
            RuleGate[] gates = new RuleGate[FeatureExtractor.GROUPS];
            for (int g = 0; g < gates.length; g++) {
                gates[g] = version == 1 ? RuleGate.OFF
                        : new RuleGate(data.readInt(), data.readFloat(), data.readFloat(), data.readFloat(), data.readFloat(), data.readFloat());
            }
            return new LinearModel(extractor, weights, gates);
        }
    }
}
