package io.monitor.backtest;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code monitor backtest nab}: runs {@link SeriesDetector} online over NAB-format series, writes
 * {@code timestamp,value,anomaly_score} per row, and, given labels, prints NAB's scores per profile and per file next
 * to NAB's published scoreboard.
 */
public final class NabBacktest {
    /** NAB's scoreboard (standard profile, whole NAB corpus), for comparison. */
    public static final Map<String, Double> SCOREBOARD = scoreboard();

    private NabBacktest() {
    }

    private static Map<String, Double> scoreboard() {
        Map<String, Double> m = new java.util.LinkedHashMap<>();
        m.put("ARTime", 74.9);
        m.put("Numenta HTM", 70.5);
        m.put("CAD OSE", 69.9);
        m.put("KNN-CAD", 58.0);
        m.put("Twitter ADVec", 47.1);
        m.put("windowed Gaussian", 39.6);
        m.put("Etsy Skyline", 35.7);
        return java.util.Collections.unmodifiableMap(m);
    }

    /** What the run produced. */
    public record Outcome(int files, List<NabEvaluation.ProfileScore> scores) {
    }

    /**
     * @param data     a NAB {@code data} directory (searched recursively for {@code *.csv}) or one CSV file
     * @param labels   {@code combined_windows.json}, or null to only write scores
     * @param profiles {@code profiles.json}, or null for NAB's three profiles
     * @param outDir   where to write {@code <relative path>} result CSVs, or null to write none
     */
    public static Outcome run(Path data, Path labels, Path profiles, Path outDir, PrintStream out) {
        List<Path> files = csvFiles(data);
        if (files.isEmpty()) {
            throw new BacktestException(data + " holds no .csv file");
        }
        Map<String, List<LocalDateTime[]>> windows = labels == null ? null : NabData.readWindows(labels);
        List<NabScorer.Profile> ps = profiles == null ? NabData.defaultProfiles() : NabData.readProfiles(profiles);
        Path root = Files.isDirectory(data) ? data : data.getParent();
        List<NabEvaluation.Scored> corpus = new ArrayList<>();
        for (Path f : files) {
            String name = relative(root, f);
            NabData.Series s = NabData.readSeries(f, name);
            double[] scores = SeriesDetector.scoreAll(s.timestamps(), s.values());
            if (outDir != null) {
                NabData.writeScores(outDir.resolve(name), s, scores);
            }
            if (windows != null) {
                List<LocalDateTime[]> w = lookup(windows, name);
                if (w == null) {
                    out.println("no labels for " + name + ": written, not scored");
                } else {
                    corpus.add(new NabEvaluation.Scored(name, scores, NabData.toRows(s.timestamps(), w)));
                }
            }
        }
        if (outDir != null) {
            out.println("wrote anomaly scores of " + files.size() + " file(s) under " + outDir);
        }
        if (windows == null || corpus.isEmpty()) {
            return new Outcome(files.size(), List.of());
        }
        List<NabEvaluation.ProfileScore> scores = NabEvaluation.evaluate(corpus, ps);
        print(scores, out);
        return new Outcome(files.size(), scores);
    }

    /**
     * Scores every labelled series under {@code data} with {@code config} (files without labels are skipped), in file
     * name order: the corpus for {@link NabEvaluation} and {@link NabCrossValidation}.
     */
    public static List<NabEvaluation.Scored> scoreCorpus(Path data, Path labels, SeriesDetector.Config config) {
        Map<String, List<LocalDateTime[]>> windows = NabData.readWindows(labels);
        Path root = Files.isDirectory(data) ? data : data.getParent();
        List<NabEvaluation.Scored> corpus = new ArrayList<>();
        for (Path f : csvFiles(data)) {
            String name = relative(root, f);
            List<LocalDateTime[]> w = lookup(windows, name);
            if (w != null) {
                NabData.Series s = NabData.readSeries(f, name);
                corpus.add(new NabEvaluation.Scored(name, SeriesDetector.scoreAll(s.timestamps(), s.values(), config),
                        NabData.toRows(s.timestamps(), w)));
            }
        }
        return corpus;
    }

    static void print(List<NabEvaluation.ProfileScore> scores, PrintStream out) {
        NabEvaluation.ProfileScore first = scores.get(0);
        out.printf(Locale.ROOT, "%nNAB score per file (profile %s, threshold %.6f)%n", first.profile().name(), first.threshold());
        out.printf(Locale.ROOT, "  %-58s %7s %3s %3s %8s %10s%n", "file", "windows", "tp", "fp", "raw", "normalised");
        out.println("  (tp, fp: detected rows inside / outside the windows, after the probationary period)");
        for (NabEvaluation.FileScore f : first.files()) {
            out.printf(Locale.ROOT, "  %-58s %7d %3d %3d %8.3f %10s%n", f.name(), f.windows(), f.tp(), f.fp(), f.raw(),
                    Double.isNaN(f.normalised()) ? "-" : String.format(Locale.ROOT, "%.1f", f.normalised()));
        }
        out.printf(Locale.ROOT, "%nNAB score over %d file(s), one fixed detector configuration%n", first.files().size());
        out.printf(Locale.ROOT, "  %-20s %10s %9s %9s %9s %10s%n", "profile", "threshold", "raw", "null", "perfect", "normalised");
        for (NabEvaluation.ProfileScore p : scores) {
            out.printf(Locale.ROOT, "  %-20s %10.6f %9.3f %9.3f %9.3f %10.1f%n", p.profile().name(), p.threshold(), p.raw(),
                    p.nullScore(), p.perfect(), p.normalised());
        }
        out.println("NAB scoreboard (standard profile, whole NAB corpus incl. realTweets):");
        SCOREBOARD.forEach((k, v) -> out.printf(Locale.ROOT, "  %-20s %5.1f%n", k, v));
    }

    static List<Path> csvFiles(Path data) {
        if (!Files.exists(data)) {
            throw new BacktestException(data + " does not exist");
        }
        if (!Files.isDirectory(data)) {
            return List.of(data);
        }
        try (Stream<Path> s = Files.walk(data)) {
            return s.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().endsWith(".csv")).sorted().toList();
        } catch (IOException e) {
            throw new BacktestException("cannot list " + data + ": " + e.getMessage());
        }
    }

    static String relative(Path root, Path file) {
        return root.relativize(file).toString().replace('\\', '/');
    }

    /** Labels are keyed by path relative to NAB's data directory; a lone file matches by its trailing path. */
    static List<LocalDateTime[]> lookup(Map<String, List<LocalDateTime[]>> windows, String name) {
        List<LocalDateTime[]> w = windows.get(name);
        if (w != null) {
            return w;
        }
        for (Map.Entry<String, List<LocalDateTime[]>> e : windows.entrySet()) {
            if (e.getKey().endsWith("/" + name) || name.endsWith("/" + e.getKey())) {
                return e.getValue();
            }
        }
        return null;
    }
}
