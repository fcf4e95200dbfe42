package io.monitor.sentiment.bench;

import com.vader.sentiment.analyzer.SentimentAnalyzer;
import io.monitor.sentiment.LanguageDetector;
import io.monitor.sentiment.LanguageDetectors;
import io.monitor.sentiment.LearnedScorer;
import io.monitor.sentiment.SentimentScorer;
import io.monitor.sentiment.SentimentScorers;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Blackhole;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/**
 * JMH throughput, one thread, of the three pipelines on the same generated German/English post mix
 * ({@link PostMix}: 10,000 posts written for this project from templates, no shared data): language detection +
 * lexicon layer, language detection + the default (learned, rule-gated) scorer, and the Java VADER port on Maven
 * Central ({@code com.github.apanimesh061:vader-sentiment-analyzer:1.0}, English-only, no detection). Each
 * benchmark invocation scores all posts once; scores are posts per second.
 *
 * <p>Not a test: Surefire never runs it (the name does not end in Test). One-line command, from {@code /work/main}:
 * <pre>
 * ./mvnw -q -o -pl monitor-sentiment test-compile dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt &amp;&amp; java -cp monitor-sentiment/target/test-classes:monitor-sentiment/target/classes:$(cat /tmp/cp.txt) org.openjdk.jmh.Main SentimentBenchmark
 * </pre>
 * Add JMH options after the class name, e.g. {@code -f 1 -wi 2 -i 3} for a quick run, {@code -prof gc} for
 * allocation per post. {@link SentimentBench} is the companion main that runs the same pipelines over the real
 * labelled sets (given by path) and prints the heap of the models.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 3)
@Measurement(iterations = 5, time = 3)
@Fork(value = 1, jvmArgs = {"-Xms1g", "-Xmx1g"})
@Threads(1)
public class SentimentBenchmark {

    static final int POSTS = 10_000;

    private String[] posts;
    private LanguageDetector detector;
    private SentimentScorer lexicon;
    private SentimentScorer learned;

    @Setup
    public void setUp() {
        posts = PostMix.generate(POSTS, 20_261_127L).toArray(new String[0]);
        detector = LanguageDetectors.defaultDetector();
        lexicon = SentimentScorers.lexiconScorer();
        learned = SentimentScorers.defaultScorer();
        if (!(learned instanceof LearnedScorer)) {
            throw new IllegalStateException("bundled weights missing: the default scorer is not the learned layer");
        }
    }

    @Benchmark
    @OperationsPerInvocation(POSTS)
    public void detectionAndLexicon(Blackhole bh) {
        for (String post : posts) {
            bh.consume(lexicon.score(post, detector.detect(post)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(POSTS)
    public void detectionAndLearned(Blackhole bh) {
        for (String post : posts) {
            bh.consume(learned.score(post, detector.detect(post)));
        }
    }

    @Benchmark
    @OperationsPerInvocation(POSTS)
    public void detectionOnly(Blackhole bh) {
        for (String post : posts) {
            bh.consume(detector.detect(post));
        }
    }

    @Benchmark
    @OperationsPerInvocation(POSTS)
    public void vaderJavaPort(Blackhole bh) {
        for (String post : posts) {
            bh.consume(vader(post));
        }
    }

    private static float vader(String text) {
        try {
            SentimentAnalyzer analyzer = new SentimentAnalyzer(text);
            analyzer.analyze();
            Float compound = analyzer.getPolarity().get("compound");
            return compound == null ? 0f : compound;
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (RuntimeException e) {
            return Float.NaN; // the port throws on some inputs (e.g. nothing left after its cleaning); counted like a result
        }
    }
}
