package io.monitor.sentiment.train;

import io.monitor.sentiment.ml.FeatureExtractor;
import io.monitor.sentiment.ml.LinearModel;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link LinearModel}: softmax cross-entropy, AdaGrad, L2 on the weights an example touches, a fixed
 * shuffling seed (the same data gives the same weights).
 */
public final class Trainer {

    /** The features of one example, extracted once. */
    public record Instance(int[] index, float[] value, int label, float weight) {}

    /** Collects the features of one text into arrays. */
    public static final class Collector implements io.monitor.sentiment.ml.FeatureSink {
        private int[] index = new int[256];
        private float[] value = new float[256];
        private int size;

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

        public Instance toInstance(int label, float weight) {
            return new Instance(java.util.Arrays.copyOf(index, size), java.util.Arrays.copyOf(value, size), label, weight);
        }
    }

    private final double learningRate;
    private final double l2;
    private final int epochs;
    private final long seed;

    public Trainer(double learningRate, double l2, int epochs, long seed) {
        this.learningRate = learningRate;
        this.l2 = l2;
        this.epochs = epochs;
        this.seed = seed;
    }

    public LinearModel train(FeatureExtractor extractor, List<Instance> data) {
        int classes = LinearModel.CLASSES;
        float[] w = new float[extractor.dimension() * classes];
        float[] g2 = new float[w.length];
        List<Instance> order = new ArrayList<>(data);
        Random random = new Random(seed);
        double[] p = new double[classes];
        for (int epoch = 0; epoch < epochs; epoch++) {
            java.util.Collections.shuffle(order, random);
            double lr = learningRate;
            for (Instance x : order) {
                double max = Double.NEGATIVE_INFINITY;
                for (int c = 0; c < classes; c++) {
                    double s = 0;
                    for (int k = 0; k < x.index().length; k++) {
                        s += w[x.index()[k] * classes + c] * x.value()[k];
                    }
                    p[c] = s;
                    max = Math.max(max, s);
                }
                double sum = 0;
                for (int c = 0; c < classes; c++) {
                    p[c] = Math.exp(p[c] - max);
                    sum += p[c];
                }
                for (int c = 0; c < classes; c++) {
                    double gradC = (p[c] / sum - (c == x.label() ? 1 : 0)) * x.weight();
                    for (int k = 0; k < x.index().length; k++) {
                        int i = x.index()[k] * classes + c;
                        double grad = gradC * x.value()[k] + l2 * w[i];
                        g2[i] += (float) (grad * grad);
                        w[i] -= (float) (lr * grad / Math.sqrt(g2[i] + 1e-8));
                    }
                }
            }
        }
        return new LinearModel(extractor, w);
    }
}
