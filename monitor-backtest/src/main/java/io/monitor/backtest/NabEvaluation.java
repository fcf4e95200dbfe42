package io.monitor.backtest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * NAB's corpus score for one detector: per profile, the threshold that maximises the raw score summed over all
 * series, the raw score per series at that threshold, and the normalised score
 * {@code 100·(raw - null)/(perfect - null)} over the corpus.
 */
public final class NabEvaluation {
    private NabEvaluation() {
    }

    /** One scored series: its name, anomaly scores and labelled windows (as rows). */
    public record Scored(String name, double[] scores, List<NabScorer.Window> windows) {
    }

    /**
     * A series' share of the corpus score.
     *
     * @param windows  labelled windows
     * @param scorable windows with at least one row after the probationary period
     * @param detected scorable windows with at least one detection
     * @param tp       detected rows inside windows (after the probationary period)
     * @param fp       detected rows outside windows (after the probationary period)
     */
    public record FileScore(String name, int windows, int scorable, int detected, double raw, double nullScore,
                            double perfect, int tp, int fp) {
        /** The series' own normalised score (NaN when it has no scorable window: perfect equals null). */
        public double normalised() {
            return perfect == nullScore ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
        }
    }

    /** The corpus score of one profile. */
    public record ProfileScore(NabScorer.Profile profile, double threshold, double raw, double nullScore, double perfect,
                               List<FileScore> files) {
        public double normalised() {
            return perfect == nullScore ? Double.NaN : 100 * (raw - nullScore) / (perfect - nullScore);
        }
    }

    public static List<ProfileScore> evaluate(List<Scored> corpus, List<NabScorer.Profile> profiles) {
        List<ProfileScore> out = new ArrayList<>();
        for (NabScorer.Profile p : profiles) {
            Map<String, List<NabScorer.Point>> points = new LinkedHashMap<>();
            List<NabScorer.Point> all = new ArrayList<>();
            for (Scored s : corpus) {
                List<NabScorer.Point> pts = NabScorer.sweep(s.name(), s.scores(), s.windows(), p);
                points.put(s.name(), pts);
                all.addAll(pts);
            }
            double threshold = NabScorer.bestThreshold(all, p).threshold();
            out.add(scoreAt(corpus, points, p, threshold));
        }
        return out;
    }

    /** The corpus score of one profile at a given threshold (one chosen elsewhere, e.g. on other files). */
    public static ProfileScore evaluateAt(List<Scored> corpus, NabScorer.Profile p, double threshold) {
        Map<String, List<NabScorer.Point>> points = new LinkedHashMap<>();
        for (Scored s : corpus) {
            points.put(s.name(), NabScorer.sweep(s.name(), s.scores(), s.windows(), p));
        }
        return scoreAt(corpus, points, p, threshold);
    }

    private static ProfileScore scoreAt(List<Scored> corpus, Map<String, List<NabScorer.Point>> points, NabScorer.Profile p,
                                        double threshold) {
        List<FileScore> files = new ArrayList<>();
        double raw = 0;
        double nul = 0;
        double perfect = 0;
        for (Scored s : corpus) {
            List<NabScorer.Point> pts = points.get(s.name());
            NabScorer.ThresholdScore at = NabScorer.scoreAt(pts, threshold, p);
            double n = -p.fnWeight() * NabScorer.scorableWindows(pts);
            double perf = p.tpWeight() * s.windows().size();
            java.util.Set<String> hit = new java.util.HashSet<>();
            for (NabScorer.Point pt : pts) {
                if (pt.window() != null && !NabScorer.PROBATION.equals(pt.window()) && pt.anomalyScore() >= threshold) {
                    hit.add(pt.window());
                }
            }
            files.add(new FileScore(s.name(), s.windows().size(), NabScorer.scorableWindows(pts), hit.size(), at.score(), n,
                    perf, at.tp(), at.fp()));
            raw += at.score();
            nul += n;
            perfect += perf;
        }
        return new ProfileScore(p, threshold, raw, nul, perfect, files);
    }
}
