package io.monitor.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NAB benchmark: {@link EnsembleDetector} with its one fixed configuration over every series of a NAB checkout,
 * scored with NAB's three profiles, per file and per category, printed beside NAB's scoreboard; then one table of the
 * detectors (the ensemble, the earlier {@link SeriesDetector} alone, and the live topology's spike rule,
 * {@link TopologyDetector}, at its best threshold and at the product's own decision); then every candidate
 * configuration of {@link NabCrossValidation} on the whole corpus (in-sample), the ablation (each component removed or
 * added), and the 2-fold check (configuration and threshold chosen on half the files, scored on the other half). Run
 * from the repository root:
 * <pre>
 * cd monitor-backtest &amp;&amp; ../mvnw -q -o org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=io.monitor.backtest.NabBench -Dexec.args=../../shared/data/nab
 * </pre>
 * The argument is a directory with NAB's {@code data/}, {@code labels/combined_windows.json} and
 * {@code config/profiles.json}; {@code --no-two-fold} after it skips the candidates, the ablation and the 2-fold check.
 * About 75 s of CPU in all on the 48 series (about 5 s per configuration); with {@code --no-two-fold} about 20 s.
 */
public final class NabBench {
    private NabBench() {
    }

    /**
     * One table of the detectors on the same files: the series detector, the topology's spike rule at its best
     * threshold per profile, and the topology's rule at the product's own decision ({@link NabBacktest#PRODUCT_THRESHOLD}).
     */
    static void compareDetectors(Path data, Path labels, List<NabScorer.Profile> ps, List<NabEvaluation.ProfileScore> series) {
        long start = System.nanoTime();
        List<NabEvaluation.Scored> topo = NabBacktest.scoreCorpus(data, labels,
                (ts, vs) -> TopologyDetector.scoreAll(ts, vs, TopologyDetector.Config.DEFAULT));
        double secs = (System.nanoTime() - start) / 1e9;
        List<NabEvaluation.ProfileScore> best = NabEvaluation.evaluate(topo, ps);
        System.out.printf(Locale.ROOT, "%nBoth detectors, %d file(s), one fixed configuration each (normalised NAB score)%n",
                topo.size());
        System.out.printf(Locale.ROOT, "  %-44s", "detector");
        ps.forEach(p -> System.out.printf(Locale.ROOT, " %20s", p.name()));
        System.out.println();
        row("series (EnsembleDetector, best threshold)", series.stream().map(NabEvaluation.ProfileScore::normalised).toList());
        List<NabEvaluation.Scored> alone = NabBacktest.scoreCorpus(data, labels,
                (ts, vs) -> SeriesDetector.scoreAll(ts, vs, SeriesDetector.Config.DEFAULT));
        row("SeriesDetector alone (the earlier default)", NabEvaluation.evaluate(alone, ps).stream()
                .map(NabEvaluation.ProfileScore::normalised).toList());
        row("topology (spike rule, best threshold)", best.stream().map(NabEvaluation.ProfileScore::normalised).toList());
        row("topology (spike rule, product decision)", ps.stream()
                .map(p -> NabEvaluation.evaluateAt(topo, p, NabBacktest.PRODUCT_THRESHOLD).normalised()).toList());
        System.out.printf(Locale.ROOT, "  (topology thresholds: %s; %.1f s)%n", String.join(", ", best.stream()
                .map(b -> String.format(Locale.ROOT, "%.4f", b.threshold())).toList()), secs);
    }

    /**
     * What each component contributes: the default, then the default with one component removed or added, all
     * in-sample at each variant's own best threshold. Reuses the candidates already scored.
     */
    static void ablation(Path data, Path labels, List<NabScorer.Profile> ps, Map<String, List<NabEvaluation.Scored>> scored) {
        EnsembleDetector.Config d = EnsembleDetector.Config.DEFAULT;
        Map<String, List<NabEvaluation.Scored>> rows = new LinkedHashMap<>();
        rows.put("default (point/level/seasonal + slow level)", scored.get("default"));
        rows.put("- slow level", scored.get("no slow level"));
        rows.put("- slow level, calibration 2000 (as before)", NabBacktest.scoreCorpus(data, labels,
                d.withWeights(0, 0, 0).withCalibration(2000, d.quantile())));
        rows.put("- time-of-day envelope", scored.get("no envelope"));
        rows.put("+ spread change (weight .5)", NabBacktest.scoreCorpus(data, labels,
                d.withWeights(d.slowWeight(), 0.5, 0)));
        rows.put("+ neighbour distance (weight .5)", NabBacktest.scoreCorpus(data, labels,
                d.withWeights(d.slowWeight(), 0, 0.5)));
        System.out.printf(Locale.ROOT, "%nAblation on all files (in-sample, each at its own best threshold)%n  %-44s", "variant");
        ps.forEach(p -> System.out.printf(Locale.ROOT, " %20s", p.name()));
        System.out.println();
        rows.forEach((name, corpus) -> row(name, NabEvaluation.evaluate(corpus, ps).stream()
                .map(NabEvaluation.ProfileScore::normalised).toList()));
    }

    private static void row(String name, List<Double> values) {
        System.out.printf(Locale.ROOT, "  %-44s", name);
        values.forEach(v -> System.out.printf(Locale.ROOT, " %20.1f", v));
        System.out.println();
    }

    public static void main(String[] args) {
        if (args.length < 1 || args.length > 2 || (args.length == 2 && !args[1].equals("--no-two-fold"))) {
            System.err.println("usage: NabBench <NAB directory with data/, labels/combined_windows.json, config/profiles.json>"
                    + " [--no-two-fold]");
            System.exit(2);
        }
        Path root = Path.of(args[0]);
        Path profiles = root.resolve("config/profiles.json");
        Path data = root.resolve("data");
        Path labels = root.resolve("labels/combined_windows.json");
        long start = System.nanoTime();
        try {
            NabBacktest.Outcome o = NabBacktest.run(data, labels, Files.exists(profiles) ? profiles : null, null, System.out);
            System.out.printf(Locale.ROOT, "%n%d series detected and scored in %.1f s%n", o.files(),
                    (System.nanoTime() - start) / 1e9);
            List<NabScorer.Profile> ps = Files.exists(profiles) ? NabData.readProfiles(profiles) : NabData.defaultProfiles();
            compareDetectors(data, labels, ps, o.scores());
            if (args.length == 2) {
                return;
            }
            Map<String, List<NabEvaluation.Scored>> scored = new LinkedHashMap<>();
            System.out.printf(Locale.ROOT, "%nCandidate configurations on all files (in-sample)%n  %-18s", "candidate");
            ps.forEach(p -> System.out.printf(Locale.ROOT, " %20s", p.name()));
            System.out.println();
            for (NabCrossValidation.Candidate c : NabCrossValidation.defaultCandidates()) {
                List<NabEvaluation.Scored> corpus = NabBacktest.scoreCorpus(data, labels, c.config());
                scored.put(c.name(), corpus);
                System.out.printf(Locale.ROOT, "  %-18s", c.name());
                NabEvaluation.evaluate(corpus, ps).forEach(s -> System.out.printf(Locale.ROOT, " %20.1f", s.normalised()));
                System.out.println();
            }
            ablation(data, labels, ps, scored);
            NabCrossValidation.print(NabCrossValidation.run(scored, ps), ps, System.out);
        } catch (BacktestException e) {
            System.err.println("bench failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
