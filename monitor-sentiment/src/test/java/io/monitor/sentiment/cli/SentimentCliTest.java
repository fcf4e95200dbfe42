package io.monitor.sentiment.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** The CLI on small hand-written inputs. */
class SentimentCliTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String stdin, String... args) {
        InputStream in = new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8));
        return SentimentCli.run(args, in, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String out() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String err() {
        return err.toString(StandardCharsets.UTF_8);
    }

    private Path file(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content, StandardCharsets.UTF_8);
        return p;
    }

    @Test
    void linesFromStdinGetLanguageLabelScoreAndConfidence() {
        int code = run("Danke für nix, @DB_Bahn\nI love this phone, it is great!\n", "--scorer", "lexicon");
        assertThat(code).isZero();
        String[] lines = out().split("\n");
        assertThat(lines).hasSize(2);
        assertThat(lines[0]).matches("de\tnegative\t-0\\.\\d{4}\t\\d\\.\\d{4}");
        assertThat(lines[1]).matches("en\tpositive\t0\\.\\d{4}\t\\d\\.\\d{4}");
    }

    @Test
    void aCsvWithHeaderIsReadByColumnNameAndEchoesText() throws IOException {
        Path csv = file("posts.csv", "id,text\n1,\"Super Service, danke!\"\n2,\"Totaler Mist,\nnie wieder\"\n");
        int code = run("", "--input", csv.toString(), "--text-column", "text", "--echo", "--scorer", "lexicon", "--language", "de");
        assertThat(code).isZero();
        assertThat(out()).contains("de\tpositive\t", "\tSuper Service, danke!", "de\tnegative\t", "\tTotaler Mist, nie wieder");
    }

    @Test
    void evalPrintsTheMeasuresAndTheConfusionMatrix() throws IOException {
        Path tsv = file("gold.tsv", """
                positive\tDas ist wirklich super, danke!
                negative\tDas ist furchtbar, nie wieder.
                neutral\tDer Zug fährt um zehn Uhr.
                mixed\tGutes Essen, mieser Service.
                """);
        int code = run("", "--input", tsv.toString(), "--label-column", "1", "--text-column", "2", "--eval", "--scorer", "lexicon");
        assertThat(code).isZero();
        assertThat(out()).contains("n=3", "accuracy=", "macro-F1=", "micro-F1=", "macro-recall=", "confusion",
                "mixed gold labels dropped: 1", "languages detected: de=3");
    }

    @Test
    void mixedCanBeCountedAsNeutralOrKept() throws IOException {
        Path tsv = file("gold.tsv", "mixed\tGutes Essen, mieser Service.\npositive\tToll!\n");
        run("", "--input", tsv.toString(), "--label-column", "1", "--text-column", "2", "--eval", "--mixed", "neutral", "--scorer", "lexicon");
        assertThat(out()).contains("n=2").doesNotContain("dropped");
        out.reset();
        run("", "--input", tsv.toString(), "--label-column", "1", "--text-column", "2", "--eval", "--mixed", "keep", "--scorer", "lexicon");
        assertThat(out()).contains("n=2", "mixed  ");
    }

    @Test
    void labelsMayComeFromAnAlignedFileWithANumericMapping() throws IOException {
        Path text = file("text.txt", "I hate delays\nwhat a lovely crew\n");
        Path labels = file("labels.txt", "0\n2\n");
        int code = run("", "--input", text.toString(), "--labels", labels.toString(), "--label-map", "tweeteval", "--eval", "--scorer", "lexicon");
        assertThat(code).isZero();
        assertThat(out()).contains("n=2", "accuracy=1.0000");
    }

    @Test
    void aNumericLabelWithoutMappingIsAUsageErrorSayingWhatToDo() throws IOException {
        Path csv = file("s140.csv", "4,\"I love it\"\n");
        int code = run("", "--input", csv.toString(), "--label-column", "1", "--text-column", "2", "--eval");
        assertThat(code).isEqualTo(2);
        assertThat(err()).contains("--label-map").doesNotContain("Exception");
    }

    @Test
    void aRowWithoutTheTextColumnIsReportedWithItsLineAndTheRestIsScored() throws IOException {
        Path tsv = file("broken.tsv", "positive\tgut\nnegative\npositive\tsuper\n");
        int code = run("", "--input", tsv.toString(), "--label-column", "1", "--text-column", "2", "--scorer", "lexicon", "--language", "de");
        assertThat(code).isEqualTo(1);
        assertThat(err()).contains("line 2", "1 row(s) could not be read");
        assertThat(out().split("\n")).hasSize(2);
    }

    @Test
    void usageErrorsSayWhatToFix() throws IOException {
        assertThat(run("", "--bogus")).isEqualTo(2);
        assertThat(err()).contains("unknown option '--bogus'", "Usage:");
        err.reset();
        assertThat(run("", "--eval")).isEqualTo(2);
        assertThat(err()).contains("--eval needs gold labels");
        err.reset();
        assertThat(run("", "--input", dir.resolve("missing.txt").toString())).isEqualTo(2);
        assertThat(err()).contains("no such file");
        err.reset();
        Path csv = file("h.csv", "a,b\n1,2\n");
        assertThat(run("", "--input", csv.toString(), "--text-column", "text")).isEqualTo(2);
        assertThat(err()).contains("'text' is not in the header", "[a, b]");
        err.reset();
        assertThat(run("x\n", "--scorer", "com.example.Nope")).isEqualTo(2);
        assertThat(err()).contains("com.example.Nope", "not found");
    }

    @Test
    void helpPrintsUsage() {
        assertThat(run("", "--help")).isZero();
        assertThat(out()).contains("Usage: monitor sentiment");
    }
}
