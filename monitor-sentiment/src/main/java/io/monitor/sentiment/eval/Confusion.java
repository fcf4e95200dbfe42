package io.monitor.sentiment.eval;

import java.util.Locale;

/**
 * Confusion matrix of gold {@link GoldLabel}s (rows, MIXED included when present) against predicted
 * negative/neutral/positive (columns), with the usual summary measures over the three sentiment classes.
 */
public final class Confusion {

    private static final GoldLabel[] PREDICTED = {GoldLabel.NEGATIVE, GoldLabel.NEUTRAL, GoldLabel.POSITIVE};

    private final long[][] counts = new long[4][3];

    public void add(GoldLabel gold, GoldLabel predicted) {
        if (predicted == GoldLabel.MIXED) {
            throw new IllegalArgumentException("a scorer predicts negative, neutral or positive, never mixed");
        }
        counts[gold.ordinal()][predicted.ordinal()]++;
    }

    public long count(GoldLabel gold, GoldLabel predicted) {
        return counts[gold.ordinal()][predicted.ordinal()];
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) {
            for (long c : row) {
                t += c;
            }
        }
        return t;
    }

    private long correct() {
        long c = 0;
        for (int k = 0; k < 3; k++) {
            c += counts[k][k];
        }
        return c;
    }

    private long goldCount(int k) {
        long s = 0;
        for (long c : counts[k]) {
            s += c;
        }
        return s;
    }

    private long predictedCount(int k) {
        long s = 0;
        for (long[] row : counts) {
            s += row[k];
        }
        return s;
    }

    public double accuracy() {
        long t = total();
        return t == 0 ? 0 : (double) correct() / t;
    }

    public double precision(GoldLabel c) {
        long p = predictedCount(c.ordinal());
        return p == 0 ? 0 : (double) counts[c.ordinal()][c.ordinal()] / p;
    }

    public double recall(GoldLabel c) {
        long g = goldCount(c.ordinal());
        return g == 0 ? 0 : (double) counts[c.ordinal()][c.ordinal()] / g;
    }

    public double f1(GoldLabel c) {
        double p = precision(c);
        double r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Mean F1 of the classes present in gold or predictions (negative, neutral, positive). */
    public double macroF1() {
        double s = 0;
        int k = 0;
        for (GoldLabel c : PREDICTED) {
            if (goldCount(c.ordinal()) > 0 || predictedCount(c.ordinal()) > 0) {
                s += f1(c);
                k++;
            }
        }
        return k == 0 ? 0 : s / k;
    }

    /** Mean recall of the sentiment classes present in gold (SemEval-2017 4A's main measure). */
    public double macroRecall() {
        double s = 0;
        int k = 0;
        for (GoldLabel c : PREDICTED) {
            if (goldCount(c.ordinal()) > 0) {
                s += recall(c);
                k++;
            }
        }
        return k == 0 ? 0 : s / k;
    }

    /**
     * Micro-averaged F1 over all gold items (GermEval 2017's measure). With one label per item it equals
     * accuracy; gold MIXED items count as errors.
     */
    public double microF1() {
        return accuracy();
    }

    /** Mean F1 of positive and negative (SemEval's F1-PN). */
    public double f1PN() {
        return (f1(GoldLabel.POSITIVE) + f1(GoldLabel.NEGATIVE)) / 2;
    }

    /** Human-readable report: the measures, per-class precision/recall/F1, and the matrix. */
    public String format() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "n=%d  accuracy=%.4f  macro-F1=%.4f  micro-F1=%.4f  macro-recall=%.4f  F1-PN=%.4f%n",
                total(), accuracy(), macroF1(), microF1(), macroRecall(), f1PN()));
        for (GoldLabel c : PREDICTED) {
            sb.append(String.format(Locale.ROOT, "  %-8s precision=%.4f recall=%.4f F1=%.4f support=%d%n",
                    c.lower(), precision(c), recall(c), f1(c), goldCount(c.ordinal())));
        }
        sb.append("  confusion (rows gold, columns predicted):\n");
        sb.append(String.format(Locale.ROOT, "  %-10s %9s %9s %9s%n", "", "negative", "neutral", "positive"));
        for (GoldLabel g : GoldLabel.values()) {
            if (g == GoldLabel.MIXED && goldCount(g.ordinal()) == 0) {
                continue;
            }
            long[] row = counts[g.ordinal()];
            sb.append(String.format(Locale.ROOT, "  %-10s %9d %9d %9d%n", g.lower(), row[0], row[1], row[2]));
        }
        return sb.toString();
    }
}
