package io.monitor.backtest;

import com.fasterxml.jackson.databind.JsonNode;
import io.monitor.core.json.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Reading and writing NAB's file formats: series CSVs ({@code timestamp,value}), labels
 * ({@code combined_windows.json}: relative file path → list of {@code [start, end]} timestamps) and profiles
 * ({@code profiles.json}: name → {@code CostMatrix}). Problems are {@link BacktestException}s that name the file,
 * line and what to fix.
 */
public final class NabData {
    /** NAB's timestamps: {@code 2014-02-19 10:50:00}, windows with {@code .000000}; ISO {@code T} also accepted. */
    static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
            .appendPattern("yyyy-MM-dd")
            .optionalStart().appendLiteral(' ').optionalEnd()
            .optionalStart().appendLiteral('T').optionalEnd()
            .appendPattern("HH:mm")
            .optionalStart().appendPattern(":ss").optionalEnd()
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd()
            .optionalStart().appendLiteral('Z').optionalEnd()
            .toFormatter(Locale.ROOT);
    static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss", Locale.ROOT);

    private NabData() {
    }

    /** One series: timestamps in file order and their values. */
    public record Series(String name, List<LocalDateTime> timestamps, double[] values) {
        public int size() {
            return values.length;
        }
    }

    public static LocalDateTime parseTimestamp(String text) {
        return LocalDateTime.parse(text.trim(), TIMESTAMP);
    }

    /** Reads a {@code timestamp,value[,...]} CSV with a header row. */
    public static Series readSeries(Path file, String name) {
        List<LocalDateTime> ts = new ArrayList<>();
        List<Double> vs = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.trim().toLowerCase(Locale.ROOT).startsWith("timestamp,value")) {
                throw new BacktestException(file + ": line 1 must be the header 'timestamp,value', found '" + header + "'");
            }
            String line;
            int n = 1;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) {
                    continue;
                }
                String[] cols = line.split(",", -1);
                if (cols.length < 2) {
                    throw new BacktestException(file + ": line " + n + " has no value column: '" + line + "'");
                }
                LocalDateTime t;
                double v;
                try {
                    t = parseTimestamp(cols[0]);
                } catch (DateTimeParseException e) {
                    throw new BacktestException(file + ": line " + n + ": '" + cols[0]
                            + "' is not a timestamp like 2014-02-19 10:50:00");
                }
                try {
                    v = Double.parseDouble(cols[1].trim());
                } catch (NumberFormatException e) {
                    throw new BacktestException(file + ": line " + n + ": '" + cols[1] + "' is not a number");
                }
                // Out-of-order rows are kept in file order, as NAB does (its machine_temperature file has one).
                ts.add(t);
                vs.add(v);
            }
        } catch (IOException e) {
            throw new BacktestException("cannot read " + file + ": " + e.getMessage());
        }
        double[] values = new double[vs.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = vs.get(i);
        }
        return new Series(name, List.copyOf(ts), values);
    }

    /** Writes {@code timestamp,value,anomaly_score} (NAB's results format, without the label column). */
    public static void writeScores(Path file, Series s, double[] scores) {
        writeScores(file, s, scores, "", i -> "");
    }

    /**
     * Like {@link #writeScores(Path, Series, double[])} with extra columns after the score: {@code extraHeader} starts
     * with a comma, {@code extra} gives row i's cells, also starting with a comma.
     */
    public static void writeScores(Path file, Series s, double[] scores, String extraHeader,
                                   java.util.function.IntFunction<String> extra) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (PrintStream out = new PrintStream(Files.newOutputStream(file), false, StandardCharsets.UTF_8)) {
                out.println("timestamp,value,anomaly_score" + extraHeader);
                for (int i = 0; i < s.size(); i++) {
                    out.println(OUT.format(s.timestamps().get(i)) + "," + trim(s.values()[i]) + "," + scores[i] + extra.apply(i));
                }
            }
        } catch (IOException e) {
            throw new BacktestException("cannot write " + file + ": " + e.getMessage());
        }
    }

    private static String trim(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /** Windows per relative file path, as timestamps. */
    public static Map<String, List<LocalDateTime[]>> readWindows(Path file) {
        JsonNode root = readJson(file);
        if (!root.isObject()) {
            throw new BacktestException(file + ": expected an object of file path → list of [start, end] windows");
        }
        Map<String, List<LocalDateTime[]>> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            if (!e.getValue().isArray()) {
                throw new BacktestException(file + ": " + e.getKey() + " must map to a list of [start, end] windows");
            }
            List<LocalDateTime[]> ws = new ArrayList<>();
            for (JsonNode w : e.getValue()) {
                if (!w.isArray() || w.size() != 2) {
                    throw new BacktestException(file + ": " + e.getKey() + ": a window must be [start, end], found " + w);
                }
                try {
                    ws.add(new LocalDateTime[] {parseTimestamp(w.get(0).asText()), parseTimestamp(w.get(1).asText())});
                } catch (DateTimeParseException ex) {
                    throw new BacktestException(file + ": " + e.getKey() + ": bad timestamp in window " + w);
                }
            }
            out.put(e.getKey(), ws);
        }
        return out;
    }

    /** Profiles by name, in file order. */
    public static List<NabScorer.Profile> readProfiles(Path file) {
        JsonNode root = readJson(file);
        List<NabScorer.Profile> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : root.properties()) {
            JsonNode m = e.getValue().path("CostMatrix");
            for (String k : List.of("tpWeight", "fpWeight", "fnWeight")) {
                if (!m.path(k).isNumber()) {
                    throw new BacktestException(file + ": profile " + e.getKey() + " needs a numeric CostMatrix." + k);
                }
            }
            out.add(new NabScorer.Profile(e.getKey(), m.get("tpWeight").asDouble(), m.get("fpWeight").asDouble(),
                    m.get("fnWeight").asDouble()));
        }
        if (out.isEmpty()) {
            throw new BacktestException(file + ": no profile found (expected {\"standard\": {\"CostMatrix\": {...}}, ...})");
        }
        return out;
    }

    /** NAB's three profiles (its {@code config/profiles.json}). */
    public static List<NabScorer.Profile> defaultProfiles() {
        return List.of(new NabScorer.Profile("standard", 1.0, 0.11, 1.0),
                new NabScorer.Profile("reward_low_FP_rate", 1.0, 0.22, 1.0),
                new NabScorer.Profile("reward_low_FN_rate", 1.0, 0.11, 2.0));
    }

    /**
     * Windows as row indices: a window starts at the first row at or after its start and ends at the last row at or
     * before its end (NAB's labels are aligned to rows, where this is an exact match). Windows with no row are dropped.
     */
    public static List<NabScorer.Window> toRows(List<LocalDateTime> timestamps, List<LocalDateTime[]> windows) {
        List<NabScorer.Window> out = new ArrayList<>();
        for (LocalDateTime[] w : windows) {
            int start = -1;
            int end = -1;
            for (int i = 0; i < timestamps.size(); i++) {
                LocalDateTime t = timestamps.get(i);
                if (start < 0 && !t.isBefore(w[0])) {
                    start = i;
                }
                if (!t.isAfter(w[1])) {
                    end = i;
                }
            }
            if (start >= 0 && end >= start) {
                out.add(new NabScorer.Window(start, end));
            }
        }
        return out;
    }

    private static JsonNode readJson(Path file) {
        try {
            return Json.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new BacktestException("cannot read " + file + " as JSON: " + e.getMessage());
        }
    }
}
