package io.monitor.sentiment.cli;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.sentiment.eval.Confusion;
import io.monitor.sentiment.eval.GoldLabel;
import io.monitor.sentiment.eval.LabelMapping;
import io.monitor.sentiment.eval.TableReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code monitor sentiment}: scores lines of text, or a text column of TSV/CSV, from a file or stdin and writes
 * {@code language<TAB>label<TAB>score<TAB>confidence} per input row; with {@code --eval} and gold labels it prints
 * accuracy, macro-F1, micro-F1, macro-recall, F1-PN and the confusion matrix instead.
 *
 * <p>Entry points: {@link #run(String[], InputStream, PrintStream, PrintStream)} parses the options below
 * (what a picocli command can pass through 1:1), {@link #run(Options, InputStream, PrintStream, PrintStream)} takes
 * them already parsed. Both return the process exit code: 0 ok, 1 some rows could not be read (each reported on
 * stderr with its line number), 2 usage or input error (message on stderr, no stack trace).
 *
 * <pre>
 *   --input PATH          file to read; "-" or absent: stdin
 *   --format FORMAT       lines | tsv | csv (default: by file extension .tsv/.csv, else lines)
 *   --header              the first row is a header (implied when a column is given by name)
 *   --text-column COL     1-based index or header name of the text (default 1; lines: the whole line)
 *   --label-column COL    1-based index or header name of the gold label
 *   --labels PATH         gold labels one per line, aligned with the input rows (TweetEval layout)
 *   --label-map SPEC      numeric label codes: "tweeteval" (0/1/2), "sentiment140" (0/2/4) or "0=negative,..."
 *   --mixed MODE          gold "mixed" (PotTS): drop (default, excluded and counted), neutral, or keep (always wrong)
 *   --language LANG       auto (default: detect per row) or an ISO 639-1 code used for every row
 *   --scorer SPEC         default | lexicon | learned | fully qualified SentimentScorer class name
 *   --eval                print metrics instead of predictions (needs --label-column or --labels)
 *   --echo                append the text to each prediction row
 * </pre>
 */
public final class SentimentCli {

    /** Parsed options; see the class comment for their meaning. */
    public record Options(Path input, TableReader.Format format, boolean header, String textColumn,
                          String labelColumn, Path labels, String labelMap, String mixed, String language,
                          String scorer, boolean eval, boolean echo) {

        public Options {
            mixed = mixed == null ? "drop" : mixed.toLowerCase(Locale.ROOT);
            if (!List.of("drop", "neutral", "keep").contains(mixed)) {
                throw new IllegalArgumentException("--mixed must be drop, neutral or keep, was '" + mixed + "'");
            }
            language = language == null || language.isBlank() ? "auto" : language.strip();
            scorer = scorer == null || scorer.isBlank() ? SentimentScorers.DEFAULT : scorer.strip();
            if (eval && labelColumn == null && labels == null) {
                throw new IllegalArgumentException("--eval needs gold labels: give --label-column or --labels");
            }
            if (labelColumn != null && labels != null) {
                throw new IllegalArgumentException("give either --label-column or --labels, not both");
            }
        }
    }

    private SentimentCli() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        Options options;
        try {
            options = parse(args);
        } catch (IllegalArgumentException e) {
            err.println("monitor sentiment: " + e.getMessage());
            err.println(usage());
            return 2;
        }
        if (options == null) {
            out.println(usage());
            return 0;
        }
        return run(options, stdin, out, err);
    }

    public static String usage() {
        return """
                Usage: monitor sentiment [--input PATH] [--format lines|tsv|csv] [--header] [--text-column COL]
                                         [--label-column COL | --labels PATH] [--label-map SPEC] [--mixed drop|neutral|keep]
                                         [--language auto|de|en|...] [--scorer default|lexicon|learned|CLASS] [--eval] [--echo]
                Writes language, label, score, confidence per row (tab-separated); --eval prints metrics instead.""";
    }

    static Options parse(String[] args) {
        Path input = null;
        TableReader.Format format = null;
        boolean header = false;
        String textColumn = null;
        String labelColumn = null;
        Path labels = null;
        String labelMap = null;
        String mixed = null;
        String language = null;
        String scorer = null;
        boolean eval = false;
        boolean echo = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            String value = null;
            int eq = a.indexOf('=');
            if (a.startsWith("--") && eq > 0) {
                value = a.substring(eq + 1);
                a = a.substring(0, eq);
            }
            switch (a) {
                case "-h", "--help" -> {
                    return null;
                }
                case "--header" -> header = true;
                case "--eval" -> eval = true;
                case "--echo" -> echo = true;
                case "-i", "--input", "--format", "--text-column", "--label-column", "--labels", "--label-map",
                        "--mixed", "--language", "--scorer" -> {
                    if (value == null) {
                        if (i + 1 >= args.length) {
                            throw new IllegalArgumentException(a + " needs a value");
                        }
                        value = args[++i];
                    }
                    switch (a) {
                        case "-i", "--input" -> input = value.equals("-") ? null : Path.of(value);
                        case "--format" -> format = TableReader.Format.parse(value);
                        case "--text-column" -> textColumn = value;
                        case "--label-column" -> labelColumn = value;
                        case "--labels" -> labels = Path.of(value);
                        case "--label-map" -> labelMap = value;
                        case "--mixed" -> mixed = value;
                        case "--language" -> language = value;
                        default -> scorer = value;
                    }
                }
                default -> throw new IllegalArgumentException("unknown option '" + args[i] + "'");
            }
        }
        return new Options(input, format, header, textColumn, labelColumn, labels, labelMap, mixed, language, scorer,
                eval, echo);
    }

    public static int run(Options options, InputStream stdin, PrintStream out, PrintStream err) {
        try {
            return new Session(options, out, err).run(stdin);
        } catch (NoSuchFileException e) {
            err.println("monitor sentiment: no such file: " + e.getFile());
            return 2;
        } catch (IOException | RuntimeException e) {
            err.println("monitor sentiment: " + e.getMessage());
            return 2;
        }
    }

    private static final class Session {
        private static final int MAX_ROW_ERRORS_SHOWN = 20;

        private final Options o;
        private final PrintStream out;
        private final PrintStream err;
        private final SentimentScorer scorer;
        private final LanguageDetector detector;
        private final LabelMapping mapping;
        private final Confusion confusion = new Confusion();
        private final Map<String, Integer> languages = new TreeMap<>();
        private int rowErrors;
        private int droppedMixed;
        private int rows;

        Session(Options o, PrintStream out, PrintStream err) {
            this.o = o;
            this.out = out;
            this.err = err;
            this.scorer = SentimentScorers.create(o.scorer());
            this.detector = o.language().equalsIgnoreCase("auto") ? LanguageDetectors.defaultDetector() : null;
            this.mapping = LabelMapping.parse(o.labelMap());
        }

        int run(InputStream stdin) throws IOException {
            TableReader.Format format = o.format() != null ? o.format() : formatOf(o.input());
            BufferedReader reader = o.input() == null
                    ? new BufferedReader(new InputStreamReader(stdin, StandardCharsets.UTF_8))
                    : Files.newBufferedReader(o.input(), StandardCharsets.UTF_8);
            BufferedReader labelReader = o.labels() == null ? null : Files.newBufferedReader(o.labels(), StandardCharsets.UTF_8);
            try (reader) {
                TableReader table = new TableReader(reader, format);
                boolean header = o.header() || isName(o.textColumn()) || isName(o.labelColumn());
                List<String> headerRow = null;
                if (header) {
                    headerRow = table.next();
                    if (headerRow == null) {
                        throw new IllegalArgumentException("input is empty, expected a header row");
                    }
                }
                int textIndex = format == TableReader.Format.LINES ? 0 : column(o.textColumn() == null ? "1" : o.textColumn(), headerRow, "--text-column");
                int labelIndex = o.labelColumn() == null ? -1 : column(o.labelColumn(), headerRow, "--label-column");
                long start = System.nanoTime();
                for (List<String> row; (row = table.next()) != null; ) {
                    String goldRaw = null;
                    if (labelReader != null) {
                        goldRaw = labelReader.readLine();
                        if (goldRaw == null) {
                            throw new IllegalArgumentException("--labels " + o.labels() + " has fewer lines than the input (ran out at input line " + table.lineNumber() + ")");
                        }
                    }
                    if (textIndex >= row.size() || (labelIndex >= 0 && labelIndex >= row.size())) {
                        rowError(table.lineNumber(), "has " + row.size() + " column(s), expected at least "
                                + (Math.max(textIndex, labelIndex) + 1) + " (check --format and the column options)");
                        continue;
                    }
                    if (labelIndex >= 0) {
                        goldRaw = row.get(labelIndex);
                    }
                    process(row.get(textIndex), goldRaw, table.lineNumber());
                }
                long nanos = System.nanoTime() - start;
                if (o.eval()) {
                    printReport(nanos);
                }
            } finally {
                if (labelReader != null) {
                    labelReader.close();
                }
            }
            if (rowErrors > 0) {
                err.println("monitor sentiment: " + rowErrors + " row(s) could not be read; see the messages above");
                return 1;
            }
            return 0;
        }

        private void process(String text, String goldRaw, long line) {
            GoldLabel gold = null;
            if (goldRaw != null) {
                gold = mapping.map(goldRaw);
                if (gold == GoldLabel.MIXED) {
                    switch (o.mixed()) {
                        case "drop" -> {
                            droppedMixed++;
                            return;
                        }
                        case "neutral" -> gold = GoldLabel.NEUTRAL;
                        default -> { }
                    }
                }
            }
            rows++;
            String language = detector == null ? o.language() : detector.detect(text);
            Sentiment s = scorer.score(text, language);
            if (o.eval()) {
                confusion.add(gold, GoldLabel.of(s.label()));
                languages.merge(language, 1, Integer::sum);
                return;
            }
            StringBuilder sb = new StringBuilder(64);
            sb.append(language).append('\t').append(s.label().name().toLowerCase(Locale.ROOT)).append('\t')
                    .append(String.format(Locale.ROOT, "%.4f\t%.4f", s.score(), s.confidence()));
            if (gold != null) {
                sb.append('\t').append(gold.lower());
            }
            if (o.echo()) {
                sb.append('\t').append(text.replace('\t', ' ').replace('\n', ' ').replace('\r', ' '));
            }
            out.println(sb);
        }

        private void rowError(long line, String message) {
            rowErrors++;
            if (rowErrors <= MAX_ROW_ERRORS_SHOWN) {
                err.println("monitor sentiment: line " + line + " " + message);
            }
        }

        private void printReport(long nanos) {
            out.print(confusion.format());
            if (droppedMixed > 0) {
                out.println("  mixed gold labels dropped: " + droppedMixed);
            }
            StringBuilder langs = new StringBuilder("  languages detected:");
            languages.entrySet().stream()
                    .sorted((a, b) -> b.getValue() - a.getValue())
                    .limit(8)
                    .forEach(e -> langs.append(' ').append(e.getKey()).append('=').append(e.getValue()));
            out.println(langs);
            double seconds = nanos / 1e9;
            out.printf(Locale.ROOT, "  scored %d texts in %.2f s (%.0f texts/s, language detection included, one thread, cold JVM)%n",
                    rows, seconds, rows / Math.max(seconds, 1e-9));
        }

        private static TableReader.Format formatOf(Path input) {
            if (input == null) {
                return TableReader.Format.LINES;
            }
            String name = input.getFileName().toString().toLowerCase(Locale.ROOT);
            return name.endsWith(".tsv") ? TableReader.Format.TSV
                    : name.endsWith(".csv") ? TableReader.Format.CSV : TableReader.Format.LINES;
        }

        private static boolean isName(String column) {
            return column != null && !column.chars().allMatch(Character::isDigit);
        }

        private static int column(String spec, List<String> header, String option) {
            if (!isName(spec)) {
                int index = Integer.parseInt(spec);
                if (index < 1) {
                    throw new IllegalArgumentException(option + " is 1-based, was " + spec);
                }
                return index - 1;
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i).strip();
                if (name.equalsIgnoreCase(spec)) {
                    return i;
                }
                names.add(name);
            }
            throw new IllegalArgumentException(option + " '" + spec + "' is not in the header; columns are " + names);
        }
    }
}
