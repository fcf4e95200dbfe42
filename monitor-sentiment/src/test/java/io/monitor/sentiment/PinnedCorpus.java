package io.monitor.sentiment;

import io.monitor.core.model.Sentiment;
import io.monitor.sentiment.bench.PostMix;
import io.monitor.sentiment.lexicon.Lexicons;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.zip.GZIPOutputStream;

/**
 * A fixed synthetic corpus that reaches every path of language detection and scoring, and the outputs recorded
 * for it, so that speed work can prove it changed no output ({@code OutputsPinnedTest}).
 *
 * <p>The texts are generated, never read from a data set: the {@link PostMix} templates, plus "word soup" drawn
 * with a fixed seed from the bundled lexicons (sorted, so the draw is stable), function words of several languages,
 * negators, boosters, contrast words, emoji, emoticons, camel-case hashtags, handles, URLs, numbers, elongations,
 * ALL CAPS, umlauts and ß, typographic apostrophes, German compounds, words in other scripts, and edge cases (empty,
 * blank, one letter, longer than {@link LexiconScorer#MAX_CHARS}, a surrogate pair at the cut).
 *
 * <p>{@link #main} writes the pinned outputs; it was run once on the implementation before the speed-up (commit
 * cbd7da9). Re-run it only when an output change is intended, and say so in the commit:
 * <pre>
 *   java -cp monitor-sentiment/target/test-classes:monitor-sentiment/target/classes:$(cat /tmp/cp.txt) \
 *        io.monitor.sentiment.PinnedCorpus monitor-sentiment/src/test/resources/io/monitor/sentiment/pinned-outputs.tsv.gz
 * </pre>
 */
public final class PinnedCorpus {

    /** Classpath resource of the recorded outputs. */
    static final String RESOURCE = "/io/monitor/sentiment/pinned-outputs.tsv.gz";
    static final long SEED = 20_261_127L;
    static final int POSTS = 3_000;
    static final int SOUPS = 5_000;

    private static final String[] FUNCTION = {
            "der", "die", "das", "und", "ist", "nicht", "kein", "keine", "aber", "sehr", "total", "etwas", "kaum", "mir",
            "ich", "wir", "the", "and", "is", "not", "no", "never", "isn't", "don't", "didn’t", "but", "very", "so",
            "at", "all", "really", "kind", "of", "het", "een", "niet", "le", "la", "est", "pas", "très", "el", "los",
            "muy", "pero", "il", "che", "non", "più", "os", "não", "você", "für", "nix", "danke", "thanks", "great",
            "toll", "super", "gefällt", "funktioniert", "leider", "nie", "net", "ned", "niemals", "nich", "problem",
            "bad", "good", "gut", "schlecht"};
    private static final String[] SYMBOLS = {
            "😂", "😡", "😍", "🙄", "👍", "🔥", "😭", "❤️", "🤦‍♂️", "👍🏽", "🇩🇪", "™", "☀", "⭐", ":)", ":-(", ";-)", "<3",
            ":D", ":'(", ":P", "xD", "^^", "8)", ":/", "!!!", "?!", "!!!11", "‼", "⁉", "¿", "...", "…", ",", ";", ":",
            "(", ")", "\"", "„", "“", "”", "–", "—", "|", "-", "&", "%", "€", "$", "*", "/", "\\"};
    private static final String[] OTHER = {
            "Привет как дела", "Καλημέρα σας", "مرحبا كيف حالك", "今日はいい天気ですね", "안녕하세요", "Merhaba nasılsın",
            "Bonjour tout le monde, c'est magnifique", "Hola amigos, qué tal el día", "Ciao a tutti, che bella giornata",
            "Goedemorgen allemaal, wat een mooie dag", "Bom dia a todos, que dia lindo", "Hej allihopa, vilken fin dag",
            "Dzień dobry wszystkim", "Selamat pagi semuanya", "Cześć, jak się masz?"};
    private static final String[] URLS = {"https://t.co/x7Gh2Kq9", "http://example.org/a?b=c", "www.example.de/info",
            "HTTPS://EXAMPLE.COM", "Www.test.de"};

    private PinnedCorpus() {}

    /** The corpus: always the same texts in the same order. */
    static List<String> texts() {
        List<String> out = new ArrayList<>(PostMix.generate(POSTS, SEED));
        Lexicons lexicons = Lexicons.bundled();
        String[] de = new TreeSet<>(lexicons.german().words()).toArray(new String[0]);
        String[] en = new TreeSet<>(lexicons.english().words()).toArray(new String[0]);
        Random r = new Random(SEED);
        for (int i = 0; i < SOUPS; i++) {
            out.add(soup(r, de, en));
        }
        out.add("");
        out.add("   ");
        out.add("a");
        out.add("Ä");
        out.add("!!!");
        out.add("@nordbahn #fail https://t.co/x 42");
        out.add("gut ".repeat(1_200));
        out.add("x".repeat(LexiconScorer.MAX_CHARS - 1) + "😂 schlecht");
        out.add("Das ist nicht gut. " + "Wirklich nicht gut! ".repeat(300));
        out.add("NOT BAD AT ALL");
        out.add("guuuuuut sooooo schööööön");
        out.add("Verspätungskatastrophe Megastau Zugausfall Scheißwetter Superservice");
        return out;
    }

    private static String soup(Random r, String[] de, String[] en) {
        int words = r.nextInt(10) == 0 ? 30 + r.nextInt(50) : 1 + r.nextInt(25);
        int flavour = r.nextInt(3); // 0 German-heavy, 1 English-heavy, 2 mixed
        StringBuilder sb = new StringBuilder();
        for (int w = 0; w < words; w++) {
            if (sb.length() > 0 && r.nextInt(12) != 0) {
                sb.append(r.nextInt(15) == 0 ? "  " : r.nextInt(40) == 0 ? "\n" : " ");
            }
            int kind = r.nextInt(100);
            String word;
            if (kind < 35) {
                String[] lex = flavour == 0 ? de : flavour == 1 ? en : (r.nextBoolean() ? de : en);
                word = lex[r.nextInt(lex.length)];
            } else if (kind < 60) {
                word = FUNCTION[r.nextInt(FUNCTION.length)];
            } else if (kind < 70) {
                word = SYMBOLS[r.nextInt(SYMBOLS.length)];
            } else if (kind < 74) {
                word = "#" + camel(de[r.nextInt(de.length)]) + (r.nextBoolean() ? camel(en[r.nextInt(en.length)]) : "")
                        + (r.nextInt(4) == 0 ? "_" + r.nextInt(100) : "");
            } else if (kind < 77) {
                word = "@" + (r.nextBoolean() ? "nordbahn" : "Some_User" + r.nextInt(10));
            } else if (kind < 79) {
                word = URLS[r.nextInt(URLS.length)];
            } else if (kind < 81) {
                word = r.nextBoolean() ? String.valueOf(r.nextInt(10_000)) : r.nextInt(10) + "u";
            } else if (kind < 84) {
                word = de[r.nextInt(de.length)] + de[r.nextInt(de.length)]; // a compound
            } else if (kind < 86) {
                word = OTHER[r.nextInt(OTHER.length)];
            } else {
                word = FUNCTION[r.nextInt(FUNCTION.length)];
            }
            int style = r.nextInt(20);
            if (style == 0) {
                word = word.toUpperCase(java.util.Locale.ROOT);
            } else if (style == 1) {
                word = camel(word);
            } else if (style == 2 && word.length() > 2) {
                int at = 1 + r.nextInt(word.length() - 1);
                word = word.substring(0, at) + String.valueOf(word.charAt(at - 1)).repeat(2 + r.nextInt(5)) + word.substring(at);
            } else if (style == 3) {
                word = word.replace("ae", "ä").replace("oe", "ö").replace("ue", "ü").replace("ss", "ß");
            } else if (style == 4) {
                word = word.replace('\'', '’');
            }
            sb.append(word);
            if (r.nextInt(8) == 0) {
                sb.append(SYMBOLS[r.nextInt(SYMBOLS.length)]);
            }
        }
        return sb.toString();
    }

    private static String camel(String w) {
        return w.isEmpty() ? w : Character.toUpperCase(w.charAt(0)) + w.substring(1);
    }

    /** One output line: what every pinned pipeline says about text {@code i}. */
    static String line(int i, String language, Sentiment lexicon, Sentiment learned) {
        return i + "\t" + language + "\t" + format(lexicon) + "\t" + format(learned);
    }

    static String format(Sentiment s) {
        return s.label() + " " + s.score() + " " + s.confidence();
    }

    /** Writes the outputs of the current implementation to the given gzip file. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args[0]);
        LanguageDetector detector = LanguageDetectors.defaultDetector();
        SentimentScorer lexicon = SentimentScorers.lexiconScorer();
        SentimentScorer learned = SentimentScorers.create(SentimentScorers.DEFAULT);
        List<String> texts = texts();
        try (Writer w = new OutputStreamWriter(new GZIPOutputStream(Files.newOutputStream(out)), StandardCharsets.UTF_8)) {
            w.write("# outputs of the default language detector, the lexicon scorer and the default scorer on PinnedCorpus.texts()"
                    + " (generated, no data set); recorded by PinnedCorpus.main before the speed-up (commit cbd7da9)\n");
            for (int i = 0; i < texts.size(); i++) {
                String t = texts.get(i);
                String language = detector.detect(t);
                w.write(line(i, language, lexicon.score(t, language), learned.score(t, language)));
                w.write('\n');
            }
        }
        System.out.println("wrote " + texts.size() + " outputs to " + out.toAbsolutePath());
    }
}
