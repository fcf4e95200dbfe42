package io.monitor.sentiment.ml;

/** Receives the features of one text: an index into the model's feature space and a value. */
@FunctionalInterface
public interface FeatureSink {
    void add(int index, float value);
}
