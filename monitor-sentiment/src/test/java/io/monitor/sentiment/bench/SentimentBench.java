package io.monitor.sentiment.bench;

import com.vader.sentiment.analyzer.SentimentAnalyzer;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.LearnedScorer;
import io.monitor.sentiment.LexiconScorer;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import io.monitor.sentiment.lexicon.Lexicons;
import io.monitor.sentiment.train.Datasets;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.ToIntFunction;

/**
 * Single-threaded throughput of language detection and scoring on a realistic German/English mix, plus the heap
 * the models take. A benchmark, not a test: run it by hand on a quiet machine.
 *
 * <pre>
 *   cd /work/main &amp;&amp; ./mvnw -q -o -pl monitor-sentiment test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
 *   java -Xms1g -Xmx1g -cp monitor-sentiment/target/test-classes:monitor-sentiment/target/classes:$(cat /tmp/cp.txt) \
 *        io.monitor.sentiment.bench.SentimentBench ../shared/data [seconds-per-case, default 5]
 * </pre>
 *
 * <p>The mix: all texts of the six labelled sets (German: SB10k, PotTS, GermEval 2017 dev; English: TweetEval val,
 * Sentiment140 test, airline), German and English alternating, cut to 280 characters like a post. Each case runs
 * one warm-up period, then five measured periods; the median is reported. VADER is the Java port on Maven Central
 * ({@code com.github.apanimesh061:vader-sentiment-analyzer:1.0}), English-only, given the same texts.
 *
 * <p>{@link SentimentBenchmark} is the JMH benchmark of the same pipelines on a generated post mix (no data needed);
 * {@link SentimentCompareBench} runs two builds side by side (e.g. the installed jar against {@code target/classes}),
 * checks that their outputs are identical on the labelled sets and gives the speed ratio measured in alternating slices,
 * which stays meaningful on a busy machine where absolute rates do not.
 * Rates here are per CPU-second of the measuring thread, which keeps them comparable on a shared, busy machine.
 */
public final class SentimentBench {

    public static void main(String[] args) throws IOException {
        Path data = Path.of(args.length > 0 ? args[0] : "../shared/data");
        double seconds = args.length > 1 ? Double.parseDouble(args[1]) : 5;

        long heap0 = usedHeap();
        Lexicons.bundled();
        LexiconScorer lexicon = LexiconScorer.bundled();
        long heap1 = usedHeap();
        LanguageDetector detector = LanguageDetectors.defaultDetector();
        detector.detect("warm up the fallback: Kaffee Tee Wasser");
        long heap2 = usedHeap();
        SentimentScorer learned = SentimentScorers.defaultScorer();
        long heap3 = usedHeap();
        if (!(learned instanceof LearnedScorer)) {
            throw new IllegalStateException("bundled weights missing");
        }

        List<String> de = new ArrayList<>();
        List<String> en = new ArrayList<>();
        for (Datasets.Spec spec : Datasets.ALL) {
            for (Datasets.Example ex : Datasets.read(data, spec)) {
                String t = ex.text().length() > 280 ? ex.text().substring(0, 280) : ex.text();
                (spec.language().equals("de") ? de : en).add(t);
            }
        }
        int n = Math.min(de.size(), en.size());
        String[] mix = new String[2 * n];
        for (int i = 0; i < n; i++) {
            mix[2 * i] = de.get(i);
            mix[2 * i + 1] = en.get(i);
        }
        String[] languages = new String[mix.length];
        for (int i = 0; i < mix.length; i++) {
            languages[i] = detector.detect(mix[i]);
        }
        System.out.printf(Locale.ROOT, "texts: %d (%d German, %d English, alternating), mean length %.0f chars%n",
                mix.length, n, n, Arrays.stream(mix).mapToInt(String::length).average().orElse(0));
        System.out.printf(Locale.ROOT, "heap: lexicons+rules %.1f MB, language detector %.1f MB, learned weights %.1f MB (used heap after GC)%n",
                (heap1 - heap0) / 1e6, (heap2 - heap1) / 1e6, (heap3 - heap2) / 1e6);

        int[] index = {0};
        run("language detection only", seconds, mix, t -> detector.detect(t).length());
        run("lexicon layer only (language given)", seconds, mix, t -> lexicon.score(t, languages[index[0]++ % languages.length]).label().ordinal());
        run("detection + lexicon layer", seconds, mix, t -> lexicon.score(t, detector.detect(t)).label().ordinal());
        run("detection + learned layer (default)", seconds, mix, t -> learned.score(t, detector.detect(t)).label().ordinal());
        run("VADER Java port (no detection)", seconds, mix, SentimentBench::vader);
    }

    private static int vader(String text) {
        try {
            SentimentAnalyzer analyzer = new SentimentAnalyzer(text);
            analyzer.analyze();
            Float compound = analyzer.getPolarity().get("compound");
            return compound == null ? 0 : compound > 0.05 ? 2 : compound < -0.05 ? 0 : 1;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            return -1; // the port throws on some inputs (e.g. empty after cleaning); counted like a result
        }
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /**
     * Rates are per second of this thread's CPU time (ThreadMXBean), so other processes competing for the cores
     * do not lower them; wall-clock rates are printed beside them for reference.
     */
    private static void run(String name, double seconds, String[] texts, ToIntFunction<String> op) {
        long sink = 0;
        double[] rates = new double[5];
        double[] wall = new double[5];
        for (int round = -1; round < rates.length; round++) {
            long start = System.nanoTime();
            long cpuStart = THREADS.getCurrentThreadCpuTime();
            long deadline = start + (long) (seconds * 1e9);
            long done = 0;
            int i = 0;
            while (System.nanoTime() < deadline) {
                for (int k = 0; k < 1000; k++) {
                    sink += op.applyAsInt(texts[i]);
                    if (++i == texts.length) {
                        i = 0;
                    }
                }
                done += 1000;
            }
            double rate = done / ((THREADS.getCurrentThreadCpuTime() - cpuStart) / 1e9);
            if (round >= 0) {
                rates[round] = rate;
                wall[round] = done / ((System.nanoTime() - start) / 1e9);
            }
        }
        Arrays.sort(rates);
        Arrays.sort(wall);
        System.out.printf(Locale.ROOT, "%-40s %,10.0f texts/CPU-s (median of 5; min %,.0f, max %,.0f; wall-clock median %,.0f/s)  [%d]%n",
                name, rates[2], rates[0], rates[4], wall[2], sink % 10);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        for (int i = 0; i < 3; i++) {
            System.gc();
        }
        return rt.totalMemory() - rt.freeMemory();
    }

    private SentimentBench() {}

}
