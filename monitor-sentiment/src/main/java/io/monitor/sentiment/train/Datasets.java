package io.monitor.sentiment.train;

import io.monitor.sentiment.eval.GoldLabel;
import io.monitor.sentiment.eval.LabelMapping;
import io.monitor.sentiment.eval.TableReader;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The labelled sets of the project's shared data directory ({@code <dir>/sentiment/{de,en}/...}) and their fixed
 * train/held-out split. Used by the training and evaluation tools only; the product never reads these files.
 *
 * <p>Split: a text is held out when the unsigned FNV-1a 64-bit hash of its UTF-16 code units, modulo 5, is 0
 * (about 20% of each set). Hashing the text rather than the line keeps duplicate texts on one side.
 */
public final class Datasets {

    /** One labelled text. */
    public record Example(String set, String text, GoldLabel gold, boolean heldOut) {}

    /** A labelled set: name, language and how to read it. */
    public record Spec(String name, String language, String path, TableReader.Format format, boolean header,
                       int textColumn, int labelColumn, String labelsPath, String labelMap) {}

    public static final List<Spec> ALL = List.of(
            new Spec("sb10k", "de", "sentiment/de/sb10k-train/corpus_label_text.tsv", TableReader.Format.TSV, false, 1, 0, null, null),
            new Spec("potts", "de", "sentiment/de/potts/corpus_label_text.tsv", TableReader.Format.TSV, false, 1, 0, null, null),
            new Spec("germeval", "de", "sentiment/de/germeval2017-dev/dev_v1.4.tsv", TableReader.Format.TSV, false, 1, 3, null, null),
            new Spec("tweeteval", "en", "sentiment/en/tweeteval-val/val_text.txt", TableReader.Format.LINES, false, 0, -1,
                    "sentiment/en/tweeteval-val/val_labels.txt", LabelMapping.TWEETEVAL),
            new Spec("sentiment140", "en", "sentiment/en/sentiment140-test/testdata.manual.2009.06.14.csv", TableReader.Format.CSV, false, 1, 0, null, LabelMapping.SENTIMENT140),
            new Spec("airline", "en", "sentiment/en/airline/tweets.csv", TableReader.Format.CSV, true, 4, 1, null, null));

    private Datasets() {}

    public static Spec spec(String name) {
        return ALL.stream().filter(s -> s.name().equals(name)).findFirst()
                .orElseThrow(() -> new IllegalArgumentException("unknown data set '" + name + "'; known: "
                        + ALL.stream().map(Spec::name).toList()));
    }

    /**
     * @param dataDir the shared data directory (holding {@code sentiment/})
     */
    public static List<Example> read(Path dataDir, Spec spec) throws IOException {
        LabelMapping mapping = LabelMapping.parse(spec.labelMap());
        List<Example> out = new ArrayList<>();
        try (BufferedReader in = Files.newBufferedReader(dataDir.resolve(spec.path()), StandardCharsets.UTF_8);
             BufferedReader labels = spec.labelsPath() == null ? null
                     : Files.newBufferedReader(dataDir.resolve(spec.labelsPath()), StandardCharsets.UTF_8)) {
            TableReader table = new TableReader(in, spec.format());
            if (spec.header()) {
                table.next();
            }
            for (List<String> row; (row = table.next()) != null; ) {
                String label = labels != null ? labels.readLine() : spec.labelColumn() < row.size() ? row.get(spec.labelColumn()) : null;
                if (label == null || spec.textColumn() >= row.size()) {
                    throw new IOException(spec.name() + " line " + table.lineNumber() + ": missing text or label");
                }
                String text = row.get(spec.textColumn());
                out.add(new Example(spec.name(), text, mapping.map(label), isHeldOut(text)));
            }
        }
        return out;
    }

    public static boolean isHeldOut(String text) {
        return Long.remainderUnsigned(hash(text), 5) == 0;
    }

    /**
     * Fold (0..folds-1) of a training text for out-of-fold predictions: the same hash modulo {@code folds}
     * (3 is coprime to 5, so the folds are independent of the held-out split).
     */
    public static int fold(String text, int folds) {
        return (int) Long.remainderUnsigned(hash(text), folds);
    }

    /** FNV-1a 64-bit over the UTF-16 code units. */
    public static long hash(String text) {
        long h = 0xcbf29ce484222325L;
        for (int i = 0; i < text.length(); i++) {
            h = (h ^ text.charAt(i)) * 0x100000001b3L;
        }
        return h;
    }
}
