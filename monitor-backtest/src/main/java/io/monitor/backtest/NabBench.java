package io.monitor.backtest;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The NAB benchmark: {@link SeriesDetector} with its one fixed configuration over every series of a NAB checkout, scored
 * with NAB's three profiles, printed beside NAB's scoreboard; then every candidate configuration of
 * {@link NabCrossValidation} on the whole corpus (in-sample; the detector before the time-of-day envelope is
 * "no envelope" with beat cap 2: 59.4 / 50.1 / 64.1) and the 2-fold check (chosen on half the files, scored on the
 * other half). Run from the repository root:
 * <pre>
 * cd monitor-backtest &amp;&amp; ../mvnw -q -o org.codehaus.mojo:exec-maven-plugin:3.5.0:java \
 *     -Dexec.mainClass=io.monitor.backtest.NabBench -Dexec.args=../../shared/data/nab
 * </pre>
 * The argument is a directory with NAB's {@code data/}, {@code labels/combined_windows.json} and
 * {@code config/profiles.json}; {@code --no-two-fold} after it skips the candidates and the 2-fold check.
 */
public final class NabBench {
    private NabBench() {
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
            if (args.length == 2) {
                return;
            }
            List<NabScorer.Profile> ps = Files.exists(profiles) ? NabData.readProfiles(profiles) : NabData.defaultProfiles();
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
            NabCrossValidation.print(NabCrossValidation.run(scored, ps), ps, System.out);
        } catch (BacktestException e) {
            System.err.println("bench failed: " + e.getMessage());
            System.exit(1);
        }
    }
}
