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
 * {@code monitor backtest nab}: runs {@link EnsembleDetector} (or, with {@code --detector topology}, the live topology's
 * spike rule, {@link TopologyDetector}) online over NAB-format series, writes
 * {@code timestamp,value,anomaly_score} per row, and, given labels, prints NAB's scores per profile and per file next
 * to NAB's published scoreboard.
 */
public final class NabBacktest {
    /** The {@link TopologyDetector} score threshold that reproduces the product's alerting (an incident opened). */
    public static final double PRODUCT_THRESHOLD = 0.5;

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

    /** Which detector scores the rows ({@code --detector}). */
    public enum Detector {
        /** {@link EnsembleDetector}, the backtest's own general-purpose series detector (the default). */
        SERIES,
        /** {@link TopologyDetector}: the live topology's volume-spike rule from monitor-streams. */
        TOPOLOGY;

        public double[] scoreAll(List<LocalDateTime> timestamps, double[] values) {
            return this == SERIES ? EnsembleDetector.scoreAll(timestamps, values) : TopologyDetector.scoreAll(timestamps, values);
        }

        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }

        /** Parses a {@code --detector} value; an unknown one is an {@link IllegalArgumentException} naming the flag. */
        public static Detector parse(String s) {
            for (Detector d : values()) {
                if (d.label().equals(s)) {
                    return d;
                }
            }
            throw new IllegalArgumentException("--detector must be series or topology, not '" + s + "'");
        }
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
        return run(data, labels, profiles, outDir, Detector.SERIES, out);
    }

    /** Like {@link #run(Path, Path, Path, Path, PrintStream)} with the given detector. */
    public static Outcome run(Path data, Path labels, Path profiles, Path outDir, Detector detector, PrintStream out) {
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
            double[] scores;
            if (detector == Detector.TOPOLOGY) {
                // The product's numbers beside the score: the count the row became, the rule's decision, its
                // p-value, and whether the product would open an incident (notify) there.
                List<TopologyDetector.Result> rs = TopologyDetector.runAll(s.timestamps(), s.values(),
                        TopologyDetector.Config.DEFAULT);
                scores = rs.stream().mapToDouble(TopologyDetector.Result::score).toArray();
                if (outDir != null) {
                    NabData.writeScores(outDir.resolve(name), s, scores, ",count,spike,p_value,incident_opened", i -> {
                        TopologyDetector.Result r = rs.get(i);
                        return "," + r.count() + "," + r.spike() + ","
                                + (r.decision() == null ? "" : Double.toString(r.decision().pValue())) + "," + r.opened();
                    });
                }
            } else {
                scores = detector.scoreAll(s.timestamps(), s.values());
                if (outDir != null) {
                    NabData.writeScores(outDir.resolve(name), s, scores);
                }
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
        out.println("detector: " + detector.label());
        print(scores, out);
        if (detector == Detector.TOPOLOGY) {
            out.printf(Locale.ROOT, "At the product's own decision (threshold %.2f: exactly the rows where the product opens an incident):%n",
                    PRODUCT_THRESHOLD);
            for (NabScorer.Profile p : ps) {
                out.printf(Locale.ROOT, "  %-20s %10.1f%n", p.name(), NabEvaluation.evaluateAt(corpus, p, PRODUCT_THRESHOLD)
                        .normalised());
            }
        }
        return new Outcome(files.size(), scores);
    }

    /**
     * Scores every labelled series under {@code data} with {@code config} (files without labels are skipped), in file
     * name order: the corpus for {@link NabEvaluation} and {@link NabCrossValidation}.
     */
    public static List<NabEvaluation.Scored> scoreCorpus(Path data, Path labels, EnsembleDetector.Config config) {
        return scoreCorpus(data, labels, (ts, vs) -> EnsembleDetector.scoreAll(ts, vs, config));
    }

    /** Like {@link #scoreCorpus(Path, Path, EnsembleDetector.Config)} for any online scorer of a whole series. */
    public static List<NabEvaluation.Scored> scoreCorpus(Path data, Path labels,
                                                         java.util.function.BiFunction<List<LocalDateTime>, double[], double[]> scorer) {
        Map<String, List<LocalDateTime[]>> windows = NabData.readWindows(labels);
        Path root = Files.isDirectory(data) ? data : data.getParent();
        List<NabEvaluation.Scored> corpus = new ArrayList<>();
        for (Path f : csvFiles(data)) {
            String name = relative(root, f);
            List<LocalDateTime[]> w = lookup(windows, name);
            if (w != null) {
                NabData.Series s = NabData.readSeries(f, name);
                corpus.add(new NabEvaluation.Scored(name, scorer.apply(s.timestamps(), s.values()),
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
        printCategories(first, out);
        out.printf(Locale.ROOT, "%nNAB score over %d file(s), one fixed detector configuration%n", first.files().size());
        out.printf(Locale.ROOT, "  %-20s %10s %9s %9s %9s %10s%n", "profile", "threshold", "raw", "null", "perfect", "normalised");
        for (NabEvaluation.ProfileScore p : scores) {
            out.printf(Locale.ROOT, "  %-20s %10.6f %9.3f %9.3f %9.3f %10.1f%n", p.profile().name(), p.threshold(), p.raw(),
                    p.nullScore(), p.perfect(), p.normalised());
        }
        out.println("NAB scoreboard (standard profile, whole NAB corpus incl. realTweets):");
        SCOREBOARD.forEach((k, v) -> out.printf(Locale.ROOT, "  %-20s %5.1f%n", k, v));
    }

    /**
     * Per NAB category (the first directory of a file's relative path; "-" for files at the top): files, windows,
     * detected and missed windows, false-positive rows, raw and normalised score, at the profile's corpus threshold.
     */
    static void printCategories(NabEvaluation.ProfileScore p, PrintStream out) {
        Map<String, double[]> cats = new java.util.TreeMap<>();
        for (NabEvaluation.FileScore f : p.files()) {
            int slash = f.name().indexOf('/');
            double[] c = cats.computeIfAbsent(slash < 0 ? "-" : f.name().substring(0, slash), k -> new double[7]);
            c[0]++;
            c[1] += f.scorable();
            c[2] += f.detected();
            c[3] += f.fp();
            c[4] += f.raw();
            c[5] += f.nullScore();
            c[6] += f.perfect();
        }
        out.printf(Locale.ROOT, "%nNAB score per category (profile %s, same threshold)%n", p.profile().name());
        out.printf(Locale.ROOT, "  %-24s %5s %7s %8s %6s %6s %8s %10s%n", "category", "files", "windows", "detected", "missed",
                "fp", "raw", "normalised");
        for (Map.Entry<String, double[]> e : cats.entrySet()) {
            double[] c = e.getValue();
            double norm = c[6] == c[5] ? Double.NaN : 100 * (c[4] - c[5]) / (c[6] - c[5]);
            out.printf(Locale.ROOT, "  %-24s %5.0f %7.0f %8.0f %6.0f %6.0f %8.3f %10s%n", e.getKey(), c[0], c[1], c[2],
                    c[1] - c[2], c[3], c[4], Double.isNaN(norm) ? "-" : String.format(Locale.ROOT, "%.1f", norm));
        }
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
