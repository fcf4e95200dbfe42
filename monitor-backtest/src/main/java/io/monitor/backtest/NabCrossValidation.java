package io.monitor.backtest;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * How much of a NAB score is fitting: a 2-fold split of the corpus. The files (in name order) are dealt alternately to
 * fold 0 and fold 1. On one fold, each candidate configuration is scored and the best one, with its best threshold, is
 * chosen (exactly what was done on the whole corpus to pick {@link EnsembleDetector.Config#DEFAULT}); that choice is then
 * scored on the other fold, which took no part in it. The held-out score of both folds pooled is the honest figure; the
 * gap to the in-sample score is what tuning on the scored files bought.
 *
 * <p>The candidates are the default and its neighbours in the knobs that were tuned on NAB (slow-level weight and width,
 * calibration memory and quantile, episode suppression, beat cap, time-of-day envelope), so the choice on one fold is a
 * real choice.
 */
public final class NabCrossValidation {
    private NabCrossValidation() {
    }

    /** A named detector configuration to choose from. */
    public record Candidate(String name, EnsembleDetector.Config config) {
    }

    /** Per profile and fold: the configuration and threshold chosen on the training fold and its held-out score. */
    public record FoldResult(String profile, int testFold, String chosen, double threshold, double trainNormalised,
                             NabEvaluation.ProfileScore test) {
    }

    /** The default and its neighbours in every knob tuned on NAB. */
    public static List<Candidate> defaultCandidates() {
        EnsembleDetector.Config d = EnsembleDetector.Config.DEFAULT;
        SeriesDetector.Config s = d.series();
        return List.of(
                new Candidate("default", d),
                new Candidate("no slow level", d.withWeights(0, d.spreadWeight(), d.neighbourWeight())),
                new Candidate("slow weight .4", d.withWeights(0.4, d.spreadWeight(), d.neighbourWeight())),
                new Candidate("slow weight .6", d.withWeights(0.6, d.spreadWeight(), d.neighbourWeight())),
                new Candidate("slow width 200", d.withSlowWidth(200)),
                new Candidate("slow margin 1", d.withSlowMargin(1.0)),
                new Candidate("slow margin 2", d.withSlowMargin(2.0)),
                new Candidate("calibration 5000", d.withCalibration(5000, d.quantile())),
                new Candidate("calibration 20000", d.withCalibration(20_000, d.quantile())),
                new Candidate("quantile 0.98", d.withCalibration(d.calibration(), 0.98)),
                new Candidate("beat cap 8", d.withEpisodes(d.suppress(), 8.0)),
                new Candidate("suppress 100", d.withEpisodes(100, d.beatCap())),
                new Candidate("no envelope", d.withSeries(s.withoutEnvelope())));
    }

    /**
     * @param scored per candidate name, the whole corpus scored with it (same files, same order)
     * @return per profile, two fold results (test fold 0, then test fold 1)
     */
    public static List<FoldResult> run(Map<String, List<NabEvaluation.Scored>> scored, List<NabScorer.Profile> profiles) {
        if (scored.isEmpty()) {
            throw new IllegalArgumentException("no candidate to choose from");
        }
        List<FoldResult> out = new ArrayList<>();
        for (NabScorer.Profile p : profiles) {
            for (int testFold = 0; testFold < 2; testFold++) {
                String best = null;
                NabEvaluation.ProfileScore bestTrain = null;
                for (Map.Entry<String, List<NabEvaluation.Scored>> c : scored.entrySet()) {
                    NabEvaluation.ProfileScore train = NabEvaluation.evaluate(fold(c.getValue(), 1 - testFold), List.of(p)).get(0);
                    if (bestTrain == null || train.normalised() > bestTrain.normalised()) {
                        best = c.getKey();
                        bestTrain = train;
                    }
                }
                NabEvaluation.ProfileScore test = NabEvaluation.evaluateAt(fold(scored.get(best), testFold), p,
                        bestTrain.threshold());
                out.add(new FoldResult(p.name(), testFold, best, bestTrain.threshold(), bestTrain.normalised(), test));
            }
        }
        return out;
    }

    /** The files of one fold: every second file in the given (name) order, starting at {@code fold}. */
    static List<NabEvaluation.Scored> fold(List<NabEvaluation.Scored> corpus, int fold) {
        List<NabEvaluation.Scored> out = new ArrayList<>();
        for (int i = fold; i < corpus.size(); i += 2) {
            out.add(corpus.get(i));
        }
        return out;
    }

    /** The held-out score of both test folds pooled: {@code 100·(Σraw - Σnull)/(Σperfect - Σnull)}. */
    public static double pooled(List<FoldResult> results, String profile) {
        double raw = 0;
        double nul = 0;
        double perfect = 0;
        for (FoldResult r : results) {
            if (r.profile().equals(profile)) {
                raw += r.test().raw();
                nul += r.test().nullScore();
                perfect += r.test().perfect();
            }
        }
        return 100 * (raw - nul) / (perfect - nul);
    }

    static void print(List<FoldResult> results, List<NabScorer.Profile> profiles, PrintStream out) {
        out.printf(Locale.ROOT, "%n2-fold check (files alternately in fold 0 and 1; configuration and threshold chosen on one"
                + " fold, scored on the other)%n");
        out.printf(Locale.ROOT, "  %-20s %4s %-18s %10s %8s %8s%n", "profile", "test", "chosen on other", "threshold",
                "train", "held-out");
        for (FoldResult r : results) {
            out.printf(Locale.ROOT, "  %-20s %4d %-18s %10.6f %8.1f %8.1f%n", r.profile(), r.testFold(), r.chosen(),
                    r.threshold(), r.trainNormalised(), r.test().normalised());
        }
        Map<String, Double> pooled = new LinkedHashMap<>();
        for (NabScorer.Profile p : profiles) {
            pooled.put(p.name(), pooled(results, p.name()));
        }
        out.print("  held-out, both folds pooled:");
        pooled.forEach((k, v) -> out.printf(Locale.ROOT, "  %s %.1f", k, v));
        out.println();
    }
}
