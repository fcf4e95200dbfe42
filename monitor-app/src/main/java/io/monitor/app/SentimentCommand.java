package io.monitor.app;

import io.monitor.sentiment.cli.SentimentCli;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code monitor sentiment}: the sentiment and language scorer on lines, TSV or CSV, with an evaluation mode. */
@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Scores text from a file or stdin: one row per input row, language<TAB>label<TAB>score<TAB>confidence.",
                "With --eval and gold labels it prints accuracy, macro-F1, micro-F1, macro-recall and the confusion matrix.",
                "Example: monitor sentiment --input gold.tsv --label-column 1 --text-column 2 --eval"})
final class SentimentCommand implements Callable<Integer> {
    @Option(names = "--input", paramLabel = "PATH", description = "File to read; '-' or absent: stdin.")
    String input;
    @Option(names = "--format", paramLabel = "FORMAT", description = "lines | tsv | csv (default: by file extension, else lines).")
    String format;
    @Option(names = "--header", description = "The first row is a header (implied when a column is given by name).")
    boolean header;
    @Option(names = "--text-column", paramLabel = "COL", description = "1-based index or header name of the text (default 1).")
    String textColumn;
    @Option(names = "--label-column", paramLabel = "COL", description = "1-based index or header name of the gold label.")
    String labelColumn;
    @Option(names = "--labels", paramLabel = "PATH", description = "Gold labels one per line, aligned with the input rows.")
    String labels;
    @Option(names = "--label-map", paramLabel = "SPEC",
            description = "Numeric label codes: tweeteval (0/1/2), sentiment140 (0/2/4) or '0=negative,1=neutral,...'.")
    String labelMap;
    @Option(names = "--mixed", paramLabel = "MODE",
            description = "Gold 'mixed' labels (PotTS): drop (default, excluded and counted), neutral, or keep.")
    String mixed;
    @Option(names = "--language", paramLabel = "LANG", description = "auto (default: detect per row) or an ISO 639-1 code for every row.")
    String language;
    @Option(names = "--scorer", paramLabel = "SPEC",
            description = "default | lexicon | learned | the class name of your own SentimentScorer.")
    String scorer;
    @Option(names = "--eval", description = "Print metrics instead of predictions (needs --label-column or --labels).")
    boolean eval;
    @Option(names = "--echo", description = "Append the text to each prediction row.")
    boolean echo;

    @Override
    public Integer call() {
        List<String> args = new ArrayList<>();
        add(args, "--input", input);
        add(args, "--format", format);
        add(args, "--text-column", textColumn);
        add(args, "--label-column", labelColumn);
        add(args, "--labels", labels);
        add(args, "--label-map", labelMap);
        add(args, "--mixed", mixed);
        add(args, "--language", language);
        add(args, "--scorer", scorer);
        if (header) {
            args.add("--header");
        }
        if (eval) {
            args.add("--eval");
        }
        if (echo) {
            args.add("--echo");
        }
        return SentimentCli.run(args.toArray(String[]::new), System.in, System.out, System.err);
    }

    private static void add(List<String> args, String name, String value) {
        if (value != null) {
            args.add(name);
            args.add(value);
        }
    }
}
